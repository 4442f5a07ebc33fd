"""Build the benchmark catalog in a fresh embedded store, and pick the pages to request.

The catalog is the demo content plus ``seed_synthetic(episodes)``: two shows, 500 episodes,
300 guests, 20 courses and ~100 KB of transcript per episode (about 50 MB of BSON).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import mongoengine

from app.embedded.store import EmbeddedStore

# Words the synthetic transcripts and notes are made of (data/demo/synthetic.py), so every query finds something.
SEARCH_QUERIES = (
    "asyncio", "pytest fixture", "mongodb index", "django", "pandas dataframe", "type hints mypy",
    "web framework", "profiling memory", "docker kubernetes", "packaging wheels", "gil threading",
    "jupyter notebook", "security token", "fastapi pydantic", "micropython sensor", "sqlalchemy",
)


@dataclass
class Catalog:
    directory: Path
    seed_seconds: float
    counts: dict
    size_bytes: int
    flush_seconds: float = 0.0
    extra: dict = field(default_factory=dict)


def build(directory: Path, episodes: int, transcript_kb: int, progress=None) -> Catalog:
    """Seed demo + synthetic content into ``directory`` and write it out in mongodump layout."""
    from data.demo.synthetic import seed_synthetic

    from data.demo.content import seed_demo

    store = EmbeddedStore(directory).open()
    try:
        started = time.perf_counter()
        counts = dict(seed_demo())
        for key, value in seed_synthetic(episodes, transcript_kb=transcript_kb, progress=progress).items():
            counts[f"synthetic {key}"] = value
        seeded = time.perf_counter()
        store.flush()
        flushed = time.perf_counter()
    finally:
        store.close()
        mongoengine.disconnect()
    size = sum(path.stat().st_size for path in (directory / store.db_name).glob("*.bson"))
    return Catalog(directory, flushed - started, counts, size, flush_seconds=flushed - seeded)


def page_paths(app, per_page: int) -> dict[str, list[str]]:
    """Paths for each page type, spread over the catalog. Built with the app's own URL helpers."""
    from pyramid.scripting import prepare

    from app import urls
    from data.catalog.episode import Episode
    from data.catalog.guest import Guest
    from data.catalog.show import Show
    from data.training.course import Course

    env = prepare(registry=app.registry)
    request = env["request"]
    try:
        show_slugs = {row["_id"]: row["slug"] for row in Show.objects.only("slug").as_pymongo()}
        public = list(Episode.objects.public().only("show", "number", "slug", "has_transcript")
                      .order_by("-published_at").as_pymongo())
        picked = _spread(public, per_page)
        with_transcript = _spread([e for e in public if e.get("has_transcript")], per_page)
        guest_ids = {g for e in Episode.objects.public().only("guests").as_pymongo() for g in e.get("guests", ())}
        guests = _spread(list(Guest.objects(id__in=list(guest_ids)).only("slug").order_by("slug").as_pymongo()),
                         per_page)
        courses = list(Course.objects(published=True).only("slug").order_by("slug").as_pymongo())
        main_show = app.registry.settings["onair.main_show"]
        feed_shows = sorted(show_slugs.values(), key=lambda s: s != main_show)
        return {
            "home": [path(request.route_url("home"))],
            "archive": [path(request.route_url("episodes.index"))],
            "episode": [path(urls.episode(request, show_slugs[e["show"]], e["number"], e["slug"])) for e in picked],
            "transcript": [path(urls.transcript(request, show_slugs[e["show"]], e["number"], e["slug"]))
                           for e in with_transcript],
            "guest": [path(request.route_url("guests.show", slug=g["slug"])) for g in guests],
            "course": [path(request.route_url("courses.show", slug=c["slug"])) for c in courses],
            "feed": [_feed_path(request, slug, main_show) for slug in feed_shows],
            "search": [_search_path(request, q) for q in SEARCH_QUERIES],
        }
    finally:
        env["closer"]()


def _spread(items: list, count: int) -> list:
    """``count`` items spread evenly over the list (all of them when it is short)."""
    if len(items) <= count:
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def _route_path(request, name: str, fallback: str, **parts) -> str:
    """A route's path, or ``fallback`` where the feature is not built (it then answers 404: n/a)."""
    try:
        return path(request.route_url(name, **parts))
    except KeyError:
        return fallback


def path(url: str) -> str:
    """The path and query of a URL: what a client puts on its request line."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _feed_path(request, show_slug: str, main_show: str) -> str:
    if show_slug == main_show:
        return _route_path(request, "episodes.rss_full_history", "/episodes/rss_full_history")
    return _route_path(request, "shows.episodes.rss_full_history",
                       f"/shows/{show_slug}/episodes/rss_full_history", show=show_slug)


def _search_path(request, query: str) -> str:
    return _route_path(request, "search", "/search?" + urlencode({"q": query}), _query={"q": query})
