"""Admin pages for courses, with their chapters and lectures: admin.courses.index|new|edit|delete.

The outline (chapters, each with lectures) is edited in one form without JavaScript: each
chapter and lecture has Move up / Move down / Remove buttons and each list an Add button.
Such a button posts the whole form back; the server renumbers the submitted fields in the
new order and shows the form again, with everything typed kept. Nothing is saved until Save.
"""
import re

from webob.multidict import MultiDict
from wtforms import Form
from wtforms.fields import BooleanField, FieldList, FormField

from data.training import course_service
from data.training.course import Chapter, Course, Lecture
from views.admin.crud import EntityAdmin, admin_views
from views.admin.fields import DurationField, EditForm, PriceField, SlugField, URLField, long_text, text

# "chapters-2:up", "chapters:add", "chapters-0-lectures-3:remove", "chapters-0-lectures:add"
_OP = re.compile(r"^(chapters(?:-\d{1,3}-lectures)?)(?:-(\d{1,3}))?:(up|down|remove|add)$")


def rearrange_formdata(formdata, op: str):
    """The submitted fields renumbered for one outline button; None if ``op`` is not one."""
    match = _OP.match(op or "")
    if not match:
        return None
    prefix, index, verb = match.group(1), match.group(2), match.group(3)
    entry = re.compile(re.escape(prefix) + r"-(\d+)-(.+)$")
    order = sorted({int(m.group(1)) for key in formdata if (m := entry.match(key))})
    position = order.index(int(index)) if index is not None and int(index) in order else None
    if verb == "add":
        order.append((max(order) + 1) if order else 0)
    elif position is not None and verb == "remove":
        order.pop(position)
    elif position is not None and verb == "up" and position > 0:
        order[position - 1], order[position] = order[position], order[position - 1]
    elif position is not None and verb == "down" and position < len(order) - 1:
        order[position + 1], order[position] = order[position], order[position + 1]
    result = MultiDict()
    for key, value in formdata.items():
        m = entry.match(key)
        if key == "op":
            continue
        if m is None:
            result.add(key, value)
        elif int(m.group(1)) in order:
            result.add(f"{prefix}-{order.index(int(m.group(1)))}-{m.group(2)}", value)
    if verb == "add":
        result.add(f"{prefix}-{len(order) - 1}-title", "")
    return result


class LectureForm(Form):
    title = text("Lecture title", 200, required=True)
    duration_s = DurationField("Length")
    free_preview = BooleanField("Free preview")


class ChapterForm(Form):
    title = text("Chapter title", 200, required=True)
    lectures = FieldList(FormField(LectureForm, label="Lecture"), label="Lectures", max_entries=300)


class CourseForm(EditForm):
    title = text("Title", 200, required=True)
    slug = SlugField(source="title")
    summary = long_text("Summary", 1000, description="One or two plain sentences for the course list.")
    description = long_text("Description", 50_000, description="Markdown. Press Preview to see it rendered.")
    instructor = text("Instructor", 120)
    price = PriceField("Price (USD)", description="0 or blank for a free course.")
    image_url = URLField("Image address")
    published = BooleanField("Published (listed on the courses page)")
    featured = BooleanField("Featured on the home page")
    chapters = FieldList(FormField(ChapterForm, label="Chapter"), label="Chapters", max_entries=100)
    markdown_fields = ("description",)

    @classmethod
    def rearrange(cls, formdata):
        return rearrange_formdata(formdata, formdata.get("op", "")) if "op" in formdata else None


@admin_views
class CourseAdmin(EntityAdmin):
    name, singular, model, form_class = "courses", "course", Course, CourseForm
    columns = [("Title", "title"), ("Address", "slug"), ("Published", "published"), ("Chapters", "chapters"),
               ("Lectures", "lectures")]

    def rows(self):
        return course_service.admin_rows()

    def apply(self, doc, values):
        chapters = [Chapter(title=chapter["title"], lectures=[Lecture(**lecture) for lecture in chapter["lectures"]])
                    for chapter in values["chapters"]]
        super().apply(doc, dict(values, chapters=chapters, price=values["price"] or 0))
