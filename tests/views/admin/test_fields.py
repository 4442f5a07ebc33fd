"""The shared admin form fields, without a server: what they accept, refuse, and give back as typed."""
import pytest
from webob.multidict import MultiDict
from wtforms import Form

from views.admin.courses import CourseForm, rearrange_formdata
from views.admin.fields import DurationField, LinksField, ListTextField, SlugField, URLField, UTCDateTimeField


class Sample(Form):
    title = URLField("Unused")  # only here so SlugField has a source
    slug = SlugField(source="title")
    link = URLField("Link")
    length = DurationField()
    tags = ListTextField("Tags")
    links = LinksField()
    when = UTCDateTimeField("When")


def bound(**values):
    form = Sample(MultiDict(values))
    form.validate()
    return form


@pytest.mark.parametrize("typed, seconds", [("2710", 2710), ("45:10", 2710), ("1:02:03", 3723), ("", 0)])
def test_duration_accepts_clock_and_seconds(typed, seconds):
    form = bound(length=typed)
    assert not form.length.errors and form.length.data == seconds


@pytest.mark.parametrize("typed", ["ten minutes", "1:75", "1:2:3:4", "-5"])
def test_duration_refuses_other_text_and_keeps_it(typed):
    form = bound(length=typed)
    assert "like 1:02:03" in form.length.errors[0]
    assert form.length._value() == typed


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
                                 "file:///etc/passwd", "ftp://example.com/x.mp3", "//example.com/x", "https:"])
def test_url_field_accepts_only_http_and_https(url):
    form = bound(link=url)
    assert form.link.errors and "http:// and https://" in form.link.errors[0]
    assert form.link._value() == url.strip()


def test_url_field_takes_http_and_https():
    assert not bound(link="https://example.com/a.mp3").link.errors
    assert not bound(link="http://example.com/").link.errors


def test_tags_are_split_trimmed_and_deduplicated():
    form = bound(tags=" python, testing,,python , web ")
    assert form.tags.data == ["python", "testing", "web"]
    assert form.tags._value() == " python, testing,,python , web "  # shown as typed


def test_links_parse_one_per_line_and_name_the_bad_line():
    typed = "Docs | https://docs.example.com/\n\nEvil | javascript:alert(1)\nno bar here https://x.org"
    form = bound(links=typed)
    assert form.links.errors
    message = form.links.errors[0]
    assert "Line 3:" in message and "http:// and https://" in message and "Line 4:" in message
    assert form.links._value() == typed


def test_links_render_stored_links_back_as_lines():
    form = Sample(data={"links": [{"title": "Docs", "url": "https://docs.example.com/"}]})
    assert form.links._value() == "Docs | https://docs.example.com/"


def test_blank_slug_is_made_from_the_source_and_shown():
    form = bound(slug="")
    form.title.data = "Property-based Testing with Hypothesis!"
    form.slug.fill_from(form)
    assert form.slug.data == "property-based-testing-with-hypothesis"
    assert form.slug._value() == form.slug.data


@pytest.mark.parametrize("slug", ["Has Spaces", "UPPER", "trailing-", "a--b", "émigré", "../etc"])
def test_slug_must_be_lower_case_words_with_dashes(slug):
    form = bound(slug=slug)
    assert "lower-case" in form.slug.errors[0] and form.slug._value() == slug


def test_datetime_is_read_as_typed_and_explains_a_bad_one():
    assert bound(when="2030-01-02T08:30").when.data.isoformat() == "2030-01-02T08:30:00"
    form = bound(when="next tuesday")
    assert "UTC" in form.when.errors[0] and form.when._value() == "next tuesday"


# --- the course outline's move buttons ------------------------------------------------------
OUTLINE = MultiDict([
    ("title", "A course"), ("chapters-0-title", "Welcome"), ("chapters-0-lectures-0-title", "Hello"),
    ("chapters-0-lectures-0-duration_s", "1:00"), ("chapters-0-lectures-1-title", "Setup"),
    ("chapters-1-title", "Basics"), ("chapters-1-lectures-0-title", "Variables"),
])


def outline(formdata):
    data = CourseForm(formdata).data["chapters"]
    return [(chapter["title"], [lecture["title"] for lecture in chapter["lectures"]]) for chapter in data]


def test_moving_a_chapter_carries_its_lectures():
    moved = rearrange_formdata(OUTLINE, "chapters-1:up")
    assert outline(moved) == [("Basics", ["Variables"]), ("Welcome", ["Hello", "Setup"])]
    assert moved["title"] == "A course"


def test_moving_lectures_and_edges():
    assert outline(rearrange_formdata(OUTLINE, "chapters-0-lectures-0:down"))[0] == ("Welcome", ["Setup", "Hello"])
    assert outline(rearrange_formdata(OUTLINE, "chapters-0:up")) == outline(OUTLINE)  # first stays first
    assert outline(rearrange_formdata(OUTLINE, "chapters-1:down")) == outline(OUTLINE)  # last stays last


def test_add_and_remove():
    added = rearrange_formdata(OUTLINE, "chapters-1-lectures:add")
    assert outline(added)[1] == ("Basics", ["Variables", ""])
    assert outline(rearrange_formdata(OUTLINE, "chapters:add"))[-1] == ("", [])
    assert outline(rearrange_formdata(OUTLINE, "chapters-0:remove")) == [("Basics", ["Variables"])]


@pytest.mark.parametrize("op", ["", "drop table", "chapters-0:explode", "chapters-99999:up", "title:add"])
def test_unknown_buttons_are_not_outline_changes(op):
    result = rearrange_formdata(OUTLINE, op)
    assert result is None or outline(result) == outline(OUTLINE)
