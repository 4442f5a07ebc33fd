import uuid

import mongoengine as me

from data.catalog.guest import Guest
from data.catalog.show import Show
from data.catalog.sponsor import Sponsor
from data.core.common import Link, MarkdownRendered, SafeURLField, Timestamped, utcnow

DRAFT, SCHEDULED, PUBLISHED = "draft", "scheduled", "published"
STATES = (DRAFT, SCHEDULED, PUBLISHED)
EPISODE_TYPES = ("full", "trailer", "bonus")


class TranscriptLink(me.EmbeddedDocument):
    """A transcript published elsewhere (kept from an imported feed): where, and in what format."""

    url = SafeURLField(required=True, max_length=2000)
    type = me.StringField(default="", max_length=100)
    language = me.StringField(max_length=20)


class Chapter(me.EmbeddedDocument):
    """A chapter mark kept from an imported feed (psc:chapters)."""

    start_s = me.FloatField(default=0, min_value=0)
    title = me.StringField(required=True, max_length=300)
    href = SafeURLField(max_length=2000)
    image = SafeURLField(max_length=2000)


class Person(me.EmbeddedDocument):
    """Someone a feed credits on an episode (podcast:person), whatever the role."""

    name = me.StringField(required=True, max_length=120)
    role = me.StringField(default="host", max_length=60)
    group = me.StringField(default="cast", max_length=60)
    href = SafeURLField(max_length=2000)
    img = SafeURLField(max_length=2000)


class EpisodeQuerySet(me.QuerySet):
    def reference_counts(self, field: str) -> dict:
        """How many episodes (public or not) name each guest or sponsor, from one query."""
        if field not in ("guests", "sponsors"):
            raise ValueError(field)
        counts: dict = {}
        for doc in self.only(field).as_pymongo():
            for ref in doc.get(field, ()):
                counts[ref] = counts.get(ref, 0) + 1
        return counts

    def public(self, now=None):
        """What visitors, feeds and search may see: published, and its time has come."""
        return self.filter(state__in=[SCHEDULED, PUBLISHED], published_at__lte=now or utcnow())


class Episode(MarkdownRendered, Timestamped):
    markdown_fields = {"notes": "notes_html"}

    show = me.ReferenceField(Show, required=True)
    number = me.IntField(required=True, min_value=0)
    slug = me.StringField(required=True, max_length=120)
    title = me.StringField(required=True, max_length=300)
    summary = me.StringField(default="", max_length=2000)
    subtitle = me.StringField(default="", max_length=1000)
    notes = me.StringField(default="", max_length=200_000)  # Markdown
    notes_html = me.StringField(default="")  # rendered and sanitized on save
    state = me.StringField(choices=STATES, default=DRAFT)
    published_at = me.DateTimeField()
    duration_s = me.IntField(default=0, min_value=0)
    audio_url = SafeURLField(max_length=2000)
    audio_bytes = me.IntField(default=0, min_value=0)
    audio_type = me.StringField(default="audio/mpeg", max_length=100)
    youtube_id = me.StringField(regex=r"^[A-Za-z0-9_-]{6,20}$", max_length=20)
    image_url = SafeURLField(max_length=2000)
    season = me.IntField(min_value=1)
    episode_type = me.StringField(choices=EPISODE_TYPES, default="full")
    explicit = me.BooleanField()  # None: the show's setting
    guests = me.ListField(me.ReferenceField(Guest), default=list)
    sponsors = me.ListField(me.ReferenceField(Sponsor), default=list)
    tags = me.ListField(me.StringField(max_length=60), default=list)
    links = me.ListField(me.EmbeddedDocumentField(Link), default=list)
    # A feed guid is forever: made once, never derived from anything that can change.
    guid = me.StringField(default=lambda: str(uuid.uuid4()), max_length=1000)
    has_transcript = me.BooleanField(default=False)
    transcript_links = me.ListField(me.EmbeddedDocumentField(TranscriptLink), default=list)
    # Kept from an imported feed: chapters published elsewhere, and everyone credited.
    chapters_url = SafeURLField(max_length=2000)
    chapters = me.ListField(me.EmbeddedDocumentField(Chapter), default=list)
    people = me.ListField(me.EmbeddedDocumentField(Person), default=list)
    feed_item_digest = me.StringField(max_length=64)  # of the feed item last imported into it

    meta = {
        "collection": "episodes",
        "queryset_class": EpisodeQuerySet,
        "indexes": [
            {"fields": ["show", "number"], "unique": True},
            {"fields": ["guid"], "unique": True, "sparse": True},
            ("show", "-published_at"),
            "-published_at",
            "guests",
            "tags",
        ],
    }

    def clean(self):
        self.render_markdown_fields()
        if self.state in (SCHEDULED, PUBLISHED) and self.published_at is None:
            self.published_at = utcnow()

    def is_public(self, now=None) -> bool:
        return self.state != DRAFT and self.published_at is not None and self.published_at <= (now or utcnow())

    def __str__(self):
        return f"#{self.number} {self.title}"
