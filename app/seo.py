"""What search engines and link previews read: OpenGraph and Twitter card tags, and JSON-LD.

Templates reach these helpers as ``seo`` and put the result in their ``head`` slot through
the ``social`` macro of templates/shared/_seo.pt. JSON-LD sits in a
``<script type="application/ld+json">`` data block (not executed, so the CSP allows it);
``json_ld()`` escapes <, > and & so no stored text can close that element early.
"""
from __future__ import annotations

import json
import sys

from pyramid.events import BeforeRender, subscriber

from app import urls

DESCRIPTION_CHARS = 300


def json_ld(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _short(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= DESCRIPTION_CHARS else text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _social(kind: str, title: str, description: str, url: str, image: str | None, site_name: str) -> list:
    tags = [("property", "og:type", kind), ("property", "og:title", title), ("property", "og:url", url),
            ("property", "og:site_name", site_name), ("name", "twitter:card", "summary"),
            ("name", "twitter:title", title)]
    if description:
        tags += [("property", "og:description", description), ("name", "description", description),
                 ("name", "twitter:description", description)]
    if image:
        tags += [("property", "og:image", image), ("name", "twitter:image", image)]
    return [{"attr": attr, "key": key, "content": content} for attr, key, content in tags]


def _series(request, show) -> dict:
    return {"@type": "PodcastSeries", "name": show.title, "url": urls.archive(request, show.slug),
            "webFeed": urls.feed(request, show.slug)}


def episode(request, show, episode) -> dict:
    url = urls.episode(request, show.slug, episode.number, episode.slug)
    image = episode.image_url or show.artwork_url
    description = _short(episode.summary or episode.title)
    data = {
        "@context": "https://schema.org", "@type": "PodcastEpisode", "url": url, "name": episode.title,
        "episodeNumber": episode.number, "datePublished": episode.published_at.date().isoformat(),
        "description": description, "timeRequired": f"PT{int(episode.duration_s or 0)}S",
        "partOfSeries": _series(request, show),
    }
    if episode.audio_url:
        data["associatedMedia"] = {"@type": "MediaObject", "contentUrl": episode.audio_url}
    if episode.guests:
        data["actor"] = [{"@type": "Person", "name": guest.name,
                          "url": request.route_url("guests.show", slug=guest.slug)} for guest in episode.guests]
    if image:
        data["image"] = image
    site = request.registry.settings["onair.site_name"]
    return {"social": _social("article", episode.title, description, url, image, site), "json_ld": json_ld(data)}


def series(request, show) -> dict:
    url = urls.archive(request, show.slug)
    description = _short(show.description)
    data = {"@context": "https://schema.org", **_series(request, show), "description": description}
    if show.artwork_url:
        data["image"] = show.artwork_url
    if show.hosts:
        data["author"] = [{"@type": "Person", "name": host} for host in show.hosts]
    site = request.registry.settings["onair.site_name"]
    return {"social": _social("website", show.title, description, url, show.artwork_url, site),
            "json_ld": json_ld(data)}


def guest(request, guest) -> dict:
    url = request.route_url("guests.show", slug=guest.slug)
    description = _short(guest.bio)
    data = {"@context": "https://schema.org", "@type": "Person", "name": guest.name, "url": url}
    if guest.photo_url:
        data["image"] = guest.photo_url
    site = request.registry.settings["onair.site_name"]
    return {"social": _social("profile", guest.name, description, url, guest.photo_url, site),
            "json_ld": json_ld(data)}


def course(request, course) -> dict:
    url = request.route_url("courses.show", slug=course.slug)
    site = request.registry.settings["onair.site_name"]
    description = _short(course.summary or course.description)
    data = {
        "@context": "https://schema.org", "@type": "Course", "name": course.title, "url": url,
        "description": description,
        "provider": {"@type": "Organization", "name": site, "sameAs": request.route_url("home")},
        "offers": {"@type": "Offer", "category": "Paid" if course.price else "Free",
                   "price": str(course.price or 0), "priceCurrency": "USD"},
        "hasCourseInstance": {"@type": "CourseInstance", "courseMode": "Online",
                              "courseWorkload": f"PT{int(course.total_duration_s or 0)}S"},
    }
    if course.instructor:
        data["hasCourseInstance"]["instructor"] = {"@type": "Person", "name": course.instructor}
    if course.image_url:
        data["image"] = course.image_url
    return {"social": _social("website", course.title, description, url, course.image_url, site),
            "json_ld": json_ld(data)}


@subscriber(BeforeRender)
def add_seo(event):
    event.setdefault("seo", sys.modules[__name__])


def includeme(config):
    config.scan(__name__)
