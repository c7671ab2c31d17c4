"""Administration: users, organisations and annual contributions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import Contribution, Organisation, User, db

from ..htmx import client_redirect, render
from ..policy import admin_required, load_or_404
from .forms import DeactivateForm

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@admin_required
def index():
    """List users, organisations and contributions."""
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
        users=users,
        orgs=orgs,
        contributions=contributions,
        form=DeactivateForm(),
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
    else:
        user.deactivate()
        db.session.commit()
        flash(_("%(name)s is deactivated and signed out.", name=user.name))
    return client_redirect(url_for("admin.index"))
