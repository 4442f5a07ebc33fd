import mongoengine as me

from data.core.common import Link, MarkdownRendered, SafeURLField, Timestamped


class Guest(MarkdownRendered, Timestamped):
    markdown_fields = {"bio": "bio_html"}

    slug = me.StringField(required=True, max_length=80)
    name = me.StringField(required=True, max_length=120)
    bio = me.StringField(default="", max_length=10000)
    bio_html = me.StringField(default="")
    photo_url = SafeURLField(max_length=2000)
    links = me.ListField(me.EmbeddedDocumentField(Link), default=list)

    meta = {"collection": "guests", "indexes": [{"fields": ["slug"], "unique": True}, "name"]}

    def clean(self):
        self.render_markdown_fields()

    def __str__(self):
        return self.name
