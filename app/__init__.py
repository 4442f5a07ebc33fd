"""onair: the WSGI application. ``main()`` is what pserve and the tests call."""
import logging

from pyramid.config import Configurator
from pyramid.settings import asbool

from app.database import open_from_settings
from app.embedded.store import StoreError
from app.security import SecretsError

log = logging.getLogger(__name__)

DEFAULTS = {
    "onair.main_show": "talkpython",
    "onair.site_name": "onair",
    "onair.db_name": "onair",
    "onair.store_dir": "var/store",
    "onair.demo_on_empty": "true",
}

# Every tween, outermost first. Explicit, because the order matters and implicit ordering
# drifted as features added theirs (error pages once lost their security headers).
TWEENS = (
    "app.protection.security_headers_tween_factory",  # headers on every response, error pages too
    "app.tweens.readable_cookies_tween_factory",  # cookies that are not UTF-8 dropped before anyone reads one
    "app.hosts.public_url_tween_factory",  # onair.public_url names every URL; unknown hosts get a 400 page
    "app.tweens.store_flush_tween_factory",  # the embedded store is on disk before the response goes
    "app.sessions.session_save_tween_factory",  # changed sessions written, then the store flushed
    "pyramid.tweens.excview_tween_factory",  # exceptions below become pages in the layout
    "views.api.limits.api_limit_tween_factory",  # API rate limits, counted before any cache answers
    "app.protection.body_limit_tween_factory",  # 413 before anything reads an oversized body
    "app.tweens.malformed_input_tween_factory",  # undecodable paths, queries and forms: 400
    "app.pagecache.page_cache_tween_factory",  # anonymous pages from memory, per content stamp
    "app.conditional.conditional_tween_factory",  # ETag / Last-Modified / 304 on HTML pages
)


def main(global_config=None, **settings):
    settings = {**DEFAULTS, **settings, "pyramid.tweens": "\n".join(TWEENS)}
    try:
        store = open_from_settings(settings)
    except StoreError as exc:
        # A locked or corrupt store: say why in one line and stop, no traceback.
        log.error("%s", exc)
        raise SystemExit(f"onair: {exc}") from None
    try:
        with Configurator(settings=settings) as config:
            config.registry.store = store
            config.include("pyramid_chameleon")
            config.include("app.security")
            config.include("app.mail")
            config.include("app.static")
            config.include("app.routes")
            config.include("app.templating")
            config.include("app.search")  # the search index, opened once per process
            config.include("app.seo")
            config.scan("views")
        if store is not None and store.has_no_content() and asbool(settings["onair.demo_on_empty"]):
            from data.demo.content import seed_demo

            counts = seed_demo()
            store.flush()
            log.info("onair: empty store, loaded demo content: %s", counts)
        application = config.make_wsgi_app()
        from app.first_admin import announce_setup_link

        announce_setup_link(application.registry)
        if store is None:  # a real MongoDB can be down: have its 503 page compiled already
            from views.errors import warm_up_error_page

            warm_up_error_page(application.registry)
        return application
    except SecretsError as exc:
        if store is not None:
            store.close()
        log.error("%s", exc)
        raise SystemExit(f"onair: {exc}") from None
    except BaseException:
        if store is not None:
            store.close()
        raise
