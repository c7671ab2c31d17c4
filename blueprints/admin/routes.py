"""Administration: users, organisations and annual contributions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import Contribution, Organisation, TargetGroup, User, db
from models.base import commit
from models.submission import add_target_group, all_target_groups

from ..confirm import Confirmation, ask, confirmed
from ..htmx import client_redirect, render
from ..policy import admin_required, load_or_404
from .forms import DeactivateForm, TargetGroupForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@admin_required
def index():
    """List users, organisations, contributions and the managed target groups."""
    return _page(TargetGroupForm(formdata=None))


def _page(group_form: TargetGroupForm, status: int = 200):
    """The administration page, with the target-group form as it was sent."""
    users = db.session.scalars(db.select(User).order_by(User.name)).all()
    orgs = db.session.scalars(db.select(Organisation).order_by(Organisation.name)).all()
    contributions = db.session.scalars(
        db.select(Contribution).order_by(
            Contribution.year.desc(), Contribution.organisation_id
        )
    ).all()
    return render(
        "admin/index.html",
        "admin/index.html",
        status=status,
        users=users,
        orgs=orgs,
        contributions=contributions,
        form=DeactivateForm(),
        groups=all_target_groups(),
        group_form=group_form,
    )


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@admin_required
def deactivate_user(user_id: int):
    """Deactivate an account: it can no longer sign in and its sessions end."""
    user = load_or_404(User, user_id)
    if not DeactivateForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash(_("You cannot deactivate your own account."))
    elif not confirmed():
        return ask(
            Confirmation(
                question=_("Deactivate %(name)s?", name=user.name),
                detail=_(
                    "%(name)s can no longer sign in, and any open session ends.",
                    name=user.name,
                ),
                button=_("Deactivate"),
                action=url_for("admin.deactivate_user", user_id=user.id),
                cancel=url_for("admin.index"),
            )
        )
    else:
        user.deactivate()
        commit()
        flash(_("%(name)s is deactivated and signed out.", name=user.name))
    return client_redirect(url_for("admin.index"))


@bp.route("/target-groups", methods=["POST"])
@admin_required
def add_target_group_view():
    """Add a target group to the list coordinators choose from."""
    form = TargetGroupForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    group = add_target_group(form.name.data)
    commit()
    flash(_("%(name)s is added to the target groups.", name=group.name))
    return client_redirect(url_for("admin.index"))


@bp.route("/target-groups/<int:group_id>/toggle", methods=["POST"])
@admin_required
def toggle_target_group(group_id: int):
    """Retire a target group from new submissions, or bring it back (never delete)."""
    group = load_or_404(TargetGroup, group_id)
    if not DeactivateForm().validate_on_submit():
        abort(400)
    group.active = not group.active
    commit()
    flash(
        _("%(name)s is in use again.", name=group.name)
        if group.active
        else _("%(name)s is retired; submissions that use it keep it.", name=group.name)
    )
    return client_redirect(url_for("admin.index"))
