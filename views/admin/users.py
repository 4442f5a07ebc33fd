"""Managing accounts: admins only (permission users.manage)."""
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from app.security import USERS_MANAGE
from data.accounts import user_service
from data.editing import audit_service
from views.admin.user_forms import EditUserForm, UserForm
from views.auth import refresh_session
from views.params import not_found


def user_from_path(request):
    user = user_service.by_id(request.matchdict["id"])
    if user is None:
        not_found("There is no account with that id; it may have been deleted.")
    return user


def invalid(request, result: dict) -> dict:
    request.response.status = 400
    return result


@view_config(route_name="admin.users.index", renderer="templates:admin/users/index.pt",
             permission=USERS_MANAGE)
def users_index(request):
    return {"users": user_service.listing(), "page_title": "Users"}


@view_config(route_name="admin.users.new", renderer="templates:admin/users/form.pt", permission=USERS_MANAGE,
             request_method=("GET", "POST"))
def users_new(request):
    form = UserForm(request.POST) if request.method == "POST" else UserForm()
    result = {"form": form, "user": None, "error": None, "page_title": "New account"}
    if request.method != "POST":
        return result
    if not form.validate():
        return invalid(request, result)
    try:
        user = user_service.create(form.email.data, form.display_name.data, form.password.data,
                                   role=form.role.data, active=form.active.data)
    except user_service.AccountError as exc:
        result["error"] = str(exc)
        return invalid(request, result)
    audit_service.record(request, "create", target=user, label=user.email,
                         changes=audit_service.diff({}, user_service.snapshot(user)))
    request.session.flash(f"Account {user.email} created.", queue="success")
    return HTTPSeeOther(request.route_url("admin.users.index"))


@view_config(route_name="admin.users.edit", renderer="templates:admin/users/form.pt", permission=USERS_MANAGE,
             request_method=("GET", "POST"))
def users_edit(request):
    user = user_from_path(request)
    if request.method != "POST":
        form = EditUserForm(obj=user)
        return {"form": form, "user": user, "error": None, "page_title": f"Edit {user.email}"}
    form = EditUserForm(request.POST)
    result = {"form": form, "user": user, "error": None, "page_title": f"Edit {user.email}"}
    if not form.validate():
        return invalid(request, result)
    version = int(form.version.data) if str(form.version.data or "").isdigit() else None
    try:
        changes = user_service.update(user, email=form.email.data, display_name=form.display_name.data,
                                      role=form.role.data, active=form.active.data,
                                      password=form.password.data or "", expected_version=version)
    except user_service.AccountError as exc:
        result["error"] = str(exc)
        if isinstance(exc, user_service.VersionConflict):
            result["current"] = user_service.snapshot(user)
        return invalid(request, result)
    role_change = changes.pop("role", None)
    if role_change:
        audit_service.record(request, "role_change", target=user, label=user.email,
                             changes={"role": role_change})
    if changes:
        audit_service.record(request, "update", target=user, label=user.email, changes=changes)
    headers = []
    if user.id == request.identity.id and ("password" in changes or role_change) and user.active:
        headers = refresh_session(request, user)
    request.session.flash(f"Account {user.email} saved.", queue="success")
    return HTTPSeeOther(request.route_url("admin.users.index"), headers=headers)


@view_config(route_name="admin.users.delete", renderer="templates:admin/users/delete.pt",
             permission=USERS_MANAGE, request_method=("GET", "POST"))
def users_delete(request):
    user = user_from_path(request)
    result = {"user": user, "error": None, "page_title": f"Delete {user.email}"}
    if request.method != "POST":
        return result
    myself = user.id == request.identity.id
    try:
        user_service.delete(user)
    except user_service.AccountError as exc:
        result["error"] = str(exc)
        return invalid(request, result)
    audit_service.record(request, "delete", target=user, label=user.email,
                         changes=audit_service.diff(user_service.snapshot(user), {}))
    request.session.flash(f"Account {user.email} deleted.", queue="success")
    return HTTPSeeOther(request.route_url("auth.login" if myself else "admin.users.index"))
