"""Every URL onair answers, in one table.

The main show (``onair.main_show``) lives at talkpython.fm's own paths
(/episodes/show/<n>/<slug>); every other show has the same paths under
/shows/<show>. Build links with ``request.route_url`` or ``app.urls``.
"""

# (route name, pattern). Order matters for the last two catch-alls.
SHOW_PAGES = [
    ("episodes.all", "/episodes/all"),
    ("episodes.show", "/episodes/show/{number}/{slug}"),
    ("episodes.show_bare", "/episodes/show/{number}"),
    ("episodes.transcript", "/episodes/transcript/{number}/{slug}"),
]

ROUTES = [
    ("home", "/"),
    ("episodes.index", "/episodes"),
    ("shows.index", "/shows"),
    ("shows.detail", "/shows/{show}"),
    ("guests.index", "/guests"),
    ("guests.show", "/guests/{slug}"),
    ("courses.index", "/courses"),
    ("courses.show", "/courses/{slug}"),
    ("courses.lecture", "/courses/{slug}/lectures/{lecture}"),
    ("courses.progress", "/courses/{slug}/lectures/{lecture}/progress"),  # the player's reports (POST)
    ("sponsors.index", "/sponsors"),
    ("healthz", "/healthz"),
]

# --- Training: student accounts (views/account.py; login/logout are views/auth.py's) ----
ROUTES += [
    ("account.home", "/account"),
    ("account.signup", "/account/signup"),
    ("account.login", "/account/login"),
    ("account.logout", "/account/logout"),
    ("account.verify", "/account/verify"),
    ("account.verify_resend", "/account/verify/resend"),
    ("account.reset", "/account/reset"),
    ("account.reset_confirm", "/account/reset/confirm"),
    ("account.redeem", "/account/redeem"),
    ("account.courses", "/account/courses"),
    ("account.sessions.end", "/account/sessions/end"),
    ("account.sessions.end_all", "/account/sessions/end-all"),
]

# --- Admin: accounts and security (views/auth.py, views/admin/) -----------------
# Listed before the catch-alls; every /admin page except login needs a permission.
ROUTES += [
    ("auth.login", "/admin/login"),
    ("auth.logout", "/admin/logout"),
    ("auth.login_code", "/admin/login/code"),
    ("auth.setup", "/admin/setup"),  # the first admin, with the one-time link from the start-up log
    ("admin.dashboard", "/admin"),
    ("admin.account", "/admin/account"),
    ("admin.account.totp", "/admin/account/totp"),
    ("admin.account.totp_qr", "/admin/account/totp/qr.svg"),
    ("admin.account.totp_disable", "/admin/account/totp/disable"),
    ("admin.users.index", "/admin/users"),
    ("admin.users.new", "/admin/users/new"),
    ("admin.users.edit", "/admin/users/{id}/edit"),
    ("admin.users.delete", "/admin/users/{id}/delete"),
    ("admin.audit", "/admin/audit"),
]

# --- feeds, transcript files, chapters, search and SEO ---
SHOW_PAGES += [
    ("episodes.rss", "/episodes/rss"),
    ("episodes.rss_full_history", "/episodes/rss_full_history"),
    ("episodes.transcript_file", r"/episodes/{number:\d+}/transcript.{fmt:vtt|srt|json|txt}"),
    ("episodes.chapters", r"/episodes/{number:\d+}/chapters.json"),
]
ROUTES += [
    ("search", "/search"),
    ("sitemap", "/sitemap.xml"),
    ("robots", "/robots.txt"),
]

# --- Admin: content editing ------------------------------------
# admin.<entity>.index|new|edit|delete under /admin/<entity>; every view needs content.edit.
ADMIN_CONTENT = ("shows", "episodes", "guests", "sponsors", "courses", "transcripts")
ADMIN_CONTENT_ROUTES = [("admin.preview", "/admin/preview")]  # Markdown preview (POST)
for _entity in ADMIN_CONTENT:
    ADMIN_CONTENT_ROUTES += [
        (f"admin.{_entity}.index", f"/admin/{_entity}"),
        (f"admin.{_entity}.new", f"/admin/{_entity}/new"),
        (f"admin.{_entity}.edit", f"/admin/{_entity}/{{id}}/edit"),
        (f"admin.{_entity}.delete", f"/admin/{_entity}/{{id}}/delete"),
    ]
ROUTES += ADMIN_CONTENT_ROUTES
# --- end of admin content routes ---------------------------------------------------------

# --- JSON API, version 1 (views/api/) ---------------------------------------------
ROUTES += [
    ("api.shows", "/api/v1/shows"),
    ("api.episodes", "/api/v1/episodes"),
    ("api.episode", r"/api/v1/shows/{show}/episodes/{number:\d+}"),
    ("api.guests", "/api/v1/guests"),
    ("api.guest", "/api/v1/guests/{slug}"),
    ("api.transcript", r"/api/v1/shows/{show}/episodes/{number:\d+}/transcript"),
    ("api.courses", "/api/v1/courses"),
    ("api.course", "/api/v1/courses/{slug}"),
    ("api.search", "/api/v1/search"),
    ("api.openapi", "/api/v1/openapi.json"),
    ("api.reference", "/api"),
]
# --- end of JSON API routes ------------------------------------------------------

CATCH_ALL = [
    ("episodes.short", r"/{number:\d+}"),       # /67 -> episode 67 of the main show
    ("sponsors.redirect", "/{slug}"),           # /digitalocean -> tracked sponsor redirect
]


def includeme(config):
    for name, pattern in ROUTES:
        config.add_route(name, pattern)
    for name, pattern in SHOW_PAGES:
        config.add_route(name, pattern)
        config.add_route(f"shows.{name}", "/shows/{show}" + pattern)
    for name, pattern in CATCH_ALL:
        config.add_route(name, pattern)
