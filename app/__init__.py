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
            config.add_tween("app.tweens.malformed_input_tween_factory", over="MAIN")
            config.include("app.search")  # feeds, transcripts and search (issue 4)
            config.include("app.conditional")
            config.include("app.seo")
            config.scan("views")
        if store is not None and store.has_no_content() and asbool(settings["onair.demo_on_empty"]):
            from data.demo import seed_demo

            counts = seed_demo()
            store.flush()
            log.info("onair: empty store, loaded demo content: %s", counts)
        application = config.make_wsgi_app()
        if store is None:  # a real MongoDB can be down: have its 503 page compiled already
            from views.errors import warm_up_error_page

            warm_up_error_page(application.registry)
        return application
    except BaseException:
        if store is not None:
            store.close()
        raise
