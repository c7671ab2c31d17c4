"""Administration of accounts: the list, invitations, changes, (de)activation."""

from __future__ import annotations

from flask import flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import Role, User, accounts
from models.base import commit
from models.read.accounts import UserQuery, users_page
from models.tokens import last_invitation
from models.workflow import RuleBroken

from ..auth.account_mail import send_after_response
from ..confirm import Confirmation, ask
from ..htmx import client_redirect, render
from ..policy import admin_required, load_or_404
from .forms import DeactivateForm, NewUserForm, UserFilterForm, UserForm
from .routes import bp


@bp.route("/users")
@admin_required
def users():
    """List accounts with search and filters, each with its last sign-in."""
    form = UserFilterForm()
    query = UserQuery(
        q=form.q.data or "",
        role=form.role.data or "",
        organisation=form.organisation.data or "",
        state=form.state.data or "",
        never=bool(form.never.data),
        page=form.page.data,
    )
    return render(
        "admin/users.html",
        "admin/_users.html",
        filter_form=form,
        query=query,
        result=users_page(query),
    )


def _refused_at_field(form, error: RuleBroken) -> None:
    field = getattr(form, error.field or "", None) or form.name
    field.errors = [*field.errors, str(error.message)]


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def new_user():
    """Invite a person: the account is made and a link to choose a password mailed."""
    form = NewUserForm().offer()
    if form.validate_on_submit():
        try:
            user, token = accounts.invite(
                current_user,
                form.name.data,
                form.email.data,
                Role(form.role.data),
                form.chosen_organisation(),
            )
        except RuleBroken as error:
            _refused_at_field(form, error)
        else:
            commit()
            send_after_response(user.id, "invite", token)
            flash(_("%(name)s is invited; the link is on its way.", name=user.name))
            return client_redirect(url_for("admin.edit_user", user_id=user.id))
    status = 422 if form.errors else 200
    return render(
        "admin/new_user.html", "admin/new_user.html", status=status, form=form
    )


def _user_page(user: User, form: UserForm, status: int = 200, error=None):
    return render(
        "admin/user.html",
        "admin/user.html",
        status=status,
        user=user,
        form=form,
        confirm_form=DeactivateForm(),
        invitation=last_invitation(user),
        error=error,
    )


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int):
    """One account: change name, role and organisation; invite again; deactivate."""
    user = load_or_404(User, user_id)
    if not UserForm().is_submitted():
        return _user_page(user, _filled(user))
    form = UserForm().offer(user.organisation)
    if form.validate_on_submit():
        try:
            accounts.change(
                current_user,
                user,
                form.name.data,
                Role(form.role.data),
                form.chosen_organisation(),
            )
        except RuleBroken as error:
            _refused_at_field(form, error)
        else:
            commit()
            flash(_("The changes to %(name)s are saved.", name=user.name))
            return client_redirect(url_for("admin.edit_user", user_id=user.id))
    return _user_page(user, form, 422)


@bp.route("/users/<int:user_id>/invitation", methods=["POST"])
@admin_required
def resend_invitation(user_id: int):
    """Send a new invitation link; the earlier one stops working."""
    user = load_or_404(User, user_id)
    form = DeactivateForm()
    if not form.validate_on_submit():
        return _user_page(user, _filled(user), 400)
    try:
        token = accounts.resend_invitation(current_user, user)
    except RuleBroken as error:
        return _user_page(user, _filled(user), 422, error=error.message)
    commit()
    send_after_response(user.id, "invite", token)
    flash(_("A new invitation is on its way to %(email)s.", email=user.email))
    return client_redirect(url_for("admin.edit_user", user_id=user.id))


def _filled(user: User) -> UserForm:
    form = UserForm(
        formdata=None,
        name=user.name,
        role=user.role.value,
        organisation=user.organisation.slug,
    )
    return form.offer(user.organisation)


def _confirm(user: User, action: str, status: int = 200, error=None):
    deactivating = action == "deactivate"
    values = {"name": user.name, "email": user.email}
    return ask(
        Confirmation(
            question=(
                _("Deactivate %(name)s?", **values)
                if deactivating
                else _("Reactivate %(name)s?", **values)
            ),
            detail=(
                _(
                    "%(name)s (%(email)s) can no longer sign in, and every session of "
                    "the account ends at once. Nothing the account has done is "
                    "removed, and it can be reactivated.",
                    **values,
                )
                if deactivating
                else _(
                    "%(name)s (%(email)s) can sign in again with the same role and "
                    "organisation.",
                    **values,
                )
            ),
            button=_("Deactivate") if deactivating else _("Reactivate"),
            action=url_for(f"admin.{action}_user", user_id=user.id),
            cancel=url_for("admin.edit_user", user_id=user.id),
            error=error,
        ),
        status,
    )


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
@admin_required
def deactivate_user(user_id: int):
    """Ask to confirm; then block the account and end its sessions (it is kept)."""
    return _switch(user_id, "deactivate")


@bp.route("/users/<int:user_id>/reactivate", methods=["GET", "POST"])
@admin_required
def reactivate_user(user_id: int):
    """Ask to confirm; then let a deactivated account sign in again."""
    return _switch(user_id, "reactivate")


def _switch(user_id: int, action: str):
    user = load_or_404(User, user_id)
    form = DeactivateForm()
    if not form.is_submitted():  # GET: say now if it cannot be done
        ask = (
            accounts.why_not_deactivate
            if action == "deactivate"
            else accounts.why_not_reactivate
        )
        return _confirm(user, action, error=ask(current_user, user))
    if not form.validate():
        return _confirm(user, action, 400)
    rule = accounts.deactivate if action == "deactivate" else accounts.reactivate
    try:
        rule(current_user, user)
    except RuleBroken as error:
        return _confirm(user, action, 422, error=error.message)
    commit()
    if action == "deactivate":
        flash(_("%(name)s is deactivated and signed out.", name=user.name))
    else:
        flash(_("%(name)s can sign in again.", name=user.name))
    return client_redirect(url_for("admin.edit_user", user_id=user.id))


def _confirm_mfa_reset(user: User, status: int = 200, error=None):
    return ask(
        Confirmation(
            question=_("Reset two-step sign-in for %(name)s?", name=user.name),
            detail=_(
                "Do this when %(name)s has lost both the phone with the "
                "authenticator app and the recovery codes. The app and the codes "
                "stop working and every session of the account ends. %(name)s "
                "signs in with the password and, where the role requires it, sets "
                "two-step sign-in up again.",
                name=user.name,
            ),
            button=_("Reset two-step sign-in"),
            action=url_for("admin.reset_mfa", user_id=user.id),
            cancel=url_for("admin.edit_user", user_id=user.id),
            error=error,
        ),
        status,
    )


@bp.route("/users/<int:user_id>/mfa/reset", methods=["GET", "POST"])
@admin_required
def reset_mfa(user_id: int):
    """Ask to confirm; then forget the account's app and recovery codes."""
    user = load_or_404(User, user_id)
    form = DeactivateForm()
    if not form.is_submitted():  # GET: say now if there is nothing to reset
        return _confirm_mfa_reset(user, error=accounts.why_not_reset_mfa(user))
    if not form.validate():
        return _confirm_mfa_reset(user, 400)
    try:
        accounts.reset_mfa(current_user, user)
    except RuleBroken as error:
        return _confirm_mfa_reset(user, 422, error=error.message)
    commit()
    flash(
        _(
            "Two-step sign-in for %(name)s is reset and its sessions ended.",
            name=user.name,
        )
    )
    return client_redirect(url_for("admin.edit_user", user_id=user.id))
