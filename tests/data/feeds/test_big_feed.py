"""A long generated back catalog imports with progress and a summary (bench/feed_import_bench.py
times the 2,000-item, 20 MB version)."""
from bench.feed_import_bench import make_feed
from data.catalog.episode import Episode
from data.catalog.show import Show
from data.feeds.importer import import_feed


def test_a_long_feed_imports_with_progress_and_a_summary(app):
    Show(slug="bench", title="Bench").save()
    raw = make_feed(60, notes_kb=2)
    calls = []
    report = import_feed(raw, "bench", progress=lambda done, total, what: calls.append((done, total, what)))
    assert (len(report.created), report.skipped) == (60, [])
    assert calls[-1] == (60, 60, "episodes written") and (60, 60, "items read") in calls
    numbers = sorted(e.number for e in Episode.objects(show=Show.objects(slug="bench").first()))
    assert numbers == list(range(1, 61))  # every third from itunes:episode, the rest from "Episode N:"
    Show(slug="bench2", title="Bench 2").save()
    ordered = import_feed(raw.replace(b">bench-", b">copy-"), "bench2", numbering="feed")  # titles ignored: after the highest, oldest first
    numbers = sorted(e.number for e in Episode.objects(show=Show.objects(slug="bench2").first()))
    assert numbers == list(range(3, 61, 3)) + list(range(61, 101)) and len(ordered.numbered) == 40
    again = import_feed(raw, "bench")
    assert (len(again.created), len(again.unchanged)) == (0, 60)
