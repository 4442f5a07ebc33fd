"""The public URL, and the host names onair answers to.

With ``onair.public_url`` set (production; ONAIR_PUBLIC_URL in the environment wins), every
request is rewritten to it before anything builds a URL: the scheme, host and script name (a
path prefix) come from the setting, never from the Host header or a proxy's X-Forwarded-Host.
So every ``route_url`` and ``static_url`` (pages, feeds, sitemap, redirects, forms) names the
public site, and the page cache, keyed by the full URL, keeps one copy per page. A request for
a host that is neither the public URL's nor in ``onair.allowed_hosts`` gets the site's 400 page,
its links pointing to the public site. Ports are not compared (as Django's ALLOWED_HOSTS);
an entry ``.example.org`` allows that domain and its subdomains, ``*`` allows any host.

Without the setting (development, tests) nothing changes: requests keep their own host, so
localhost works without configuration.
"""
from __future__ import annotations

import logging
import re

from app.tweens import MalformedRequest
from app.urls import public_url, split_public_url

log = logging.getLogger(__name__)

UNKNOWN_HOST = "This site does not answer to that host name."


class UnknownHost(MalformedRequest):
    """The Host header names a site that is not this one."""


def host_name(host: str) -> str:
    """``Example.org:8080`` -> ``example.org``; ``[::1]:6543`` -> ``::1``."""
    host = (host or "").strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else ""
    return host.rsplit(":", 1)[0].rstrip(".") if host.count(":") <= 1 else host


def allowed_hosts(settings, public_host: str) -> list[str]:
    listed = re.split(r"[\s,]+", str(settings.get("onair.allowed_hosts") or ""))
    return [public_host] + [entry.lower().rstrip(".") for entry in listed if entry]


def host_allowed(host: str, allowed: list[str]) -> bool:
    for entry in allowed:
        if entry == "*" or host == entry:
            return True
        if entry.startswith(".") and (host == entry[1:] or host.endswith(entry)):
            return True
    return False


def public_url_tween_factory(handler, registry):
    url = public_url(registry)
    if not url:
        return handler
    scheme, netloc, prefix = split_public_url(url)
    public_host = host_name(netloc)
    port = netloc.rsplit(":", 1)[1] if ":" in netloc.rsplit("]", 1)[-1] else ("443" if scheme == "https" else "80")
    allowed = allowed_hosts(registry.settings, public_host)
    rewrite = {"wsgi.url_scheme": scheme, "HTTP_HOST": netloc, "SERVER_NAME": public_host,
               "SERVER_PORT": port, "SCRIPT_NAME": prefix}

    def public_url_tween(request):
        environ = request.environ
        asked = host_name(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""))
        environ.update(rewrite)
        if not host_allowed(asked, allowed):
            log.info("refused a request for host %r", asked[:200])
            try:
                raise UnknownHost(UNKNOWN_HOST)
            except UnknownHost:
                return request.invoke_exception_view()
        return handler(request)

    return public_url_tween
