"""The search index's place: ``onair.search_index`` (a file; ``:memory:`` for throwaway use),
by default ``search.sqlite3`` beside the embedded store's folder (var/ in development)."""
from pathlib import Path

from data.search import index as search_index


def index_path(settings: dict) -> str:
    configured = (settings.get("onair.search_index") or "").strip()
    if configured:
        return configured
    store_dir = Path(settings.get("onair.store_dir") or "var/store")
    return str(store_dir.parent / "search.sqlite3")


def open_index(settings: dict) -> search_index.SearchIndex:
    index = search_index.SearchIndex(index_path(settings))
    search_index.activate(index)
    return index


def includeme(config):
    config.registry.search_index = open_index(config.registry.settings)
    # Views read request.registry.search_index: a request method would make Pyramid build a
    # new request class on every request (~16 µs), a quarter of what a 304 costs.
