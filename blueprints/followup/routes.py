"""Follow-up: how needs, initiatives, spreads and funds are spread over the county."""

from __future__ import annotations

from flask import Blueprint, request

from models.read.followup import yearly_distribution

from ..htmx import render
from ..policy import office_required
from ..validators import whole_number

bp = Blueprint("followup", __name__, url_prefix="/followup")


@bp.route("/")
@office_required
def index():
    """Show per node and year what was logged, accepted, spread and paid."""
    year = request.args.get("year", type=whole_number)
    table = yearly_distribution(year)
    return render("followup/index.html", "followup/_table.html", table=table)
