"""The board report: a tertial's or a year's follow-up, printable on A4."""

from __future__ import annotations

from datetime import date

from flask import render_template
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from models import Role
from models.base import local_today
from models.read.board import board_report

from ..policy import role_required
from .cells import links_for
from .charts import charts
from .forms import TERTIALS, BoardReportForm
from .routes import bp


@bp.route("/report")
@role_required(Role.CENTRAL, Role.ADMIN, Role.COORDINATOR)
def report():
    """Show the board the period's figures, tables, charts and insatser."""
    form = BoardReportForm()
    if not form.validate():
        return render_template("followup/report.html", form=form, report=None), 422
    found = board_report(form.params, current_user.organisation_id)
    return render_template(
        "followup/report.html",
        form=form,
        report=found,
        heading=_heading(form.year.data, form.period.data),
        charts=charts(found.found),
        href=links_for(current_user.role),
        today=local_today(),
    )


def _heading(year: int, period: str) -> str:
    """ "Uppföljning T2 2026 (maj–augusti)", "Uppföljning 2026 (januari–december)"."""
    first, last = TERTIALS.get(period, (1, 12))
    months = "–".join(format_date(date(year, m, 1), "LLLL") for m in (first, last))
    name = f"{period} {year}" if period in TERTIALS else str(year)
    return _("Follow-up %(period)s (%(months)s)", period=name, months=months)
