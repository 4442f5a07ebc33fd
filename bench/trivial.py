"""The ceiling: a Pyramid app with one view that returns a fixed short page.

Served by the same waitress settings as onair, it shows what the server, the framework and
the machine can do at best; onair's pages are reported as a fraction of its requests/s.
"""
from pyramid.config import Configurator
from pyramid.response import Response

BODY = b"<!DOCTYPE html><title>ok</title><p>ok</p>\n"


def hello(request):
    return Response(body=BODY, content_type="text/html", charset="utf-8")


def main(global_config=None, **settings):
    with Configurator(settings=settings) as config:
        config.add_route("hello", "/")
        config.add_view(hello, route_name="hello")
    return config.make_wsgi_app()
