"""The method library: accepted effective practices, for every signed-in user."""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import login_required

from models import search_methods

from ..htmx import render

bp = Blueprint("methods", __name__, url_prefix="/methods")


@bp.route("/")
@login_required
def index():
    """Browse and search accepted practices."""
    query = request.args.get("q", "").strip()[:200]
    return render(
        "methods/index.html",
        "methods/_results.html",
        query=query,
        methods=search_methods(query),
    )
