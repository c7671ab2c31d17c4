"""Needs, initiatives and practices: write, preview, submit, withdraw, discuss, back."""

from __future__ import annotations

from flask import abort, flash, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm.exc import StaleDataError

from models import (
    Kind,
    Submission,
    TargetGroup,
    db,
    workflow,
)
from models.base import commit
from models.organisation import member_organisations
from models.read.search import similar_submissions
from models.rendering import render_markdown

from ..confirm import Confirmation, ask, confirmed
from ..htmx import client_redirect, render
from ..policy import load_node_for_write
from .forms import FORMS, CommentForm, form_values
from .loaders import load_submission, load_submission_for_write, submission_context
from .routes import bp


def _kind() -> Kind:
    try:
        return Kind(request.args.get("kind", "need"))
    except ValueError:
        abort(404)


def _choices(form, origin) -> tuple[dict, dict]:
    groups = {
        t.slug: t
        for t in db.session.scalars(
            db.select(TargetGroup).where(TargetGroup.active).order_by(TargetGroup.name)
        )
    }
    members = {o.slug: o for o in member_organisations() if o.id != origin.id}
    form.set_choices(groups.values(), members.values())
    return groups, members


def _picked(form, groups: dict, members: dict) -> tuple[list, list]:
    return (
        [groups[s] for s in form.target_groups.data or []],
        [members[s] for s in form.parties.data or []],
    )


def _funding(form) -> tuple[int | None, str]:
    if not hasattr(form, "funding_amount"):
        return None, ""
    return form.funding_amount.data, form.budget.data or ""


def _form_page(form, org, kind, sub=None, status=200, conflict=False):
    return render(
        "nodes/edit.html",
        "nodes/_form.html",
        status=status,
        form=form,
        org=org,
        kind=kind,
        sub=sub,
        conflict=conflict,
    )


@bp.route("/nodes/<slug>/submissions/new", methods=["GET", "POST"])
@login_required
def new_submission(slug: str):
    """Write a new need, initiative or practice; save it as a draft or send it."""
    org, kind = load_node_for_write(slug), _kind()
    form = FORMS[kind]()
    groups, members = _choices(form, org)
    if not form.validate_on_submit():
        return _form_page(form, org, kind, status=422 if form.errors else 200)
    tgs, parties = _picked(form, groups, members)
    values = form_values(form)
    sub, new = workflow.create_once(
        form.idempotency_key.data, kind, org, current_user, values, tgs, parties
    )
    if not new:
        return client_redirect(url_for("nodes.show_submission", sub_id=sub.id))
    workflow.set_funding(sub, *_funding(form))
    return _finish(sub, form, org, kind)


def _finish(sub: Submission, form, org, kind):
    """Submit when asked; commit; or show the rule that refused it."""
    if request.form.get("action") == "submit":
        try:
            workflow.submit(sub, current_user)
        except workflow.RuleBroken as exc:
            db.session.rollback()
            getattr(form, exc.field or "title").errors.append(str(exc.message))
            return _form_page(form, org, kind, status=422)
        flash(_("Sent to the county office. You will be told when it is handled."))
    else:
        flash(_("Saved as a draft. Only your node can see it."))
    db.session.commit()
    session["autosave_clear"] = request.full_path.rstrip("?")
    return client_redirect(url_for("nodes.show_submission", sub_id=sub.id))


@bp.route("/submissions/<int:sub_id>/edit", methods=["GET", "POST"])
@login_required
def edit_submission(sub_id: int):
    """Edit a draft."""
    sub = load_submission_for_write(sub_id)
    form = FORMS[sub.kind](data=workflow.form_data(sub) | {"version": sub.version})
    groups, members = _choices(form, sub.origin)
    if not form.validate_on_submit():
        return _form_page(
            form, sub.origin, sub.kind, sub=sub, status=422 if form.errors else 200
        )
    try:
        workflow.check_version(sub, form.version.data)
        tgs, parties = _picked(form, groups, members)
        workflow.fill(sub, form_values(form), tgs, parties)
        workflow.set_funding(sub, *_funding(form))
        return _finish(sub, form, sub.origin, sub.kind)
    except (workflow.StaleVersion, StaleDataError):
        db.session.rollback()
        sub = load_submission_for_write(sub_id)
        # Saving again replaces theirs, knowingly: the form now carries the new version.
        form.version.data, form.version.raw_data = sub.version, [str(sub.version)]
        return _form_page(
            form, sub.origin, sub.kind, sub=sub, status=409, conflict=True
        )


def _refused(sub: Submission, exc: workflow.RuleBroken, endpoint: str):
    """Say why a one-click rule refused, back on the page it was asked from."""
    db.session.rollback()
    flash(str(exc.message))
    return client_redirect(url_for(endpoint, sub_id=sub.id))


@bp.route("/submissions/<int:sub_id>/submit", methods=["POST"])
@login_required
def submit_submission(sub_id: int):
    """Send a saved draft to the county office."""
    sub = load_submission_for_write(sub_id)
    try:
        workflow.submit(sub, current_user)
    except workflow.RuleBroken as exc:
        return _refused(sub, exc, "nodes.edit_submission")
    db.session.commit()
    flash(_("Sent to the county office. You will be told when it is handled."))
    return client_redirect(url_for("nodes.show_submission", sub_id=sub.id))


@bp.route("/submissions/<int:sub_id>/withdraw", methods=["POST"])
@login_required
def withdraw_submission(sub_id: int):
    """Withdraw a submission the office has not started on (kept, never deleted)."""
    sub = load_submission_for_write(sub_id, drafts_only=False)
    if not confirmed():
        return ask(
            Confirmation(
                question=_("Withdraw “%(title)s”?", title=sub.title),
                detail=_(
                    "The county office stops handling it. It stays in the archive "
                    "with its history."
                ),
                button=_("Withdraw"),
                action=url_for("nodes.withdraw_submission", sub_id=sub.id),
                cancel=url_for("nodes.show_submission", sub_id=sub.id),
            )
        )
    try:
        workflow.withdraw(sub, current_user)
    except workflow.RuleBroken as exc:
        return _refused(sub, exc, "nodes.show_submission")
    db.session.commit()
    flash(_("Withdrawn. It stays in the archive with its history."))
    return client_redirect(url_for("nodes.show_submission", sub_id=sub.id))


@bp.route("/submissions/<int:sub_id>")
@login_required
def show_submission(sub_id: int):
    """Show the whole record, its public timeline and the comment thread."""
    sub = load_submission(sub_id)
    return render(
        "nodes/submission.html",
        "nodes/submission.html",
        autosave_clear=session.pop("autosave_clear", None),
        **submission_context(sub, CommentForm()),
    )


@bp.route("/submissions/<int:sub_id>/comments", methods=["POST"])
@login_required
def add_comment(sub_id: int):
    """Add to the thread between node and office; answers a request for info."""
    sub = load_submission(sub_id, for_comment=True)
    form = CommentForm()
    if form.validate_on_submit():
        workflow.add_comment(sub, current_user, form.text.data)
        commit()
        flash(_("Your comment is added."))
        form = CommentForm(formdata=None)
        ctx = submission_context(sub, form)
        return render("nodes/submission.html", "nodes/_thread_changed.html", **ctx)
    ctx = submission_context(sub, form)
    return render("nodes/submission.html", "nodes/_thread.html", status=422, **ctx)


@bp.route("/submissions/<int:sub_id>/backing", methods=["POST"])
@login_required
def confirm_backing(sub_id: int):
    """A named member party confirms that it stands behind the submission."""
    sub = load_submission(sub_id)
    try:
        workflow.confirm_backing(sub, current_user)
    except workflow.RuleBroken as exc:
        db.session.rollback()
        abort(403, str(exc.message))
    db.session.commit()
    flash(_("Your organisation now stands behind this."))
    return client_redirect(url_for("nodes.show_submission", sub_id=sub.id))


@bp.route("/nodes/<slug>/submissions/preview", methods=["POST"])
@login_required
def preview(slug: str):
    """Render the Markdown description exactly as it will be saved."""
    load_node_for_write(slug)
    text = request.form.get("body", "")[:60_000]
    return render(
        "nodes/_preview.html", "nodes/_preview.html", html=render_markdown(text)
    )


@bp.route("/nodes/<slug>/submissions/check", methods=["POST"])
@login_required
def check(slug: str):
    """Live hints while writing: similar submissions, title and funding rule."""
    org, kind = load_node_for_write(slug), _kind()
    form = FORMS[kind]()
    _choices(form, org)
    form.validate()
    title_errors = form.title.errors if form.title.data else []
    amount, _budget = (
        _funding(form) if not form.errors.get("funding_amount") else (None, "")
    )
    named = {*(form.parties.data or []), org.slug}
    finsam = workflow.breaks_finsam_rule(bool(amount), len(named))
    similar = similar_submissions(
        f"{form.title.data or ''} {form.summary.data or ''}", org.id
    )
    return render(
        "nodes/_check.html",
        "nodes/_check.html",
        title_errors=title_errors,
        funding_errors=form.errors.get("funding_amount", []),
        finsam=finsam,
        similar=similar,
    )
