"""The county office's central inbox."""

from __future__ import annotations

from flask import Blueprint, request

from models import Status, inbox_page

from ..htmx import render
from ..policy import central_required

bp = Blueprint("inbox", __name__, url_prefix="/inbox")


@bp.route("/")
@central_required
def index():
    """List what the nodes have sent in, filtered by status."""
    status = request.args.get("status", "")
    status = status if status in Status.__members__.values() else ""
    page = inbox_page(status=status or None, page=request.args.get("page", 1, type=int))
    return render(
        "inbox/index.html",
        "inbox/_rows.html",
        page=page,
        chosen_status=status,
        statuses=[s for s in Status if s != Status.DRAFT],
    )
