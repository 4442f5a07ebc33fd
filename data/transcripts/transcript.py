import hashlib

import mongoengine as me

from data.catalog.episode import Episode
from data.core.common import Timestamped


class Segment(me.EmbeddedDocument):
    start_ms = me.IntField(required=True, min_value=0)
    end_ms = me.IntField(min_value=0)
    speaker = me.StringField(max_length=120)
    text = me.StringField(required=True)


class Transcript(Timestamped):
    """One per episode: timed segments, optionally with speakers."""

    episode = me.ReferenceField(Episode, required=True)
    language = me.StringField(default="en", max_length=20)
    segments = me.ListField(me.EmbeddedDocumentField(Segment), default=list)

    meta = {"collection": "transcripts", "indexes": [{"fields": ["episode"], "unique": True}]}

    @property
    def content_summary(self) -> str:
        """A short stand-in for the segments in the audit log: how many, and a fingerprint of the text."""
        digest = hashlib.sha256()
        for segment in self.segments:
            digest.update(f"{segment.start_ms}|{segment.end_ms}|{segment.speaker}|{segment.text}\n".encode())
        return f"{len(self.segments)} segments, sha256 {digest.hexdigest()[:12]}"
