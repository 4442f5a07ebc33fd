"""Static assets: content-hashed URLs (?v=<md5>), cached for a year."""
import hashlib
from functools import lru_cache

from pyramid.path import AssetResolver

ONE_YEAR = 365 * 24 * 3600


class ContentHashCacheBuster:
    """Adds the file's hash to its URL, so a changed file gets a new URL."""

    def __init__(self, package_spec: str):
        self.package_spec = package_spec

    @lru_cache(maxsize=512)
    def _hash(self, path: str) -> str:
        resolved = AssetResolver().resolve(f"{self.package_spec}/{path}")
        try:
            with resolved.stream() as handle:
                return hashlib.md5(handle.read()).hexdigest()[:12]
        except (OSError, ValueError):
            return "0"

    def __call__(self, request, subpath, kw):
        kw.setdefault("_query", {})["v"] = self._hash(subpath)
        return subpath, kw


def includeme(config):
    config.add_static_view("static", "app:static", cache_max_age=ONE_YEAR)
    config.add_cache_buster("app:static/", ContentHashCacheBuster("app:static"))
