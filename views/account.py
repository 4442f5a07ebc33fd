"""Student pages: sign up and the account page. Login and logout are views/auth.py's."""
from __future__ import annotations

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config
from wtforms import Form, PasswordField, StringField
from wtforms.validators import InputRequired, Length, Regexp

from app import urls
from data.accounts import browser_session, student_service
from data.training import access, progress
from data.accounts.passwords import MAX_LENGTH
from data.editing import audit_service

SIGNED_UP = ("Thank you. If this email can be used for a new account, we have sent it a link "
             "to confirm the address. You can log in now.")
RESET_SENT = ("If that email belongs to an account, we have sent it a link to choose a new password. "
              "The link works once, for one hour.")
RESET_BAD = "This reset link is expired or was already used. Ask for a new one below."
RESENT = "If that account still needs to confirm its email, a new link is on its way."


def send_verification(request, user) -> None:
    mail = request.registry.mail
    token = student_service.verification_token(request.registry.auth_secret, user)
    link = urls.mail_link(request, "account.verify", _query={"token": token})
    mail.send(user.email, "Confirm your email address",
              f"Hello {user.display_name},\n\nConfirm your email address by opening this link "
              f"(it works once, for two days):\n\n{link}\n")


class SignupForm(Form):
    display_name = StringField("Name", [InputRequired("Enter your name."), Length(max=120)])
    email = StringField("Email", [InputRequired("Enter your email address."), Length(max=254),
                                  Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                                         message="Enter an email address like name@example.com.")])
    password = PasswordField("Password", [InputRequired("Choose a password."), Length(max=MAX_LENGTH)])


class ResetRequestForm(Form):
    email = StringField("Email", [InputRequired("Enter the email address of your account."), Length(max=254)])


class ResetForm(Form):
    password = PasswordField("New password", [InputRequired("Choose a password."), Length(max=MAX_LENGTH)])


@view_config(route_name="account.signup", renderer="templates:account/signup.pt",
             request_method=("GET", "POST"))
def signup(request):
    form = SignupForm(request.POST) if request.method == "POST" else SignupForm()
    if request.method == "POST" and form.validate():
        try:
            user = student_service.signup(form.email.data, form.display_name.data, form.password.data)
        except student_service.SignupRefused as exc:
            form.password.errors.append(str(exc))
        else:
            if user is not None:
                audit_service.record(request, "signup", target=user, label=user.email)
                send_verification(request, user)
            # The same answer whether or not the email already had an account.
            request.session.flash(SIGNED_UP, queue="success")
            return HTTPSeeOther(request.route_url("account.login"))
    if request.method == "POST":
        request.response.status = 400
    form.password.data = ""
    return {"form": form, "page_title": "Sign up"}


@view_config(route_name="account.home", renderer="templates:account/home.pt", request_method="GET")
def home(request):
    if request.identity is None:
        return HTTPSeeOther(request.route_url("account.login", _query={"next": request.path}))
    current = getattr(request.session, "record", None)
    sessions = [{"id": str(record.id), "browser": describe_browser(record.user_agent),
                 "created_at": record.created_at, "last_seen_at": record.last_seen_at,
                 "address": record.address or "unknown", "current": current is not None and record.id == current.id}
                for record in browser_session.live_for_user(request.identity.id)]
    return {"user": request.identity, "sessions": sessions, "page_title": "Your account"}


BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
            ("Safari/", "Safari"))
SYSTEMS = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Windows", "Windows"),
           ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def describe_browser(user_agent: str | None) -> str:
    """"Firefox on Linux": enough to recognise a device in the list, from the User-Agent."""
    agent = user_agent or ""
    browser = next((name for marker, name in BROWSERS if marker in agent), "")
    system = next((name for marker, name in SYSTEMS if marker in agent), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or (agent[:60] or "Unknown browser")


@view_config(route_name="account.sessions.end", request_method="POST")
def end_session(request):
    """Sign out one of my other devices."""
    if request.identity is None:
        return HTTPSeeOther(request.route_url("account.login"))
    if browser_session.end_one_of_user(request.identity.id, request.POST.get("session_id", "")):
        audit_service.record(request, "session_ended", target=request.identity, label=request.identity.email)
        request.session.flash("That device is signed out.", queue="success")
    return HTTPSeeOther(request.route_url("account.home", _anchor="sessions"))


@view_config(route_name="account.sessions.end_all", request_method="POST")
def end_all_sessions(request):
    """Sign out everywhere, this browser included."""
    user = request.identity
    if user is None:
        return HTTPSeeOther(request.route_url("account.login"))
    ended = browser_session.end_for_user(user.id)
    audit_service.record(request, "sessions_ended", target=user, label=user.email, changes={"sessions": ended})
    request.session.invalidate()
    request.session.flash(f"You are signed out everywhere ({ended} sessions).", queue="success")
    return HTTPSeeOther(request.route_url("account.login"))


@view_config(route_name="account.verify", request_method="GET", renderer="templates:account/verify.pt")
def verify(request):
    user = student_service.verify_email(request.registry.auth_secret, request.GET.get("token", ""))
    if user is None:
        request.response.status = 400
        return {"verified": False, "page_title": "Link not valid"}
    audit_service.record(request, "email_verified", target=user, label=user.email)
    return {"verified": True, "page_title": "Email confirmed"}


@view_config(route_name="account.verify_resend", request_method="POST")
def verify_resend(request):
    user = request.identity
    if user is None:
        return HTTPSeeOther(request.route_url("account.login", _query={"next": "/account"}))
    if user.role == "student" and not user.email_verified:
        send_verification(request, user)
    request.session.flash(RESENT, queue="success")
    return HTTPSeeOther(request.route_url("account.home"))


@view_config(route_name="account.reset", renderer="templates:account/reset_request.pt",
             request_method=("GET", "POST"))
def reset_request(request):
    form = ResetRequestForm(request.POST) if request.method == "POST" else ResetRequestForm()
    if request.method == "POST" and form.validate():
        started = student_service.start_reset(form.email.data)
        if started is not None:
            user, token = started
            mail = request.registry.mail
            link = urls.mail_link(request, "account.reset_confirm", _query={"token": token})
            mail.send(user.email, "Choose a new password",
                      f"Hello {user.display_name},\n\nSomeone asked to reset the password of this account. "
                      f"Choose a new one here (the link works once, for one hour):\n\n{link}\n\n"
                      "If it was not you, ignore this message: nothing changes.\n")
            audit_service.record(request, "password_reset_requested", target=user, label=user.email)
        request.session.flash(RESET_SENT, queue="success")  # the same answer for every email
        return HTTPSeeOther(request.route_url("account.login"))
    if request.method == "POST":
        request.response.status = 400
    return {"form": form, "page_title": "Reset your password"}


@view_config(route_name="account.reset_confirm", renderer="templates:account/reset.pt",
             request_method=("GET", "POST"))
def reset_confirm(request):
    token = request.params.get("token", "")
    if student_service.reset_user(token) is None:
        request.session.flash(RESET_BAD, queue="success")
        return HTTPSeeOther(request.route_url("account.reset"))
    form = ResetForm(request.POST) if request.method == "POST" else ResetForm()
    if request.method == "POST" and form.validate():
        try:
            user = student_service.finish_reset(token, form.password.data)
        except student_service.SignupRefused as exc:
            form.password.errors.append(str(exc))
        else:
            if user is None:
                request.session.flash(RESET_BAD, queue="success")
                return HTTPSeeOther(request.route_url("account.reset"))
            audit_service.record(request, "password_reset", target=user, label=user.email)
            request.session.flash("Your password is changed and your other sessions have ended. "
                                  "Log in with the new password.", queue="success")
            return HTTPSeeOther(request.route_url("account.login"))
    if request.method == "POST":
        request.response.status = 400
    form.password.data = ""
    return {"form": form, "token": token, "page_title": "Choose a new password"}


class RedeemForm(Form):
    code = StringField("Access code", [InputRequired("Enter the code you were given."), Length(max=40)])


@view_config(route_name="account.redeem", renderer="templates:account/redeem.pt", request_method=("GET", "POST"))
def redeem(request):
    if request.identity is None:
        return HTTPSeeOther(request.route_url("account.login", _query={"next": request.path}))
    form = RedeemForm(request.POST) if request.method == "POST" else RedeemForm()
    if request.method == "POST" and form.validate():
        granted = access.redeem(request.identity, form.code.data)
        if granted is not None:
            audit_service.record(request, "code_redeemed", target=granted.course,
                                 label=f"{request.identity.email}: {access.normalize_code(form.code.data)}")
            request.session.flash(f"The code opened {granted.course.title}.", queue="success")
            return HTTPSeeOther(request.route_url("courses.show", slug=granted.course.slug))
        form.code.errors.append("That code is not valid or was already used. Check it and try again.")
    if request.method == "POST":
        request.response.status = 400
    return {"form": form, "page_title": "Redeem an access code"}


@view_config(route_name="account.courses", renderer="templates:account/courses.pt", request_method="GET")
def my_courses(request):
    if request.identity is None:
        return HTTPSeeOther(request.route_url("account.login", _query={"next": request.path}))
    return {"rows": progress.my_courses(request.identity), "page_title": "My courses"}
