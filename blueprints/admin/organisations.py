"""Administration of member organisations and the areas that group them."""

from __future__ import annotations

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from models import Area, Organisation, db, membership
from models.base import commit
from models.workflow import RuleBroken

from ..confirm import Confirmation, ask
from ..htmx import client_redirect, render
from ..policy import admin_required, load_or_404
from .forms import AreaForm, DeactivateForm, OrganisationForm
from .routes import bp

ORG_SWITCH = "/organisations/<int:org_id>/<any(leave, rejoin):action>"
AREA_SWITCH = "/areas/<int:area_id>/<any(retire, restore):action>"
# action: (the rule, question, explanation, button, message when done)
SWITCHES = {
    "leave": (
        membership.mark_left,
        _l("Mark %(name)s as having left?"),
        _l(
            "Its node, what it has logged and the follow-up stay as they are; it is "
            "no longer offered for new accounts, areas and spreads."
        ),
        _l("Mark as having left"),
        _l("%(name)s is marked as having left the association."),
    ),
    "rejoin": (
        membership.rejoin,
        _l("Make %(name)s a member again?"),
        _l("It is offered again for new accounts, areas and spreads."),
        _l("Make a member again"),
        _l("%(name)s is a member again."),
    ),
    "retire": (
        membership.retire_area,
        _l("Retire the area %(name)s?"),
        _l(
            "It is no longer offered as a spread target; what was spread to it "
            "stays. It can be taken into use again."
        ),
        _l("Retire the area"),
        _l("%(name)s is retired."),
    ),
    "restore": (
        membership.restore_area,
        _l("Take the area %(name)s into use again?"),
        _l("It is offered again as a spread target."),
        _l("Take into use"),
        _l("%(name)s is in use again."),
    ),
}


@bp.route("/organisations")
@admin_required
def organisations():
    """List the members and the office, with their short names and membership."""
    orgs = db.session.scalars(db.select(Organisation).order_by(Organisation.name))
    return render(
        "admin/organisations.html", "admin/organisations.html", orgs=list(orgs)
    )


@bp.route("/organisations/<int:org_id>", methods=["GET", "POST"])
@admin_required
def edit_organisation(org_id: int):
    """Change an organisation's name and short name."""
    org = load_or_404(Organisation, org_id)
    form = OrganisationForm(obj=org)
    if form.validate_on_submit():
        try:
            membership.rename_organisation(
                current_user, org, form.name.data, form.short_name.data or ""
            )
        except RuleBroken as error:
            form.name.errors = [*form.name.errors, str(error.message)]
        else:
            commit()
            flash(_("%(name)s is saved.", name=org.name))
            return client_redirect(url_for("admin.organisations"))
    status = 422 if form.errors else 200
    return render(
        "admin/organisation.html", "admin/organisation.html", status, org=org, form=form
    )


@bp.route(
    "/organisations/<int:org_id>/<any(leave, rejoin):action>", methods=["GET", "POST"]
)
@admin_required
def switch_organisation(org_id: int, action: str):
    """Ask to confirm; then mark a member as having left, or as a member again."""
    org = load_or_404(Organisation, org_id)
    back = url_for("admin.edit_organisation", org_id=org.id)
    return _switch(org, action, back, url_for("admin.organisations"))


@bp.route("/areas", methods=["GET", "POST"])
@admin_required
def areas():
    """List the areas; make a new one from its name and members."""
    form = AreaForm().offer()
    if form.validate_on_submit():
        try:
            area = membership.create_area(
                current_user, form.name.data, form.chosen_members()
            )
        except RuleBroken as error:
            _at_field(form, error)
        else:
            commit()
            flash(_("The area %(name)s is made.", name=area.name))
            return client_redirect(url_for("admin.areas"))
    all_areas = db.session.scalars(
        db.select(Area).order_by(Area.active.desc(), Area.name)
    )
    status = 422 if form.errors else 200
    return render(
        "admin/areas.html", "admin/areas.html", status, areas=list(all_areas), form=form
    )


def _at_field(form, error: RuleBroken) -> None:
    field = getattr(form, error.field or "", None) or form.name
    field.errors = [*field.errors, str(error.message)]


@bp.route("/areas/<int:area_id>", methods=["GET", "POST"])
@admin_required
def edit_area(area_id: int):
    """Rename an area and choose its members; spreads to it follow at once."""
    area = load_or_404(Area, area_id)
    form = AreaForm()
    if not form.is_submitted():
        members = [o.slug for o in area.members]
        form = AreaForm(formdata=None, name=area.name, members=members)
    form.offer(area.members)
    if form.validate_on_submit():
        try:
            membership.change_area(
                current_user, area, form.name.data, form.chosen_members()
            )
        except RuleBroken as error:
            _at_field(form, error)
        else:
            commit()
            flash(_("The area %(name)s is saved.", name=area.name))
            return client_redirect(url_for("admin.areas"))
    status = 422 if form.errors else 200
    return render("admin/area.html", "admin/area.html", status, area=area, form=form)


@bp.route(AREA_SWITCH, methods=["GET", "POST"])
@admin_required
def switch_area(area_id: int, action: str):
    """Ask to confirm; then retire an area, or take it into use again."""
    area = load_or_404(Area, area_id)
    back = url_for("admin.edit_area", area_id=area.id)
    return _switch(area, action, back, url_for("admin.areas"))


def _switch(obj, action: str, back: str, done: str):
    """The confirmation page (GET), or the confirmed change (POST)."""
    rule, question, text, button, message = SWITCHES[action]
    form = DeactivateForm()
    status, error = 200, None
    if form.is_submitted():
        if not form.validate():
            status = 400
        else:
            try:
                rule(current_user, obj)
            except RuleBroken as refused:
                status, error = 422, refused.message
            else:
                commit()
                flash(message % {"name": obj.name})
                return client_redirect(done)
    return ask(
        Confirmation(
            question=question % {"name": obj.name},
            detail=text,
            button=button,
            action=request.path,
            cancel=back,
            error=error,
        ),
        status,
    )
