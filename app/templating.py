"""What every template can use besides what its view returns; templates compile one at a time."""
import functools
import threading

from chameleon.template import BaseTemplate
from pyramid.events import BeforeRender, subscriber

from app import formatting, urls

# CPython 3.11 counts the AST constructor's recursion depth per interpreter, not per thread
# (a known CPython bug: "AST constructor recursion depth mismatch"), so two threads compiling
# templates at once can fail with a SystemError: 40 parallel logins to a fresh process gave
# some 500s instead of 429 pages.
_COOK_LOCK = threading.RLock()


def _one_at_a_time(cook):
    @functools.wraps(cook)
    def serialized_cook(self, body):
        with _COOK_LOCK:
            return cook(self, body)

    serialized_cook.serialized = True
    return serialized_cook


if not getattr(BaseTemplate.cook, "serialized", False):
    BaseTemplate.cook = _one_at_a_time(BaseTemplate.cook)


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
