"""The read API as a client sees it: JSON, newest first, cursor pages, no drafts, problem+json errors."""
from datetime import timedelta

from data.catalog.episode import Episode
from data.catalog.show import Show


def _public(slug=None):
    query = Episode.objects(show=Show.objects(slug=slug).first()) if slug else Episode.objects
    return sorted((e for e in query if e.is_public()), key=lambda e: e.published_at, reverse=True)


def test_shows_lists_every_show(testapp):
    body = testapp.get("/api/v1/shows").json
    assert {s["slug"] for s in body["items"]} == {s.slug for s in Show.objects}


def test_episode_pages_walk_the_public_catalog_newest_first(testapp):
    seen, cursor = [], None
    while True:
        params = {"show": "talkpython", "limit": 7} | ({"cursor": cursor} if cursor else {})
        response = testapp.get("/api/v1/episodes", params=params)
        assert response.content_type == "application/json"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        seen += [(e["show"], e["number"]) for e in response.json["items"]]
        cursor = response.json["next_cursor"]
        if cursor is None:
            break
    # Drafts and scheduled-but-future episodes never appear; order is newest first.
    assert seen == [("talkpython", e.number) for e in _public("talkpython")]


def test_tag_filter(testapp):
    tag = next(t for e in _public() for t in e.tags)
    items = testapp.get("/api/v1/episodes", params={"tag": tag, "limit": 50}).json["items"]
    assert items and all(tag in e["tags"] for e in items)


def test_one_episode_has_guests_sponsors_chapters_audio(testapp):
    episode = _public("talkpython")[0]
    body = testapp.get(f"/api/v1/shows/talkpython/episodes/{episode.number}").json
    assert body["title"] == episode.title and body["audio_url"] == episode.audio_url
    assert {g["slug"] for g in body["guests"]} == {g.slug for g in episode.guests}
    assert {s["slug"] for s in body["sponsors"]} == {s.slug for s in episode.sponsors}
    assert isinstance(body["chapters"], list)
    assert body["published_at"].endswith("Z")


def test_unpublished_episode_is_a_problem_404(testapp):
    hidden = next(e for e in Episode.objects if not e.is_public())
    response = testapp.get(f"/api/v1/shows/{hidden.show.slug}/episodes/{hidden.number}", status=404)
    assert response.content_type == "application/problem+json"
    assert response.json["status"] == 404


def test_bad_parameters_are_problem_400(testapp):
    for params in ({"limit": "x"}, {"limit": 0}, {"cursor": "yesterday"}):
        response = testapp.get("/api/v1/episodes", params=params, status=400)
        assert response.content_type == "application/problem+json"
    assert testapp.get("/api/v1/episodes", params={"show": "nope"}, status=404).json["status"] == 404


def test_unknown_address_and_wrong_method_are_problems(testapp):
    response = testapp.get("/api/v1/nothing-here", status=404)
    assert response.content_type == "application/problem+json"
    response = testapp.post("/api/v1/episodes", status=405)
    assert response.content_type == "application/problem+json" and response.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_site_404_page_is_still_html(testapp):
    assert testapp.get("/guests/nobody-at-all", status=404).content_type == "text/html"


def test_conditional_get_answers_304_per_url_and_query(testapp):
    first = testapp.get("/api/v1/episodes", params={"limit": 5})
    assert first.etag and first.headers["Cache-Control"].startswith("public")
    testapp.get("/api/v1/episodes", params={"limit": 5}, headers={"If-None-Match": f'"{first.etag}"'}, status=304)
    # Another query is another representation, so another validator.
    other = testapp.get("/api/v1/episodes", params={"limit": 6})
    assert other.etag != first.etag


def test_guests_with_their_public_appearances(testapp):
    listed = testapp.get("/api/v1/guests").json["items"]
    guest = max(listed, key=lambda g: g["appearances"])
    body = testapp.get(f"/api/v1/guests/{guest['slug']}").json
    assert len(body["appearances"]) == guest["appearances"] > 0
    public = {(e.show.slug, e.number) for e in _public()}
    assert {(e["show"], e["number"]) for e in body["appearances"]} <= public
    assert testapp.get("/api/v1/guests/nobody", status=404).content_type == "application/problem+json"


def test_guest_and_since_filters(api):
    guest = next(g for e in _public() for g in e.guests)
    items = api.get("/api/v1/episodes", params={"guest": guest.slug, "limit": 50}).json["items"]
    assert {(e["show"], e["number"]) for e in items} == {
        (e.show.slug, e.number) for e in _public() if guest in e.guests}
    middle = _public()[len(_public()) // 2].published_at
    since = middle.strftime("%Y-%m-%dT%H:%M:%SZ")
    items = api.get("/api/v1/episodes", params={"since": since, "limit": 50}).json["items"]
    assert len(items) == sum(1 for e in _public() if e.published_at >= middle)
    # An offset is honoured, not dropped: the same moment two hours east.
    east = (middle + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S+02:00")
    assert api.get("/api/v1/episodes", params={"since": east, "limit": 50}).json["items"] == items
    assert api.get("/api/v1/episodes", params={"guest": "nobody"}, status=404).json["status"] == 404
    api.get("/api/v1/episodes", params={"since": "last week"}, status=400, valid_request=False)


def test_episode_links_its_transcript_files_and_page(api):
    with_transcript = next(e for e in _public() if e.has_transcript)
    body = api.get(f"/api/v1/shows/{with_transcript.show.slug}/episodes/{with_transcript.number}").json
    assert set(body["transcript_files"]) == {"vtt", "srt", "json", "txt"}
    assert body["url"].startswith("http://localhost/")
    assert all(set(c) == {"start_s", "title"} for c in body["chapters"])
    without = next(e for e in _public() if not e.has_transcript)
    assert api.get(f"/api/v1/shows/{without.show.slug}/episodes/{without.number}").json["transcript_files"] is None


def test_transcript_segments_in_seconds(api):
    from data.transcripts.transcript import Transcript

    episode = next(e for e in _public() if e.has_transcript)
    stored = Transcript.objects(episode=episode).get()
    body = api.get(f"/api/v1/shows/{episode.show.slug}/episodes/{episode.number}/transcript").json
    assert len(body["segments"]) == len(stored.segments)
    first = body["segments"][0]
    assert first["start_s"] == stored.segments[0].start_ms / 1000 and first["text"] == stored.segments[0].text
    assert body["files"]["vtt"].endswith("/transcript.vtt")


def test_transcript_of_a_hidden_or_missing_episode_is_404(api):
    hidden = next(e for e in Episode.objects if not e.is_public())
    api.get(f"/api/v1/shows/{hidden.show.slug}/episodes/{hidden.number}/transcript", status=404)
    without = next(e for e in _public() if not e.has_transcript)
    api.get(f"/api/v1/shows/{without.show.slug}/episodes/{without.number}/transcript", status=404)
    api.get("/api/v1/shows/talkpython/episodes/99999999999999999999999/transcript", status=404)
