"""Search through the API gives what /search gives: the same groups, hits, order and moments."""
from views.search import KIND_TITLES


def _page_links(testapp, q):
    page = testapp.get("/search", params={"q": q}).html
    return [[a["href"] for a in group.select("ol.search-hits > li > a")] for group in page.select("section.search-group")]


def test_same_groups_and_links_as_the_page(api, testapp):
    for q in ("python", "black hole", "mongodb OR jumpstart"):
        body = api.get("/api/v1/search", params={"q": q}).json
        assert body["query"] == q and body["groups"]
        assert [g["title"] for g in body["groups"]] == [KIND_TITLES[g["kind"]] for g in body["groups"]]
        assert [[hit["url"] for hit in g["hits"]] for g in body["groups"]] == _page_links(testapp, q)


def test_transcript_hits_carry_the_second(api):
    body = api.get("/api/v1/search", params={"q": "black hole"}).json
    said = next(g for g in body["groups"] if g["kind"] == "transcripts")["hits"]
    assert said and all(isinstance(hit["start_s"], int) for hit in said)
    assert all(hit["url"].endswith(f"?t={hit['start_s']}") for hit in said)


def test_no_words_and_missing_q(api):
    assert api.get("/api/v1/search", params={"q": "!!!"}).json["groups"] == []
    response = api.get("/api/v1/search", status=400, valid_request=False)
    assert response.content_type == "application/problem+json"
