"""Create, edit and delete pages shared by every content entity of the admin.

Each entity module (shows.py, episodes.py, ...) declares a small ``EntityAdmin`` subclass
(its form, model, columns and the few hooks that differ) and decorates it with
``admin_views``, which registers ``admin.<name>.index|new|edit|delete``, all behind
``content.edit``. Pyramid's default CSRF check covers every POST.

Status codes: invalid input 422 (the form again, everything typed kept, errors beside their
fields), an edit conflict 409 (both versions shown, nothing written), a refused delete 409.
"""
from __future__ import annotations

import datetime as dt

from markupsafe import Markup
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config
from wtforms.fields import BooleanField, FieldList, FormField, SelectFieldBase

from data.core.markdown import render_markdown
from data.editing import audit_service, edit_service
from views.params import not_found

PERMISSION = "content.edit"
ENTITIES: dict[str, str] = {}  # singular -> route part ("episode" -> "episodes"), filled by admin_views


def shown(field) -> str:
    """A field's value as a person reads it (for the conflict table)."""
    if isinstance(field, FieldList):
        return "\n".join(shown(entry) for entry in field)
    if isinstance(field, FormField):
        parts = [shown(sub) for sub in field if not isinstance(sub, FieldList)]
        nested = [shown(sub) for sub in field if isinstance(sub, FieldList)]
        return " · ".join(part for part in parts if part) + "".join(
            "\n" + "\n".join("    " + line for line in block.splitlines()) for block in nested if block)
    if isinstance(field, BooleanField):
        return f"{field.label.text}: {'yes' if field.data else 'no'}"
    if isinstance(field, SelectFieldBase):
        chosen = field.data if isinstance(field.data, list) else [field.data]
        labels = {str(value): label for value, label, *_ in field.iter_choices()}
        return ", ".join(labels.get(str(value), str(value)) for value in chosen if value not in (None, ""))
    return (field._value() or "").replace("\r\n", "\n").strip()


class EntityAdmin:
    """The generic pages; subclasses set the class attributes and override the hooks."""

    name = ""            # route and URL part: admin.<name>.*, /admin/<name>
    singular = ""        # "guest": used in headings and messages
    model = None         # the MongoEngine document class
    form_class = None    # an EditForm subclass
    columns: list[tuple[str, str]] = []  # index table: (heading, row key)
    link_column = ""     # the column that links to the edit page (default: the first)
    form_template = "templates:admin/form.pt"
    delete_note = ""     # what else goes with it, said on the confirmation page
    blocked_by = "episodes"

    @property
    def has_preview(self) -> bool:
        return bool(self.form_class.markdown_fields)

    @property
    def title(self) -> str:
        return self.name.capitalize()

    @staticmethod
    def cell(row, key: str) -> str:
        value = row.get(key)
        if isinstance(value, dt.datetime):
            return value.strftime("%Y-%m-%d %H:%M UTC")
        if isinstance(value, bool):
            return "yes" if value else "no"
        return "" if value is None else str(value)

    def blocked_message(self, count: int) -> str:
        episodes = "1 episode" if count == 1 else f"{count} episodes"
        return (f"{episodes} still list this {self.singular}. Remove the {self.singular} from "
                f"{'it' if count == 1 else 'them'} first (open each below), then come back.")

    def __init__(self, request):
        self.request = request
        self.link_column = self.link_column or self.columns[0][1]

    # -- hooks --------------------------------------------------------------------------
    def rows(self) -> list:
        raise NotImplementedError

    def prepare(self, form) -> None:
        """Fill select choices (pickers) before the form is validated or shown."""

    def new_document(self):
        return self.model()

    def apply(self, doc, values: dict) -> None:
        for name, value in values.items():
            if value in ("", None) and getattr(doc, name, None) in ("", None):
                continue  # an empty box over an absent value is no change
            setattr(doc, name, value)

    def unique_clashes(self, doc) -> dict[str, str]:
        other = edit_service.other_with(self.model, doc.pk, slug=str(doc.slug))
        if other is None:
            return {}
        return {"slug": f"The address “{doc.slug}” is already used by the {self.singular} “{other}”. "
                        "Type a different one."}

    def blockers(self, doc) -> list:
        """What must change before ``doc`` can be deleted (rows with a title and an edit link)."""
        return []

    def before_delete(self, doc) -> None:
        """Delete what belongs to ``doc`` (through .delete(), so signals fire)."""

    def label(self, doc) -> str:
        return str(doc)

    # -- plumbing -----------------------------------------------------------------------
    @property
    def audit_fields(self) -> list[str]:
        """The document attributes whose changes are audited (default: the form's fields)."""
        return list(self.form_class().values())

    def after_create(self, doc) -> None:
        """Update what depends on a new document (e.g. an episode's has_transcript)."""

    def route(self, action: str, **parts) -> str:
        return self.request.route_url(f"admin.{self.name}.{action}", **parts)

    def load(self):
        doc = edit_service.by_id(self.model, self.request.matchdict.get("id", ""))
        return doc or not_found(f"There is no {self.singular} with that id; it may have been deleted.")

    def build_form(self, formdata=None, obj=None):
        form = self.form_class(formdata, obj=obj)
        self.prepare(form)
        return form

    def page(self, form, doc=None, status=200, **extra) -> dict:
        self.request.response.status = status
        title = f"Edit {self.singular}: {self.label(doc)}" if doc is not None else f"New {self.singular}"
        action = self.route("edit", id=doc.pk) if doc is not None else self.route("new")
        values = {"admin": self, "form": form, "doc": doc, "page_title": title, "action": action,
                  "conflict": None, "preview": None, "notice": None, "segments": None}
        values.update(extra)
        return values

    def preview(self, form) -> list[tuple[str, Markup]]:
        return [(form[name].label.text, Markup(render_markdown(form[name].data or "")))
                for name in form.markdown_fields]

    def audit(self, action: str, doc, changes: dict) -> None:
        audit_service.record(self.request, action, target=doc, changes=changes,
                             target_type=self.singular, label=self.label(doc))

    def flash_and_go(self, message: str, url: str):
        self.request.session.flash(message, queue="success")
        return HTTPSeeOther(url)

    def unsaved(self, form, doc):
        """Preview and rearrange buttons: show the form again, validated by nobody, saved nowhere."""
        if "preview" in self.request.POST:
            refused = form.markdown_problems()
            return self.page(form, doc, status=422 if refused else 200, preview=self.preview(form))
        return None

    def rearranged(self, doc):
        """A move/add/remove button (course outlines): the rearranged form, not saved yet."""
        formdata = self.form_class.rearrange(self.request.POST)
        if formdata is None:
            return None
        form = self.build_form(formdata)
        return self.page(form, doc, notice="Outline changed. Nothing is saved until you press Save.")

    # -- the pages ----------------------------------------------------------------------
    def index(self):
        return {"admin": self, "rows": self.rows(), "page_title": self.title}

    def posted(self, doc):
        """The submitted form ready to save, or the page to show instead: a preview, a changed
        outline, or the form with its errors (everything typed kept)."""
        early = self.rearranged(doc)
        if early is not None:
            return None, early
        form = self.build_form(self.request.POST)
        early = self.unsaved(form, doc)
        if early is not None:
            return form, early
        if not form.validate():
            return form, self.page(form, doc, status=422)
        form.fill_slugs()
        return form, None

    def new(self):
        if self.request.method != "POST":
            return self.page(self.build_form())
        form, early = self.posted(None)
        if early is not None:
            return early
        doc = self.new_document()
        self.apply(doc, form.values())
        try:
            changes = edit_service.create(doc, self.audit_fields, self.unique_clashes)
        except edit_service.Refused as clash:
            return self.refused_page(form, None, clash)
        self.after_create(doc)
        self.audit("create", doc, changes)
        return self.flash_and_go(f"Created the {self.singular} “{self.label(doc)}”.", self.route("edit", id=doc.pk))

    def edit(self):
        doc = self.load()
        if self.request.method != "POST":
            form = self.build_form(obj=doc)
            form.version.data = str(doc.version or 1)
            return self.page(form, doc)
        form, early = self.posted(doc)
        if early is not None:
            return early
        values = form.values()
        try:
            changes = edit_service.update(doc, form.loaded_version(), lambda target: self.apply(target, values),
                                          self.audit_fields, self.unique_clashes)
        except edit_service.VersionConflict as conflict:
            return self.conflict_page(form, doc, conflict.stored)
        except edit_service.Refused as clash:
            return self.refused_page(form, doc, clash)
        if not changes:
            return self.flash_and_go("Nothing changed, so nothing was saved.", self.route("edit", id=doc.pk))
        self.audit("update", doc, changes)
        return self.flash_and_go(f"Saved the {self.singular} “{self.label(doc)}”.", self.route("edit", id=doc.pk))

    def refused_page(self, form, doc, clash):
        for name, message in clash.problems.items():
            if name in form:
                form[name].errors = [*form[name].errors, message]
        return self.page(form, doc, status=422, notice=str(clash))

    def conflict_page(self, form, doc, stored):
        """Someone saved first: show their version beside what was typed, write nothing."""
        rows = []
        if stored is not None:
            theirs = self.build_form(obj=stored)
            for field in form:
                if field.name == "version" or field.name not in theirs or field.type == "FileField":
                    continue
                yours, current = shown(field), shown(theirs[field.name])
                if yours != current:
                    rows.append({"label": field.label.text, "yours": yours, "stored": current})
            # Saving the form again now deliberately replaces the stored version.
            form.version.data = str(stored.version or 1)
            form.version.raw_data = [form.version.data]
        conflict = {"rows": rows, "deleted": stored is None,
                    "stored_at": stored.updated_at if stored is not None else None}
        return self.page(form, stored if stored is not None else doc, status=409, conflict=conflict)

    def delete(self):
        doc = self.load()
        blockers = self.blockers(doc)
        values = {"admin": self, "doc": doc, "blockers": blockers, "label": self.label(doc),
                  "page_title": f"Delete {self.singular}: {self.label(doc)}"}
        if self.request.method != "POST":
            return values
        if blockers:
            self.request.response.status = 409
            return values
        self.before_delete(doc)
        changes = edit_service.delete(doc, self.audit_fields)
        self.audit("delete", doc, changes)
        return self.flash_and_go(f"Deleted the {self.singular} “{self.label(doc)}”.", self.route("index"))


def admin_views(cls):
    """Register the four pages of an EntityAdmin subclass (called in the entity's module)."""
    base = f"admin.{cls.name}"
    ENTITIES[cls.singular] = cls.name
    pages = [
        ("index", "templates:admin/index.pt", "GET"),
        ("new", cls.form_template, ("GET", "POST")),
        ("edit", cls.form_template, ("GET", "POST")),
        ("delete", "templates:admin/delete.pt", ("GET", "POST")),
    ]
    for attr, renderer, methods in pages:
        # _depth=1: venusian must see the entity module (our caller), where scan finds the class.
        view_config(route_name=f"{base}.{attr}", attr=attr, renderer=renderer, request_method=methods,
                    permission=PERMISSION, _depth=1)(cls)
    return cls
