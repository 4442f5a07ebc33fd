import mongoengine as me

from data.core.common import SafeURLField, Timestamped


class Show(Timestamped):
    """One podcast. An install can carry several (an interview show and a news show, say)."""

    slug = me.StringField(required=True, max_length=80)
    title = me.StringField(required=True, max_length=200)
    description = me.StringField(default="", max_length=4000)
    hosts = me.ListField(me.StringField(max_length=120), default=list)
    artwork_url = SafeURLField(max_length=2000)
    language = me.StringField(default="en", max_length=20)
    category = me.StringField(default="Technology", max_length=100)
    subcategory = me.StringField(max_length=100)
    explicit = me.BooleanField(default=False)
    website_url = SafeURLField(max_length=2000)
    owner_name = me.StringField(max_length=120)
    owner_email = me.EmailField()
    funding_url = SafeURLField(max_length=2000)
    funding_text = me.StringField(max_length=200)
    sort_order = me.IntField(default=0)
    podcast_guid = me.StringField(max_length=100)  # kept from an imported feed; else made from the feed URL

    meta = {"collection": "shows", "indexes": [{"fields": ["slug"], "unique": True}, "sort_order"]}

    def __str__(self):
        return self.title
