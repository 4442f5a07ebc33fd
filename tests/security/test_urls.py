"""javascript:, data: and their disguises are refused by SafeURLField in every URL field of
every document, embedded links included: the save fails and the stored value stays as it was."""
import mongoengine as me
import pytest
from mongoengine.base.common import _document_registry

from data.core.common import SafeURLField

HOSTILE_URLS = [
    "javascript:alert(1)", "JavaScript:alert(1)", "JAVASCRIPT:alert(document.cookie)", " javascript:alert(1)",
    "\tjavascript:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)", "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)", "\x01javascript:alert(1)", "javascript://%0aalert(1)",
    "data:text/html,<script>alert(1)</script>", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml,<svg onload=alert(1)>", "vbscript:msgbox(1)", "file:///etc/passwd",
    "//evil.example/x", "/relative/path", "http:/one-slash", "https:", "http://", "ftp://example.com/x",
    "mailto:someone@example.com", "about:blank", "blob:https://example.com/x", "x-javascript:alert(1)",
]
GOOD_URL = "https://example.com/ok"


def documents_with_urls():
    """(document class, field name, maker) for every SafeURLField reachable from a Document.

    ``maker(url)`` is the value to assign: the URL itself, or a list holding an embedded
    document (such as Link) whose URL field carries it.
    """
    found = []
    for cls in _document_registry.values():
        if not issubclass(cls, me.Document) or cls._meta.get("abstract"):
            continue
        for name, field in cls._fields.items():
            inner = field.field if isinstance(field, me.ListField) else field
            if isinstance(inner, SafeURLField):
                found.append((cls, name, (lambda url: [url]) if inner is not field else (lambda url: url)))
            elif isinstance(inner, me.EmbeddedDocumentField):
                embedded = inner.document_type
                for sub, subfield in embedded._fields.items():
                    if isinstance(subfield, SafeURLField):
                        def make(url, embedded=embedded, sub=sub, listed=inner is not field):
                            values = {k: "x" for k, f in embedded._fields.items() if f.required and k != sub}
                            value = embedded(**values, **{sub: url})
                            return [value] if listed else value
                        found.append((cls, f"{name}.{sub}", make))
    return found


def test_every_content_document_with_urls_is_covered(app):
    covered = {cls.__name__ for cls, _, _ in documents_with_urls()}
    assert {"Episode", "Show", "Guest", "Sponsor", "Course"} <= covered
    fields = {f"{cls.__name__}.{name}" for cls, name, _ in documents_with_urls()}
    assert {"Episode.audio_url", "Episode.links.url", "Guest.links.url", "Sponsor.target_url"} <= fields


def test_hostile_urls_are_refused_in_every_url_field(app):
    tried = 0
    for cls, name, make in documents_with_urls():
        document = cls.objects.first()
        assert document is not None, f"the demo store has no {cls.__name__} to try"
        attribute = name.split(".")[0]
        stored = cls.objects.as_pymongo().get(id=document.id).get(attribute)
        setattr(document, attribute, make(GOOD_URL))
        document.validate()  # a good URL passes: the refusals below are about the URL
        for url in HOSTILE_URLS:
            document = cls.objects.get(id=document.id)
            setattr(document, attribute, make(url))
            with pytest.raises(me.ValidationError) as refused:
                document.save()
            assert attribute in str(refused.value), (cls.__name__, name, url)
            tried += 1
        assert cls.objects.as_pymongo().get(id=document.id).get(attribute) == stored
    print(f"\n{tried} hostile URLs refused ({len(HOSTILE_URLS)} payloads x {tried // len(HOSTILE_URLS)} fields)")
