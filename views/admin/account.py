"""My account: change my password, turn the second factor on or off."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.renderers import render_to_response
from pyramid.response import Response
from pyramid.view import view_config

from app.security import CONTENT_EDIT
from data.accounts import passwords, second_factor, user_service
from data.editing import audit_service
from views.admin.user_forms import ChangePasswordForm, CodeForm, ConfirmPasswordForm
from views.auth import count_failure, refresh_session, refuse_if_throttled, totp_factory
from views.params import not_found

PENDING_TOTP = "totp.pending"
ACCOUNT_PAGE = "templates:admin/account.pt"


def account_page(request, password_form=None, disable_form=None) -> dict:
    user = request.identity
    if request.method == "POST":
        request.response.status = 400
    return {"user": user, "page_title": "My account",
            "password_form": password_form or ChangePasswordForm(account_email=user.email),
            "disable_form": disable_form or ConfirmPasswordForm(),
            "recovery_left": len(user.recovery_codes or [])}


def current_password_ok(request, field) -> bool:
    """Check the user's current password (throttled like a login); explain a refusal on ``field``."""
    user = request.identity
    refuse_if_throttled(request, user.email)
    ok, _ = passwords.verify(field.data, user.password_hash)
    if not ok:
        count_failure(request, user.email)
        field.errors.append("That is not your current password.")
    return ok


@view_config(route_name="admin.account", renderer=ACCOUNT_PAGE, permission=CONTENT_EDIT,
             request_method=("GET", "POST"))
def account(request):
    user = request.identity
    form = ChangePasswordForm(request.POST, account_email=user.email) if request.method == "POST" else None
    if form is not None and form.validate() and current_password_ok(request, form.current):
        user_service.set_password(user, form.password.data)
        audit_service.record(request, "password_change", target=user, label=user.email,
                             changes={"password": ["(changed)", "(changed)"]})
        headers = refresh_session(request, user)
        request.session.flash("Your password is changed. Any other sessions of your account have ended.",
                              queue="success")
        return HTTPSeeOther(request.route_url("admin.account"), headers=headers)
    return account_page(request, password_form=form)


@view_config(route_name="admin.account.totp", renderer="templates:admin/totp.pt", permission=CONTENT_EDIT,
             request_method=("GET", "POST"))
def enrol_totp(request):
    user = request.identity
    if user.totp_enabled:
        request.session.flash("Your account already has a second factor.", queue="success")
        return HTTPSeeOther(request.route_url("admin.account"))
    factory = totp_factory(request)
    pending = request.session.get(PENDING_TOTP)
    if not pending:
        # Encrypted under the auth secret, so the signed (not encrypted) session cookie does not reveal it.
        pending = request.session[PENDING_TOTP] = second_factor.new_secret(factory)
    form = CodeForm(request.POST) if request.method == "POST" else CodeForm()
    if request.method == "POST" and form.validate():
        try:
            counter = second_factor.check_totp(factory, pending, form.code.data, None)
        except second_factor.CodeRefused as exc:
            form.code.errors.append(str(exc))
        else:
            codes = second_factor.new_recovery_codes()
            hashes = [second_factor.hash_recovery_code(code) for code in codes]
            user_service.enable_totp(user, pending, counter, hashes)
            refresh_session(request, user)  # the account's other sessions have ended
            del request.session[PENDING_TOTP]
            audit_service.record(request, "totp_enable", target=user, label=user.email,
                                 changes={"second factor": [False, True]})
            return render_to_response("templates:admin/recovery_codes.pt",
                                      {"codes": codes, "page_title": "Your recovery codes"}, request=request)
    if request.method == "POST":
        request.response.status = 400
    uri, key = second_factor.provisioning(factory, pending, user.email)
    return {"form": form, "uri": uri, "key": key, "page_title": "Set up a second factor"}


@view_config(route_name="admin.account.totp_qr", permission=CONTENT_EDIT, request_method="GET")
def totp_qr(request):
    """The QR code of the secret being set up, as an SVG image from this site (img-src 'self')."""
    pending = request.session.get(PENDING_TOTP)
    if not pending:
        not_found("There is no second factor being set up.")
    uri, _ = second_factor.provisioning(totp_factory(request), pending, request.identity.email)
    response = Response(body=second_factor.qr_svg(uri), content_type="image/svg+xml")
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response


@view_config(route_name="admin.account.totp_disable", renderer=ACCOUNT_PAGE, permission=CONTENT_EDIT,
             request_method="POST")
def disable_totp(request):
    user = request.identity
    form = ConfirmPasswordForm(request.POST)
    if form.validate() and current_password_ok(request, form.current):
        user_service.disable_totp(user)
        refresh_session(request, user)  # the account's other sessions have ended
        audit_service.record(request, "totp_disable", target=user, label=user.email,
                             changes={"second factor": [True, False]})
        request.session.flash("The second factor is off. Logging in now needs only your password.",
                              queue="success")
        return HTTPSeeOther(request.route_url("admin.account"))
    return account_page(request, disable_form=form)


@view_config(route_name="admin.account.totp_disable", permission=CONTENT_EDIT, request_method="GET")
def disable_totp_page(request):
    """The form lives on the account page; a GET here (a bookmark, a reload) goes there."""
    return HTTPSeeOther(request.route_url("admin.account"))
