"""Every script-injection payload in every text field of every admin form at once, then every
place that shows them: public pages, search, the admin's lists and forms, and both shows' RSS
feeds (whose HTML descriptions a podcast app renders). Everything must be inert.

A field that refuses a payload (an address, a number, a slug) gets its old value back and the
form is sent again; the refusing page itself, with the payload typed back into the form, must
be inert too.
"""
import xml.etree.ElementTree as ET

import pytest
import webtest.forms

from tests.inert import script_vectors
from tests.views.admin.content_helpers import XSS_PAYLOADS, assert_inert

CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}encoded"
TEXT_FIELDS = (webtest.forms.Text, webtest.forms.Textarea, webtest.forms.Email)
EPISODE_PATH = "/episodes/show/67/property-based-testing-with-hypothesis"
TRANSCRIPT_PATH = "/episodes/transcript/67/property-based-testing-with-hypothesis"
PUBLIC_PAGES = ["/", "/episodes", "/episodes/all", "/shows/pythonbytes/episodes/all", EPISODE_PATH,
                TRANSCRIPT_PATH, "/guests", "/guests/david-maciver", "/courses", "/sponsors"]
FEEDS = ["/episodes/rss", "/shows/pythonbytes/episodes/rss"]


def targets():
    """(admin edit path, public page) for one public document of each entity."""
    from data.catalog.episode import Episode
    from data.catalog.guest import Guest
    from data.catalog.show import Show
    from data.catalog.sponsor import Sponsor
    from data.training.course import Course
    from data.transcripts.transcript import Transcript

    episode = Episode.objects.get(number=67, show=Show.objects.get(slug="talkpython"))
    course = Course.objects(published=True).first()
    return {
        "shows": (Show.objects.get(slug="talkpython"), "/"),
        "episodes": (episode, EPISODE_PATH),
        "guests": (Guest.objects.get(slug="david-maciver"), "/guests/david-maciver"),
        "sponsors": (Sponsor.objects(active=True).first(), "/sponsors"),
        "courses": (course, f"/courses/{course.slug}"),
        "transcripts": (Transcript.objects.get(episode=episode), TRANSCRIPT_PATH),
    }


def hostile_value(name: str, payload: str) -> str:
    if name == "links":  # one "Title | https://address" per line
        return f"{payload.replace('|', '/')} | https://example.com/hostile"
    if name == "text":  # the transcript box: a cue whose words are the payload
        return f"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Guest>{payload}\n"
    return payload


def save_hostile(editor, path, payload) -> int:
    """Put the payload in every text field; fields that refuse it get their value back."""
    form = editor.get(path).forms["edit-form"]
    originals = {}
    for name, fields in form.fields.items():
        for field in fields:
            if isinstance(field, TEXT_FIELDS) and not isinstance(field, webtest.forms.Hidden) and name:
                originals[name] = field.value
                field.value = hostile_value(name, payload)
    response = form.submit("save", expect_errors=True)
    if response.status_int == 422:
        assert_inert(response)  # the form typed back, payload and all
        form = response.forms["edit-form"]
        for element in response.html.select("[aria-invalid=true]"):
            form[element["name"]] = originals.get(element["name"], "")
        response = form.submit("save", expect_errors=True)
    assert response.status_int == 303, f"{path}: {response.status}"
    return len(originals)


def assert_feed_inert(feed_xml: bytes, payload: str):
    channel = ET.fromstring(feed_xml).find("channel")
    for element in channel.iter():
        # HTML to podcast apps (itunes:summary is plain text by Apple's spec, so not checked as HTML).
        if element.tag in ("description", CONTENT_NS):
            assert script_vectors(element.text or "") == [], (element.tag, (element.text or "")[:200])


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_a_payload_in_every_admin_text_field_is_inert_everywhere(editor_admin, payload):
    editor = editor_admin
    tried = 0
    admin_pages = []
    for entity, (doc, _public) in targets().items():
        path = f"/admin/{entity}/{doc.pk}/edit"
        tried += save_hostile(editor, path, payload)
        admin_pages += [path, f"/admin/{entity}"]
    for url in PUBLIC_PAGES + admin_pages + ["/admin", "/admin/audit"]:
        assert_inert(editor.get(url))
    search = editor.get("/search", {"q": payload})
    assert_inert(search)
    for feed in FEEDS:
        assert_feed_inert(editor.get(feed).body, payload)
    # And the payload is there, as text: it was not silently dropped.
    page = editor.get("/guests/david-maciver")
    assert page.html.h1.get_text() == payload[:120].strip() or payload.strip() in page.html.get_text()
    print(f"\n{payload!r}: {tried} fields")


@pytest.fixture
def editor_admin(testapp, login):
    login(testapp, role="admin")
    return testapp
