import mongoengine as me

from data.core.common import Link, MarkdownRendered, SafeURLField, Timestamped, make_slug
from data.core.markdown import render_markdown


class Lecture(me.EmbeddedDocument):
    title = me.StringField(required=True, max_length=200)
    slug = me.StringField(max_length=80)  # unique within its course; set on save from the title
    duration_s = me.IntField(default=0, min_value=0)
    free_preview = me.BooleanField(default=False)
    video_url = SafeURLField(max_length=2000)
    poster_url = SafeURLField(max_length=2000)
    notes = me.StringField(default="", max_length=50_000)  # Markdown
    notes_html = me.StringField(default="")
    resources = me.ListField(me.EmbeddedDocumentField(Link), default=list)

    def html_notes(self) -> str:
        return self.notes_html if self.notes_html or not self.notes else render_markdown(self.notes)


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
        for lecture, slug in self.lecture_slugs():
            lecture.slug = slug
            lecture.notes_html = render_markdown(lecture.notes)

    def lecture_slugs(self) -> list[tuple[Lecture, str]]:
        """Every lecture in outline order with its slug: the stored one, or one made from the
        title for a course saved before lectures had slugs; unique within the course."""
        taken, found = set(), []
        for chapter in self.chapters:
            for lecture in chapter.lectures:
                base = lecture.slug or make_slug(lecture.title, max_length=70)
                slug, n = base, 2
                while slug in taken:
                    slug, n = f"{base}-{n}", n + 1
                taken.add(slug)
                found.append((lecture, slug))
        return found

    @property
    def lecture_count(self) -> int:
        return sum(len(chapter.lectures) for chapter in self.chapters)

    def __str__(self):
        return self.title
