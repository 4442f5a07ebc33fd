"""Search: ranked, grouped, highlighted, safe with anything a visitor types, and current."""
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from data.catalog.episode import DRAFT, SCHEDULED, Episode
from data.catalog.guest import Guest
from data.search.index import SearchIndex, fts_query, highlight
from data.transcripts.transcript import Segment, Transcript
from tests.inert import script_vectors


def _results_html(page) -> str:
    return "".join(str(part) for part in page.html.select(".search-group, .search-none"))


def test_empty_query_is_a_friendly_page(testapp):
    page = testapp.get("/search")
    assert "Type a few words" in page
    assert testapp.get("/search", {"q": "   "}).status_code == 200


def test_results_grouped_by_kind_with_marks(testapp):
    page = testapp.get("/search", {"q": "hypothesis"})
    headings = [h.get_text(" ", strip=True) for h in page.html.select(".search-group h2")]
    assert any(h.startswith("Episodes") for h in headings)
    assert any(h.startswith("Said on the show") for h in headings)
    first = page.html.select_one("#results-episodes + ol li a")
    assert "Hypothesis" in first.text
    assert page.html.select_one(".snippet mark") is not None


def test_transcript_hit_links_to_the_moment(testapp):
    page = testapp.get("/search", {"q": "hypothesis"})
    link = page.html.select_one("#results-transcripts + ol li a")
    assert "?t=" in link["href"]
    testapp.get(link["href"].replace("http://localhost", ""), status=200)


def test_guests_and_course_lectures_are_found(testapp):
    guest = testapp.get("/search", {"q": "MacIver"})
    assert guest.html.select_one("#results-guests + ol li a")["href"].endswith("/guests/david-maciver")
    course = testapp.get("/search", {"q": "f-strings"})  # a lecture title only
    assert "/courses/" in course.html.select_one("#results-courses + ol li a")["href"]


HOSTILE = ['"', '""', '"unclosed phrase', "AND", "OR OR OR", "NOT", "-", "*", "a*", "NEAR(a b, 2)",
           "title:foo", "^start", "col:(x)", "(((", ")", "\\", "'; DROP TABLE items; --", "\x00\x02\x03",
           "日本語 テスト", "emoji 🐍🐍", "ÄÖÜ straße", "x" * 2000, "word " * 400, "pytest -", "- -pytest",
           "asyncio.gather()", "C++ && C#", "{}[]<>", "NOT pytest", "-pytest", "OR pytest"]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_error(testapp, query):
    page = testapp.get("/search", {"q": query})
    assert page.status_code == 200
    assert not script_vectors(_results_html(page))


@hsettings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_makes_a_valid_fts_expression(text):
    index = SearchIndex(":memory:")
    expression = fts_query(text)
    if expression is not None:
        # No content needed: SQLite parses the expression, which is what must never fail.
        index.db.execute("SELECT rowid FROM episode_fts WHERE episode_fts MATCH ?", (expression,)).fetchall()
    index.close()


def test_operators_do_what_they_say(testapp, app):
    index = app.registry.search_index
    both = index.search("hypothesis OR asyncio").groups["episodes"]
    only = index.search("hypothesis").groups["episodes"]
    without = index.search("hypothesis -property").groups["episodes"]
    assert len(both) > len(only) >= 1
    assert all("property" not in hit.title.lower() for hit in without)
    assert index.search('"property-based testing"').groups["episodes"]
    assert index.search("hypoth*").groups["episodes"]


def test_snippets_escape_everything_but_marks():
    assert highlight("<script>alert(1)</script> \x02hit\x03 & co") == \
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>hit</mark> &amp; co"


def test_stored_markup_comes_back_escaped(testapp):
    guest = Guest.objects.first()
    guest.bio = "Writes <script>alert('zebrafish')</script> and <img src=x onerror=alert(1)> zebrafish"
    guest.save()
    page = testapp.get("/search", {"q": "zebrafish"})
    assert page.html.select_one("#results-guests + ol .snippet mark").text == "zebrafish"
    assert not script_vectors(_results_html(page))


def test_drafts_and_scheduled_stay_hidden_until_due(testapp, app):
    index = app.registry.search_index
    scheduled = Episode.objects(state=SCHEDULED).first()
    draft = Episode.objects(state=DRAFT).first()
    for episode in (scheduled, draft):
        assert not any(h.data["number"] == episode.number and h.title == episode.title
                       for h in index.search(episode.title).groups["episodes"])
    later = scheduled.published_at + dt.timedelta(minutes=1)
    assert any(h.title == scheduled.title for h in index.search(scheduled.title, now=later).groups["episodes"])


def test_every_save_and_delete_is_searchable_at_once(testapp):
    episode = Episode.objects(state="published").first()
    episode.summary = "A conversation about quokkas."
    episode.save()
    assert "quokkas" in testapp.get("/search", {"q": "quokkas"}).text
    transcript = Transcript.objects(episode=episode).first() or Transcript(episode=episode)
    transcript.segments = [Segment(start_ms=61_000, end_ms=63_000, speaker="Host", text="Axolotls regrow limbs.")]
    transcript.save()
    page = testapp.get("/search", {"q": "axolotls"})
    assert page.html.select_one("#results-transcripts + ol li a")["href"].endswith("?t=61")
    transcript.delete()
    assert "results-transcripts" not in testapp.get("/search", {"q": "axolotls"}).text
    episode.state = DRAFT
    episode.save()
    assert "results-episodes" not in testapp.get("/search", {"q": "quokkas"}).text


def test_a_second_process_catches_up_from_the_change_log(app, tmp_path):
    """Two indexes over one database stand for two processes: the one that did not see the
    save catches up at its next search."""
    first = app.registry.search_index
    other = SearchIndex(tmp_path / "other.sqlite3")
    assert other.sync() == "rebuilt"
    guest = Guest.objects.first()
    guest.bio = "Keeps a pet capybara."
    guest.save()
    assert first.search("capybara").groups["guests"]
    assert other.search("capybara").groups["guests"]
    assert other.sync() == "current"
    other.close()


def test_search_box_is_in_every_page_header(testapp):
    page = testapp.get("/guests")
    form = page.html.select_one("header form[role=search]")
    assert form["action"] == "http://localhost/search" and form.find("input", attrs={"name": "q"})
