"""Follow-up: how needs, initiatives, spreads and funds are spread over the county."""

from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from models import Role
from models.read.followup import followup
from models.read.tables import CellKind

from ..htmx import render
from ..policy import role_required
from .cells import FORMATS, cell_text, decimal, links_for
from .charts import charts
from .forms import AXIS_NAMES, FollowUpForm

bp = Blueprint("followup", __name__, url_prefix="/followup")


@bp.route("/")
@role_required(Role.CENTRAL, Role.ADMIN, Role.COORDINATOR)
def index():
    """Show per member and period what was logged, spread, granted and paid."""
    form = FollowUpForm()
    valid = form.validate()
    found = followup(form.params, current_user.organisation_id) if valid else None
    return render(
        "followup/index.html",
        "followup/_followup.html",
        status=200 if valid else 422,
        form=form,
        found=found,
        charts=charts(found) if found else {},
        href=links_for(current_user.role),
        axis_label=AXIS_NAMES[found.params.axis] if found else "",
    )


bp.add_app_template_filter(cell_text, "cell")
bp.add_app_template_filter(decimal, "decimal")
bp.add_app_template_filter(FORMATS[CellKind.KRONOR_PER], "kronor_per")
