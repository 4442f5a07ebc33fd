"""Form pieces every admin form shares (WTForms).

Each field keeps what was typed: on a validation error the page shows the raw text
again, never a cleaned-up or emptied value. Messages say what is wrong and what to type.
"""
from __future__ import annotations

import re
from decimal import Decimal

from mongoengine import EmailField as _MongoEmailField
from mongoengine.errors import ValidationError as MongoValidationError
from wtforms import Form
from wtforms.fields import (
    DateTimeLocalField,
    Field,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError
from wtforms.widgets import TextArea

from data.core.common import clean_url, make_slug, readable_url
from data.core.markdown import markdown_problem

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_EMAIL_RULE = _MongoEmailField()
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})$")


def strip(value):
    return value.strip() if isinstance(value, str) else value


def safe_url(form, field):
    """Only http:// and https:// links, on one line: no javascript:, data:, file: and friends.
    Saved as data.core.common.clean_url makes it (an international host in its ASCII form)."""
    if field.data:
        try:
            field.data = clean_url(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if len(field.data) > field.max_length:
            raise ValidationError(f"Written out for the web the address is {len(field.data):,} characters "
                                  f"long; at most {field.max_length:,}, please.")


def email_address(form, field):
    """The same rule the database applies (MongoEngine's EmailField), explained in words."""
    if field.data:
        try:
            _EMAIL_RULE.validate(field.data)
        except MongoValidationError:
            raise ValidationError("That does not look like an email address (name@example.com).") from None


def renderable_markdown(form, field):
    """Markdown small and plain enough to render in well under a second (data/core/markdown.py)."""
    problem = markdown_problem(field.data)
    if problem:
        raise ValidationError(problem)


class URLField(StringField):
    """A link limited to http and https (the same rule as data.core.common.SafeURLField)."""

    def __init__(self, label=None, validators=None, max_length=2000, required=False, **kwargs):
        first = InputRequired(message=f"Please give the {label.lower()} (https://…).") if required else Optional()
        validators = [first, Length(max=max_length), safe_url, *(validators or [])]
        kwargs.setdefault("filters", [strip])
        kwargs.setdefault("render_kw", {"type": "url", "inputmode": "url"})
        super().__init__(label, validators, **kwargs)
        self.max_length = max_length

    def _value(self):
        if self.errors:
            return self.data or ""  # as typed (trimmed): clean_url only replaces it once it passes
        return readable_url(self.data)  # bücher.example, not xn--bcher-kva.example


class SlugField(StringField):
    """Part of a page address. Left blank, it is made from ``source`` (the title or name) on save."""

    def __init__(self, label="Address (slug)", source="title", max_length=80, **kwargs):
        self.source = source
        kwargs.setdefault("description", f"Lower-case letters, digits and dashes. Leave it blank to make "
                                         f"one from the {source}.")
        validators = [Optional(), Length(max=max_length),
                      Regexp(SLUG_PATTERN, message="Use only lower-case letters, digits and single "
                                                   "dashes between them, like my-first-episode.")]
        super().__init__(label, validators, filters=[strip], **kwargs)
        self.max_length = max_length

    def fill_from(self, form) -> None:
        """Blank slug: make one from the source field, and show it in the form."""
        if not self.data:
            self.data = make_slug(form[self.source].data or "", max_length=self.max_length)
            self.raw_data = [self.data]


class DurationField(StringField):
    """A length typed as 1:02:03, 62:03 or plain seconds; data is whole seconds."""

    def __init__(self, label="Length", **kwargs):
        kwargs.setdefault("description", "h:mm:ss, mm:ss or seconds.")
        super().__init__(label, filters=[strip], **kwargs)

    def process_formdata(self, valuelist):
        self.data = 0
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            return
        if text.isascii() and text.isdigit() and len(text) <= 7:
            self.data = int(text)
            return
        match = _CLOCK.match(text)
        if not match or int(match.group(3)) > 59 or (match.group(1) and int(match.group(2)) > 59):
            raise ValueError("Type a length like 1:02:03, 45:10 or 2710 (seconds).")
        hours, minutes, seconds = (int(part or 0) for part in match.groups())
        self.data = hours * 3600 + minutes * 60 + seconds

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        seconds = int(self.data or 0)
        hours, rest = divmod(seconds, 3600)
        minutes, secs = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}" if seconds else ""


class ListTextField(StringField):
    """A list typed as text: "python, testing, web" -> ["python", "testing", "web"]."""

    def __init__(self, label=None, validators=None, separator=",", item_max=60, max_items=50, **kwargs):
        self.separator = separator
        self.item_max = item_max
        self.max_items = max_items
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        text = valuelist[0] if valuelist else ""
        self.data = []
        for item in text.split(self.separator):
            item = item.strip()
            if item and item not in self.data:
                self.data.append(item)

    def pre_validate(self, form):
        too_long = [item for item in self.data or () if len(item) > self.item_max]
        if too_long:
            raise ValidationError(f"Each entry can be at most {self.item_max} characters; "
                                  f"“{too_long[0][:30]}…” is longer.")
        if len(self.data or ()) > self.max_items:
            raise ValidationError(f"At most {self.max_items} entries, please.")

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.separator} ".join(self.data or [])


class LinksField(Field):
    """Links typed one per line as "Title | https://address"; data is a list of {title, url}."""

    widget = TextArea()

    def __init__(self, label="Links", validators=None, max_links=100, **kwargs):
        kwargs.setdefault("description", "One link per line: a title, a vertical bar, then the address. "
                                         "For example: Project home | https://example.com/")
        super().__init__(label, validators, **kwargs)
        self.max_links = max_links
        self.line_errors: list[str] = []

    def process_formdata(self, valuelist):
        text = valuelist[0] if valuelist else ""
        self.data = []
        self.line_errors = []
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            title, bar, url = line.rpartition("|")
            title, url = title.strip(), url.strip()
            if not bar or not title:
                self.line_errors.append(f"Line {number}: write a title, a vertical bar | and the address.")
            else:
                try:
                    url = clean_url(url)
                except ValueError as error:
                    self.line_errors.append(f"Line {number}: {error}")
                    continue
                if len(title) > 200 or len(url) > 2000:
                    self.line_errors.append(f"Line {number}: the title or the address is too long.")
                else:
                    self.data.append({"title": title, "url": url})

    def pre_validate(self, form):
        if self.line_errors:
            raise ValidationError(" ".join(self.line_errors))
        if len(self.data or ()) > self.max_links:
            raise ValidationError(f"At most {self.max_links} links, please.")

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "\n".join(f"{link['title'] if isinstance(link, dict) else link.title} | "
                         f"{readable_url(link['url'] if isinstance(link, dict) else link.url)}"
                         for link in self.data or ())


class PickerField(SelectMultipleField):
    """A multi-select of other documents (guests, sponsors); data is a list of id strings."""

    def __init__(self, label=None, **kwargs):
        kwargs.setdefault("description", "Hold Ctrl (or Cmd) to pick more than one.")
        super().__init__(label, coerce=str, choices=[], validate_choice=True, **kwargs)

    def process_data(self, value):
        self.data = [str(getattr(item, "pk", item)) for item in value or ()]

    def pre_validate(self, form):
        known = {str(value) for value, _ in self.choices or ()}
        unknown = [value for value in self.data or () if value not in known]
        if unknown:
            raise ValidationError("One of the chosen entries no longer exists; pick again from the list.")


class UTCDateTimeField(DateTimeLocalField):
    """A datetime-local input read and shown as UTC (the site stores naive UTC)."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("description", "Date and time in UTC.")
        kwargs.setdefault("format", ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
                                     "%Y-%m-%d %H:%M:%S"])
        super().__init__(label, validators or [Optional()], **kwargs)
        self.invalid_value_message = "Type a date and time like 2024-05-01T08:00 (UTC)."


class EditForm(Form):
    """Base of every admin edit form: the version it was loaded from, and its Markdown fields."""

    version = HiddenField(default="1")
    markdown_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.markdown_fields:  # found by app/static/js/admin.js for the in-page preview
            self[name].render_kw = {**(self[name].render_kw or {}), "data-markdown": "true"}

    def validate(self, extra_validators=None):
        extra = dict(extra_validators or {})
        for name in self.markdown_fields:
            extra[name] = [*extra.get(name, ()), renderable_markdown]
        return super().validate(extra)

    def markdown_problems(self) -> dict[str, str]:
        """For the Preview button, which validates nothing else: the Markdown fields refused."""
        problems = {name: markdown_problem(self[name].data) for name in self.markdown_fields}
        for name, problem in problems.items():
            if problem:
                self[name].errors = [problem]
        return {name: problem for name, problem in problems.items() if problem}

    def loaded_version(self) -> int:
        raw = str(self.version.data or "1")
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 0

    def fill_slugs(self) -> None:
        for field in self:
            if isinstance(field, SlugField):
                field.fill_from(self)

    @classmethod
    def rearrange(cls, formdata):
        """Forms with reorderable lists return the rearranged formdata for a move button; others None."""
        return None  # noqa: RET501 (the hook returns None unless a form overrides it)

    def values(self) -> dict:
        """The model-ready values: every field except the version."""
        return {name: field.data for name, field in self._fields.items() if name != "version"}


def text(label, max_length, required=False, validators=(), **kwargs):
    first = InputRequired(message=f"Please fill in the {label.lower()}.") if required else Optional()
    return StringField(label, [first, Length(max=max_length), *validators], filters=[strip], **kwargs)


def long_text(label, max_length, **kwargs):
    return TextAreaField(label, [Length(max=max_length)], **kwargs)


class WholeNumberField(IntegerField):
    """An integer with a plain-words error; an empty box is None (or an error when required)."""

    def __init__(self, label=None, minimum=0, required=False, **kwargs):
        first = InputRequired(message=f"Please fill in the {label.lower()}.") if required else Optional()
        super().__init__(label, [first], **kwargs)
        self.minimum = minimum

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        if not (text.isascii() and text.lstrip("-").isdigit() and len(text) <= 12):
            raise ValueError(f"Type a whole number (digits only), like {max(self.minimum, 1) * 42}.")
        self.data = int(text)

    def pre_validate(self, form):
        if self.data is not None and self.data < self.minimum:
            raise ValidationError(f"Use a whole number of at least {self.minimum}.")


_PRICE = re.compile(r"^(\d{1,7})(?:[.,](\d{1,2}))?$")


class PriceField(StringField):
    """An amount of money, read by a pattern rather than by Decimal(): Decimal takes Infinity,
    NaN, sNaN and 1e999999, and those crash comparisons and rounding further on."""

    def __init__(self, label=None, maximum=1_000_000, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal"})
        super().__init__(label, [Optional()], **kwargs)
        self.maximum = maximum

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.data = None
        if not text:
            return
        match = _PRICE.match(text) if text.isascii() else None
        if not match or int(match.group(1)) >= self.maximum:
            raise ValueError(f"Type a price in dollars with at most two decimals, like 49 or 49.99 "
                             f"(below {self.maximum:,}). Use 0 or leave it blank for a free course.")
        self.data = Decimal(f"{match.group(1)}.{match.group(2) or '0'}").quantize(Decimal("0.01"))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{Decimal(self.data):.2f}"


def whole_number(label, minimum=0, required=False, **kwargs):
    return WholeNumberField(label, minimum=minimum, required=required, **kwargs)


class ChoiceField(SelectField):
    """A single choice from a list, with a plain-words error."""

    def pre_validate(self, form):
        if self.validate_choice and str(self.data) not in {str(value) for value, *_ in self.iter_choices()}:
            raise ValidationError("Choose one of the options in the list.")
