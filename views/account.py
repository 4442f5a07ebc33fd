"""Student pages: sign up and the account page. Login and logout are views/auth.py's."""
from __future__ import annotations

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config
from wtforms import Form, PasswordField, StringField
from wtforms.validators import InputRequired, Length, Regexp

from data.accounts import student_service
from data.accounts.passwords import MAX_LENGTH
from data.editing import audit_service

SIGNED_UP = ("Thank you. If this email can be used for a new account, it is ready: "
             "log in with it at the login page.")


class SignupForm(Form):
    display_name = StringField("Name", [InputRequired("Enter your name."), Length(max=120)])
    email = StringField("Email", [InputRequired("Enter your email address."), Length(max=254),
                                  Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                                         message="Enter an email address like name@example.com.")])
    password = PasswordField("Password", [InputRequired("Choose a password."), Length(max=MAX_LENGTH)])


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
    return {"user": request.identity, "page_title": "Your account"}
