"""The transcript list written in Python is as inert as the template it replaced."""
from data.catalog.episode import Episode
from data.transcripts.transcript import Segment, Transcript
from tests.inert import script_vectors

HOSTILE = ['<script>alert(1)</script>', '<img src=x onerror="alert(2)">', '"><svg onload=alert(3)>',
           "javascript:alert(4)", "Tom & Jerry's <b>bold</b> claim"]


def test_hostile_speakers_and_text_are_shown_as_text(testapp):
    episode = Episode.objects.public().filter(has_transcript=True).first()
    transcript = Transcript.objects.get(episode=episode)
    transcript.segments = [Segment(start_ms=1000 * (n + 1) + 250, speaker=line, text=line)
                           for n, line in enumerate(HOSTILE)]
    transcript.save()
    url = f"/episodes/transcript/{episode.number}/{episode.slug}"
    if episode.show.slug != "talkpython":
        url = f"/shows/{episode.show.slug}" + url
    page = testapp.get(url)
    items = page.html.select("ol.segments li")
    assert [li.select_one(".text").get_text() for li in items] == HOSTILE
    assert [li.select_one(".speaker").get_text() for li in items] == [f"{line}:" for line in HOSTILE]
    assert [li["id"] for li in items] == [f"t-{n + 1}" for n in range(len(HOSTILE))]
    assert script_vectors(page.html.select_one("ol.segments").decode()) == []
