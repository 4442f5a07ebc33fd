"""onair: the WSGI application. ``main()`` is what pserve and the tests call."""
import logging

from pyramid.config import Configurator
from pyramid.settings import asbool

from app.store import StoreError, open_from_settings

log = logging.getLogger(__name__)

DEFAULTS = {
    "onair.main_show": "talkpython",
    "onair.site_name": "onair",
    "onair.db_name": "onair",
    "onair.store_dir": "var/store",
    "onair.demo_on_empty": "true",
}


def main(global_config=None, **settings):
    settings = {**DEFAULTS, **settings}
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
            config.include("app.static")
            config.include("app.routes")
            config.include("app.templating")
            config.add_tween("app.tweens.store_flush_tween_factory")
            config.include("app.pagecache")  # anonymous pages from memory, per content version
            config.scan("views")
        if store is not None and store.is_empty() and asbool(settings["onair.demo_on_empty"]):
            from data.demo import seed_demo

            counts = seed_demo()
            store.flush()
            log.info("onair: empty store, loaded demo content: %s", counts)
        return config.make_wsgi_app()
    except BaseException:
        if store is not None:
            store.close()
        raise
