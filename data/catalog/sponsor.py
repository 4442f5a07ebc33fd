import mongoengine as me

from data.core.common import MarkdownRendered, SafeURLField, Timestamped


class Sponsor(MarkdownRendered, Timestamped):
    markdown_fields = {"description": "description_html"}

    """A sponsor; /<slug> is a tracked redirect to target_url."""

    slug = me.StringField(required=True, max_length=80)
    name = me.StringField(required=True, max_length=120)
    description = me.StringField(default="", max_length=4000)
    description_html = me.StringField(default="")
    logo_url = SafeURLField(max_length=2000)
    target_url = SafeURLField(required=True, max_length=2000)
    active = me.BooleanField(default=True)
    clicks = me.IntField(default=0)

    meta = {"collection": "sponsors", "indexes": [{"fields": ["slug"], "unique": True}]}

    def clean(self):
        self.render_markdown_fields()

    def __str__(self):
        return self.name
