"""sitemap.xml and robots.txt."""
import xml.etree.ElementTree as ET

from pyramid.response import Response
from pyramid.view import view_config

from app import conditional, urls
from data.feeds import feed_service

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _add(urlset, loc: str, lastmod=None) -> None:
    url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
    ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = loc
    if lastmod is not None:
        ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod.strftime("%Y-%m-%dT%H:%M:%S+00:00")


@view_config(route_name="sitemap")
def sitemap(request):
    """Every public page: the lists, each show, published episodes (and their transcripts),
    guests and published courses."""
    validators = conditional.precondition(request, "sitemap", cache_control="public, max-age=3600")
    entries = feed_service.sitemap_entries()
    ET.register_namespace("", SITEMAP_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for name in ("home", "episodes.index", "guests.index", "courses.index", "sponsors.index"):
        _add(urlset, request.route_url(name))
    for show in entries["shows"]:
        _add(urlset, urls.archive(request, show.slug), show.updated_at)
    for row in entries["episodes"]:
        _add(urlset, urls.episode(request, row.show_slug, row.number, row.slug), row.updated_at)
        if row.has_transcript:
            _add(urlset, urls.transcript(request, row.show_slug, row.number, row.slug), row.updated_at)
    for guest in entries["guests"]:
        _add(urlset, request.route_url("guests.show", slug=guest.slug), guest.updated_at)
    for course in entries["courses"]:
        _add(urlset, request.route_url("courses.show", slug=course.slug), course.updated_at)
    ET.indent(urlset)
    response = Response(body=ET.tostring(urlset, encoding="utf-8", xml_declaration=True),
                        content_type="application/xml", charset="utf-8")
    return conditional.apply(response, validators)


@view_config(route_name="robots")
def robots(request):
    body = "\n".join([
        "User-agent: *",
        "Disallow: /admin",
        "Disallow: /search",
        "Allow: /",
        f"Sitemap: {request.route_url('sitemap')}",
        "",
    ])
    response = Response(body=body.encode("utf-8"), content_type="text/plain", charset="utf-8")
    response.cache_control = "public, max-age=86400"
    return response
