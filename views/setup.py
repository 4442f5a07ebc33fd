"""The first admin without a terminal.

On a store with no admin, start-up logs a one-time link (app/first_admin.py); whoever opens it
creates the first admin here and is signed in. The token lives only in this process's memory:
it works until it is used or the process stops, and never once an admin exists.
"""

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config
from wtforms import Form, PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length

from data.accounts import user_service
from data.accounts.passwords import MAX_LENGTH
from data.editing import audit_service
from views.auth import start_session
from data.core.common import same_secret


class SetupForm(Form):
    display_name = StringField("Your name", [InputRequired("Enter your name."), Length(max=120)])
    email = StringField("Email", [InputRequired("Enter your email address."), Length(max=254)])
    password = PasswordField("Password", [InputRequired("Choose a password."), Length(max=MAX_LENGTH)],
                             description="At least 12 characters, and not your email address.")
    confirm = PasswordField("Password again", [EqualTo("password", "The two passwords are not the same.")])


def valid_token(request, token: str) -> bool:
    expected = getattr(request.registry, "setup_token", None)
    return bool(expected and token) and same_secret(token, expected) \
        and user_service.admin_count() == 0


@view_config(route_name="auth.setup", renderer="templates:admin/setup.pt", request_method=("GET", "POST"))
def setup(request):
    token = request.params.get("token", "")
    if not valid_token(request, token):
        # Not a page that exists for anyone without the link, or once an admin exists.
        raise HTTPNotFound()
    form = SetupForm(request.POST) if request.method == "POST" else SetupForm()
    if request.method == "POST" and form.validate():
        try:
            user = user_service.create(form.email.data, form.display_name.data, form.password.data, role="admin")
        except user_service.AccountError as exc:
            form.password.errors.append(str(exc))
        else:
            request.registry.setup_token = None
            audit_service.record(request, "create", target=user, label=f"{user.email} (first admin, setup link)",
                                 changes=audit_service.diff({}, user_service.snapshot(user)))
            headers = start_session(request, user)
            request.session.flash("Welcome: your admin account is ready.", queue="success")
            return HTTPSeeOther(request.route_url("admin.dashboard"), headers=headers)
    if request.method == "POST":
        request.response.status = 400
    form.password.data = form.confirm.data = ""
    return {"form": form, "token": token, "page_title": "Create the first admin"}
