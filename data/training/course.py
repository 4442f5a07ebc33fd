import mongoengine as me

from data.core.common import MarkdownRendered, SafeURLField, Timestamped


class Lecture(me.EmbeddedDocument):
    title = me.StringField(required=True, max_length=200)
    duration_s = me.IntField(default=0, min_value=0)
    free_preview = me.BooleanField(default=False)


class Chapter(me.EmbeddedDocument):
    title = me.StringField(required=True, max_length=200)
    lectures = me.ListField(me.EmbeddedDocumentField(Lecture), default=list)

    @property
    def duration_s(self) -> int:
        return sum(lecture.duration_s or 0 for lecture in self.lectures)


# free: anyone, no account; account: anyone signed in; paid: needs a grant (data/training/access.py).
ACCESS_LEVELS = ("free", "account", "paid")


class CourseQuerySet(me.QuerySet):
    def published(self):
        return self.filter(published=True)


class Course(MarkdownRendered, Timestamped):
    markdown_fields = {"description": "description_html"}

    slug = me.StringField(required=True, max_length=80)
    title = me.StringField(required=True, max_length=200)
    summary = me.StringField(default="", max_length=1000)
    description = me.StringField(default="", max_length=50_000)  # Markdown
    description_html = me.StringField(default="")
    instructor = me.StringField(default="", max_length=120)
    price = me.DecimalField(min_value=0, precision=2, default=0)
    image_url = SafeURLField(max_length=2000)
    published = me.BooleanField(default=False)
    featured = me.BooleanField(default=False)
    access_level = me.StringField(choices=ACCESS_LEVELS, default="paid")
    chapters = me.ListField(me.EmbeddedDocumentField(Chapter), default=list)
    total_duration_s = me.IntField(default=0)  # derived on save

    meta = {
        "collection": "courses",
        "queryset_class": CourseQuerySet,
        "indexes": [{"fields": ["slug"], "unique": True}, ("published", "featured")],
    }

    def clean(self):
        self.render_markdown_fields()
        self.total_duration_s = sum(chapter.duration_s for chapter in self.chapters)

    @property
    def lecture_count(self) -> int:
        return sum(len(chapter.lectures) for chapter in self.chapters)

    def __str__(self):
        return self.title
