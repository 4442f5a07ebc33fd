"""Logging in and out, and what a refused request sees.

Login: the password, then (for accounts that have one) a code from the authenticator
app or a recovery code; then a fresh session, remember the user, a fresh CSRF token,
and back to where they were going. Failed attempts count against the account and the
client address (app/throttle.py); past the limit the answer is a 429 page.
"""
from __future__ import annotations

import time
from urllib.parse import quote, urlsplit

from pyramid.httpexceptions import HTTPSeeOther, HTTPTooManyRequests
from pyramid.security import forget, remember
from pyramid.view import exception_view_config, forbidden_view_config, view_config
from wtforms import Form, HiddenField, PasswordField, StringField
from wtforms.validators import InputRequired, Length

from app import throttle, urls
from data.accounts import second_factor, user_service
from data.accounts.passwords import MAX_LENGTH
from data.editing import audit_service
from views.admin.user_forms import CodeForm

LOGIN_FAILED = "That email and password do not match an active account. Check both and try again."
PENDING_KEY = "auth.pending"
SECOND_STEP_SECONDS = 300


class LoginForm(Form):
    email = StringField("Email", [InputRequired("Enter the email address of your account."), Length(max=254)])
    password = PasswordField("Password", [InputRequired("Enter your password."), Length(max=MAX_LENGTH)])
    next = HiddenField()


class TooManyAttempts(HTTPTooManyRequests):
    def __init__(self, wait_seconds: int):
        super().__init__()
        self.wait_seconds = wait_seconds  # (webob's Response already has a retry_after property)


def client_ip(request) -> str:
    """REMOTE_ADDR, never X-Forwarded-For: behind the proxy, waitress's trusted_proxy settings
    put the real client there, while webob's client_addr would believe whatever the client sent."""
    return request.remote_addr or "unknown"


def refuse_if_throttled(request, email: str = "") -> None:
    """Counts this attempt before the check (parallel guesses cannot slip past the limit)."""
    wait = throttle.begin_attempt(request, email)
    if wait:
        raise TooManyAttempts(wait)


LOCKOUT_MAIL = (
    "Hello {name},\n\nThere were several failed attempts to log in to your account, so logging in "
    "with it is paused for a few minutes. A browser where you have logged in before can still log in "
    "as usual.\n\nIf these attempts were not yours, nothing was opened; you may want to choose a new, "
    "longer password: {reset}\n")


def count_failure(request, email: str) -> None:
    throttle.attempt_failed(request, email)
    if request.registry.login_throttle.lockout_to_announce(email):
        user = user_service.by_email(email)
        if user is not None and user.active:
            # The page answers the same either way: only the owner's mailbox learns of it.
            request.registry.mail.send(user.email, "Login attempts on your account paused", LOCKOUT_MAIL.format(
                name=user.display_name, reset=urls.mail_link(request, "account.reset")))


def totp_factory(request):
    settings = request.registry.settings
    return second_factor.totp_factory(request.registry.auth_secret, settings["onair.site_name"])


def home_url(request) -> str:
    """Where a login without ``next`` lands: students on their account page, staff on the dashboard."""
    if request.matched_route is not None and request.matched_route.name.startswith("account."):
        return request.route_url("account.home")
    return request.route_url("admin.dashboard")


def safe_next(request, target) -> str:
    """``target`` if it is a path on this site, else the home page for this login. Never another host."""
    target = str(target or "")
    try:
        parts = urlsplit(target)
        if (target.startswith("/") and not target.startswith(("//", "/\\")) and not parts.scheme
                and not parts.netloc and target.isprintable() and "\\" not in target):
            # A Location header goes out as Latin-1 (waitress refuses anything else): what is
            # not ASCII is sent percent-encoded, as a browser would write it; escapes stay.
            return quote(target, safe="/?&=#%:@!$'()*+,;~[]")
    except (ValueError, UnicodeEncodeError):  # "/[x]" style netlocs, lone surrogates
        pass
    return home_url(request)


def start_session(request, user) -> list:
    """A logged-in session for ``user``: new session, remember, new CSRF token (no fixation)."""
    request.session.invalidate()
    headers = remember(request, str(user.id), user=user)
    request.session.new_csrf_token()
    user_service.record_login(user)
    audit_service.record(request, "login", target=user, label=user.email)
    return headers


def refresh_session(request, user) -> list:
    """After a change that ended every session of the user's account (data/accounts/user_service.py):
    this browser carries on under a new session token, with the new password's stamp."""
    request.session.regenerate()
    return remember(request, str(user.id), user=user)


@view_config(route_name="auth.login", renderer="templates:admin/login.pt", request_method=("GET", "POST"))
@view_config(route_name="account.login", renderer="templates:admin/login.pt", request_method=("GET", "POST"))
def login(request):
    if request.method == "POST":
        form = LoginForm(request.POST)
    else:
        form = LoginForm(next=request.GET.get("next", ""))
    error = None
    if request.method == "POST" and form.validate():
        email = form.email.data.strip()
        refuse_if_throttled(request, email)
        user = user_service.authenticate(email, form.password.data)
        if user is None:
            count_failure(request, email)
            known = user_service.by_email(email)
            audit_service.record(request, "login_failed", target=known, target_type="user", label=email)
            request.response.status = 400
            error = LOGIN_FAILED
        elif user.totp_enabled:
            request.session.invalidate()
            request.session[PENDING_KEY] = {"user": str(user.id), "at": int(time.time()),
                                            "next": safe_next(request, form.next.data)}
            request.session.new_csrf_token()
            return HTTPSeeOther(request.route_url("auth.login_code"))
        else:
            headers = start_session(request, user)
            return HTTPSeeOther(safe_next(request, form.next.data), headers=headers)
    elif request.method == "POST":
        request.response.status = 400
    form.password.data = ""
    return {"form": form, "error": error, "page_title": "Log in"}


def pending_user(request):
    """The account that passed the password step in this session, if that was recent."""
    pending = request.session.get(PENDING_KEY) if "onair_session" in request.cookies else None
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > SECOND_STEP_SECONDS:
        return None, None
    user = user_service.active_by_id(pending.get("user"))
    return (user, pending) if user is not None and user.totp_enabled else (None, None)


def spend_code(request, user, code: str) -> None:
    """Accept a TOTP code or a recovery code for ``user``, each only once; else CodeRefused."""
    if second_factor.looks_like_recovery_code(code):
        if not user_service.use_recovery_code(user, second_factor.hash_recovery_code(code)):
            raise second_factor.CodeRefused("That recovery code is not one of yours, or it was already used.")
        audit_service.record(request, "recovery_code_used", target=user, label=user.email,
                             changes={"recovery codes left": len(user.recovery_codes)})
        return
    counter = second_factor.check_totp(totp_factory(request), user.totp_secret, code, user.totp_last_counter)
    if not user_service.accept_totp_counter(user, counter):
        raise second_factor.CodeRefused("That code was already used. Wait for your app to show the next one.")


@view_config(route_name="auth.login_code", renderer="templates:admin/login_code.pt",
             request_method=("GET", "POST"))
def login_code(request):
    user, pending = pending_user(request)
    if user is None:
        request.session.pop(PENDING_KEY, None)
        request.session.flash("Please log in again: the step for the code lasts five minutes.",
                              queue="success")
        return HTTPSeeOther(request.route_url("auth.login"))
    form = CodeForm(request.POST) if request.method == "POST" else CodeForm()
    if request.method == "POST" and form.validate():
        refuse_if_throttled(request, user.email)
        try:
            spend_code(request, user, form.code.data)
        except second_factor.CodeRefused as exc:
            count_failure(request, user.email)
            audit_service.record(request, "login_failed", target=user, label=f"{user.email} (second factor)")
            form.code.errors.append(str(exc))
        else:
            headers = start_session(request, user)
            return HTTPSeeOther(pending["next"], headers=headers)
    if request.method == "POST":
        request.response.status = 400
    return {"form": form, "page_title": "Log in: code"}


@view_config(route_name="auth.logout", request_method="POST")
@view_config(route_name="account.logout", request_method="POST")
def logout(request):
    user = request.identity
    if user is not None:
        audit_service.record(request, "logout", target=user, label=user.email)
    headers = forget(request)
    request.session.invalidate()
    request.session.flash("You are logged out.", queue="success")
    login_route = "account.login" if request.matched_route.name.startswith("account.") else "auth.login"
    return HTTPSeeOther(request.route_url(login_route), headers=headers)


@forbidden_view_config(renderer="templates:errors/403.pt")
def forbidden(request):
    """Not logged in: to the login page and back. Logged in without the permission: a 403 page."""
    if request.identity is None:
        target = request.path_qs if request.method == "GET" else request.path
        return HTTPSeeOther(request.route_url("auth.login", _query={"next": target}))
    request.response.status = 403
    return {"page_title": "Not allowed"}


@exception_view_config(TooManyAttempts, renderer="templates:errors/429.pt")
def too_many_attempts(exc, request):
    request.response.status = 429
    request.response.headers["Retry-After"] = str(exc.wait_seconds)
    return {"page_title": "Too many attempts", "retry_after": exc.wait_seconds,
            "retry_at": time.strftime("%H:%M:%S UTC", time.gmtime(time.time() + exc.wait_seconds))}
