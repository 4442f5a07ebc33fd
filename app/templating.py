"""What every template can use besides what its view returns."""
from pyramid.events import BeforeRender, subscriber

from app import formatting, urls


@subscriber(BeforeRender)
def add_globals(event):
    request = event["request"]
    event.setdefault("urls", urls)
    event.setdefault("fmt", formatting)
    event.setdefault("site_name", request.registry.settings["onair.site_name"] if request else "onair")
    event.setdefault("page_title", None)
    event.setdefault("meta", {})


def includeme(config):
    config.scan(__name__)
