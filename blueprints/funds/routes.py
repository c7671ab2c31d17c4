"""Funds: the insatser the board granted, their SUS record and budget, and the
members' contributions and the municipalities' residents per year."""

from __future__ import annotations

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from models import Area, BudgetType, Inriktning, Organisation, Role, db, funds
from models.base import commit, local_today
from models.read.funds import confirmed_parties, granted_insats, insats_list
from models.workflow import RuleBroken, StaleVersion

from ..htmx import client_redirect, render
from ..policy import can_triage, central_required, office_required
from .forms import (
    AddYearForm,
    BudgetForm,
    FundsFilterForm,
    GridForm,
    cell_name,
    insats_form,
    read_cells,
    read_years,
)
from .history import grid_lines, insats_lines

bp = Blueprint("funds", __name__, url_prefix="/funds")


@bp.route("/")
@login_required
def index():
    """List every insats whose grant stands, filtered by year, party, place, state."""
    form = FundsFilterForm()
    lines = insats_list(form.filter, local_today())
    status = 422 if form.errors else 200
    return render(
        "funds/index.html",
        "funds/_list.html",
        status,
        filter_form=form,
        lines=lines,
        can_manage=current_user.role in (Role.CENTRAL, Role.ADMIN),
    )


def load_insats(insats_id: int):
    """Return an insats whose grant stands, with its funding request, or 404."""
    found = granted_insats(insats_id)
    if found is None:
        abort(404)
    return found


@bp.route("/<int:insats_id>")
@login_required
def show(insats_id: int):
    """Show an insats's SUS record, budget and history (the office edits it)."""
    insats, funding = load_insats(insats_id)
    return _insats_page(insats, funding)


def _insats_page(insats, funding, status=200, form=None, budget_form=None):
    """The insats page; the forms only for those who edit it."""
    editing = can_triage(current_user)
    if editing:
        form = form or _filled_form(insats)
        budget_form = budget_form or BudgetForm(formdata=None)
    return render(
        "funds/show.html",
        "funds/show.html",
        status,
        insats=insats,
        funding=funding,
        parties=confirmed_parties([insats.id]).get(insats.id, []),
        years=funds.period_years(insats),
        planned={row.year: row.planned_participants for row in insats.years},
        changes=insats_lines(insats.id),
        form=form if editing else None,
        budget_form=budget_form if editing else None,
    )


def _filled_form(insats):
    """The edit form as the insats is now."""
    data = {
        "participants-" + str(row.year): row.planned_participants
        for row in insats.years
    }
    form = insats_form(funds.period_years(insats), formdata=None, obj=insats, data=data)
    form.inriktning.data = insats.inriktning.value if insats.inriktning else ""
    form.municipalities.data = [o.slug for o in insats.served]
    form.county.data = insats.serves_county
    return form


@bp.route("/<int:insats_id>", methods=["POST"])
@central_required
def edit(insats_id: int):
    """Change the SUS fields, the served municipalities and the participants."""
    insats, funding = load_insats(insats_id)
    form = insats_form(funds.period_years(insats))
    if not form.validate():
        return _insats_page(insats, funding, 422, form=form)
    try:
        _apply(insats, form)
        commit()
    except (RuleBroken, StaleDataError) as exc:
        return _refused(insats, funding, form, exc)
    flash(_("The insats is saved."))
    return client_redirect(url_for("funds.show", insats_id=insats.id))


def _apply(insats, form) -> None:
    """Call the rules with what the form says."""
    funds.edit_insats(
        insats,
        current_user,
        form.version.data,
        name=form.name.data.strip(),
        description=(form.description.data or "").strip(),
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        inriktning=Inriktning(form.inriktning.data) if form.inriktning.data else None,
        preciserad_inriktning=(form.preciserad_inriktning.data or "").strip(),
    )
    chosen = _orgs(form.municipalities.data or [])
    area = db.session.scalar(db.select(Area).filter_by(slug=form.area.data or ""))
    funds.serve(
        insats,
        current_user,
        chosen + (area.current_members if area else []),
        form.county.data,
    )
    counts = {int(f.name.split("-")[1]): f.data for f in form.participant_fields()}
    funds.plan_participants(insats, current_user, counts)


def _orgs(slugs: list[str]) -> list[Organisation]:
    return list(
        db.session.scalars(db.select(Organisation).where(Organisation.slug.in_(slugs)))
    )


def _refused(insats, funding, form, exc: Exception):
    """A stale edit gets 409 and the fresh form; a broken rule 422 at its field."""
    db.session.rollback()
    if isinstance(exc, (StaleVersion, StaleDataError)):
        db.session.refresh(insats)
        flash(
            _(
                "Someone else changed this insats while you were working. "
                "Here it is as it is now."
            )
        )
        return _insats_page(insats, funding, 409)
    field = getattr(form, exc.field or "", None) or form.name
    field.errors = [*field.errors, str(exc.message)]
    return _insats_page(insats, funding, 422, form=form)


@bp.route("/<int:insats_id>/budget", methods=["POST"])
@central_required
def budget(insats_id: int):
    """Add the budget row of a year and type, or update it."""
    insats, funding = load_insats(insats_id)
    form = BudgetForm()
    if form.validate():
        try:
            funds.set_budget_row(
                insats,
                current_user,
                form.year.data,
                BudgetType(form.type.data),
                form.budget.data,
                form.utfall.data,
                (form.description.data or "").strip(),
            )
            commit()
            flash(_("The budget row is saved."))
            return client_redirect(url_for("funds.show", insats_id=insats.id))
        except RuleBroken as exc:
            db.session.rollback()
            getattr(form, exc.field).errors = [str(exc.message)]
    return _insats_page(insats, funding, 422, budget_form=form)


GRID_PAGES = {"contribution": "funds.contributions", "residents": "funds.residents"}
GRID_TEXTS = {
    "contribution": (
        _l("Contributions per year"),
        _l(
            "What each member pays into the common pot, in whole kronor. An empty "
            "cell is not known (missing), which is not the same as 0 kr."
        ),
    ),
    "residents": (
        _l("Residents aged 16–64 per year"),
        _l(
            "Each municipality's residents aged 16–64 on 31 December (SCB). An "
            "empty cell is not known (missing) and is never counted as 0."
        ),
    ),
}


@bp.route("/contributions", methods=["GET", "POST"])
@office_required
def contributions():
    """Each member's contribution per year; empty cells are unknown, not 0."""
    return _grid("contribution")


@bp.route("/residents", methods=["GET", "POST"])
@office_required
def residents():
    """Each municipality's residents aged 16–64 per year; empty is unknown."""
    return _grid("residents")


def _grid(kind: str):
    """Show a grid, or save its changed cells (all or nothing)."""
    orgs = funds.grid_rows(kind)
    if request.method == "GET":
        add = AddYearForm(request.args)
        extra = add.add.data if add.validate() else None
        years = funds.grid_years(kind, local_today().year, extra)
        status = 422 if add.errors else 200
        return _grid_page(kind, orgs, years, GridForm(formdata=None), status, add=add)
    form = GridForm()
    if not form.validate():
        abort(400)
    years = read_years(request.form.getlist("year"))
    values, typed, errors = read_cells(
        orgs, years, lambda value: funds.check_cell(kind, value)
    )
    if errors:
        flash(_("Nothing is saved: correct the marked cells."))
        return _grid_page(kind, orgs, years, form, 422, typed=typed, errors=errors)
    changed = funds.save_grid(kind, current_user, values)
    commit()
    flash(
        ngettext("%(num)d cell saved.", "%(num)d cells saved.", changed)
        if changed
        else _("Nothing changed.")
    )
    return client_redirect(url_for(GRID_PAGES[kind]))


def _grid_page(kind, orgs, years, form, status=200, typed=None, errors=None, add=None):
    """The grid with its stored values, or with what was typed."""
    stored = funds.grid_values(kind)
    typed = {
        cell_name(o, y): _plain(stored.get((o.id, y))) for o in orgs for y in years
    } | (typed or {})  # what was typed, over what is stored
    return render(
        "funds/grid.html",
        "funds/grid.html",
        status,
        heading=GRID_TEXTS[kind][0],
        hint=GRID_TEXTS[kind][1],
        endpoint=GRID_PAGES[kind],
        orgs=orgs,
        years=years,
        form=form,
        typed=typed,
        errors=errors or {},
        add=add or AddYearForm(formdata=None),
        changes=grid_lines(kind),
    )


def _plain(value: int | None) -> str:
    return "" if value is None else str(value)
