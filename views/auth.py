"""Logging in and out, and what a refused request sees.

Login: check the password (and the second factor, when the account has one), then a
fresh session, remember the user, a fresh CSRF token, and back to where they were going.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.security import forget, remember
from pyramid.view import forbidden_view_config, view_config
from wtforms import Form, HiddenField, PasswordField, StringField
from wtforms.validators import InputRequired, Length

from data import audit_service, user_service
from data.passwords import MAX_LENGTH

LOGIN_FAILED = "That email and password do not match an active account. Check both and try again."


class LoginForm(Form):
    email = StringField("Email", [InputRequired("Enter the email address of your account."), Length(max=254)])
    password = PasswordField("Password", [InputRequired("Enter your password."), Length(max=MAX_LENGTH)])
    next = HiddenField()


def safe_next(request, target) -> str:
    """``target`` if it is a path on this site, else the dashboard. Never another host."""
    target = str(target or "")
    parts = urlsplit(target)
    if (target.startswith("/") and not target.startswith(("//", "/\\")) and not parts.scheme
            and not parts.netloc and target.isprintable() and "\\" not in target):
        return target
    return request.route_url("admin.dashboard")


def start_session(request, user) -> list:
    """A logged-in session for ``user``: new session, remember, new CSRF token (no fixation)."""
    request.session.invalidate()
    headers = remember(request, str(user.id), user=user)
    request.session.new_csrf_token()
    user_service.record_login(user)
    audit_service.record(request, "login", target=user, label=user.email)
    return headers


@view_config(route_name="auth.login", renderer="templates:admin/login.pt", request_method=("GET", "POST"))
def login(request):
    form = LoginForm(request.POST) if request.method == "POST" else LoginForm(next=request.GET.get("next", ""))
    error = None
    if request.method == "POST" and form.validate():
        email = form.email.data.strip()
        user = user_service.authenticate(email, form.password.data)
        if user is None:
            known = user_service.by_email(email)
            audit_service.record(request, "login_failed", target=known, target_type="user", label=email)
            request.response.status = 400
            error = LOGIN_FAILED
        else:
            headers = start_session(request, user)
            return HTTPSeeOther(safe_next(request, form.next.data), headers=headers)
    elif request.method == "POST":
        request.response.status = 400
    form.password.data = ""
    return {"form": form, "error": error, "page_title": "Log in"}


@view_config(route_name="auth.logout", request_method="POST")
def logout(request):
    user = request.identity
    if user is not None:
        audit_service.record(request, "logout", target=user, label=user.email)
    headers = forget(request)
    request.session.invalidate()
    request.session.flash("You are logged out.", queue="success")
    return HTTPSeeOther(request.route_url("auth.login"), headers=headers)


@forbidden_view_config(renderer="templates:errors/403.pt")
def forbidden(request):
    """Not logged in: to the login page and back. Logged in without the permission: a 403 page."""
    if request.identity is None:
        target = request.path_qs if request.method == "GET" else request.path
        return HTTPSeeOther(request.route_url("auth.login", _query={"next": target}))
    request.response.status = 403
    return {"page_title": "Not allowed"}
