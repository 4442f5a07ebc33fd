"""Forms for accounts: the users admin, my account, the second factor."""
from wtforms import BooleanField, Form, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, Optional, Regexp, ValidationError

from data.accounts.passwords import MAX_LENGTH, password_problems
from data.accounts.user import STAFF_ROLES

EMAIL_SHAPE = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
ROLE_LABELS = {"editor": "Editor: manages content",
               "admin": "Admin: manages content, users and the audit log"}
ROLE_CHOICES = [(role, ROLE_LABELS.get(role, role)) for role in STAFF_ROLES]


class PasswordRules:
    """The site's password rules (data.accounts.passwords), checked against the form's email."""

    def __call__(self, form, field):
        if not field.data:
            return
        email = form.email.data if "email" in form else getattr(form, "account_email", "")
        problems = password_problems(field.data, email or "")
        if problems:
            raise ValidationError(" ".join(problems))


class UserForm(Form):
    email = StringField("Email", [InputRequired("An account needs an email address."), Length(max=254),
                                  Regexp(EMAIL_SHAPE, message="That does not look like an email address.")])
    display_name = StringField("Display name", [InputRequired("Give the account a name people will see."),
                                                Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES, default="editor")
    active = BooleanField("Active (can log in)", default=True)
    password = PasswordField("Password", [InputRequired("Choose a password for the account."),
                                          Length(max=MAX_LENGTH), PasswordRules()],
                             description="At least 12 characters, and not the email address.")
    confirm = PasswordField("Password again", [EqualTo("password", "The two passwords are not the same.")])


class EditUserForm(UserForm):
    password = PasswordField("New password", [Optional(), Length(max=MAX_LENGTH), PasswordRules()],
                             description="Leave empty to keep the current password.")
    version = HiddenField()


class ChangePasswordForm(Form):
    current = PasswordField("Current password", [InputRequired("Enter your current password.")])
    password = PasswordField("New password", [InputRequired("Choose a new password."),
                                              Length(max=MAX_LENGTH), PasswordRules()],
                             description="At least 12 characters, and not your email address.")
    confirm = PasswordField("New password again",
                            [EqualTo("password", "The two passwords are not the same.")])

    def __init__(self, formdata=None, account_email="", **kwargs):
        super().__init__(formdata, **kwargs)
        self.account_email = account_email


class CodeForm(Form):
    code = StringField("Code", [InputRequired("Enter the code."), Length(max=40)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True})


class ConfirmPasswordForm(Form):
    current = PasswordField("Your password", [InputRequired("Enter your password to confirm.")])
