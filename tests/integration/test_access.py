"""Every route × every actor: who gets in, who is refused, who must sign in.

A route that is registered but missing from ROUTES fails this test, so new work
cannot forget to decide who may use it.
"""

from __future__ import annotations

import pytest

from models import (
    Area,
    Decision,
    FundingRequest,
    Insats,
    Kind,
    Role,
    Spread,
    Status,
    TargetGroup,
    User,
    db,
    workflow,
)
from models.read.inbox import SavedView
from models.triage import AnswerTemplate
from tests.conftest import login, org, page_token

ACTORS = (
    "anonymous",
    "practitioner",
    "coordinator_own",
    "coordinator_other",
    "central",
    "admin",
)
EVERYONE = dict.fromkeys(ACTORS[1:], "ok") | {"anonymous": "login"}
PUBLIC = dict.fromkeys(ACTORS, "ok")
NOBODY = dict.fromkeys(ACTORS, "hidden")
# Least privilege: admins administer; they neither triage nor write in nodes.
CENTRAL_ONLY = {
    "anonymous": "login",
    "practitioner": "deny",
    "coordinator_own": "deny",
    "coordinator_other": "deny",
    "central": "ok",
    "admin": "deny",
}
OFFICE = CENTRAL_ONLY | {"admin": "ok"}
ADMIN_ONLY = OFFICE | {"central": "deny"}
NODE_WRITERS = {
    "anonymous": "login",
    "practitioner": "deny",
    "coordinator_own": "ok",
    "coordinator_other": "deny",
    "central": "deny",
    "admin": "deny",
}
# A draft is seen by its own node only: others are told it does not exist.
DRAFT_WRITERS = NODE_WRITERS | {
    "practitioner": "hidden",
    "coordinator_other": "hidden",
    "central": "hidden",
    "admin": "hidden",
}
THREAD = NODE_WRITERS | {"central": "ok"}
# A method is kept current by the node it comes from (Köping's here) and the office.
METHOD_KEEPERS = NODE_WRITERS | {"central": "ok"}

# endpoint: (method, url, expectations). {own} is Köping, the own coordinator's node;
# {victim} is a user the admin may deactivate.
ROUTES = {
    "auth.root": ("GET", "/", EVERYONE),
    "auth.login": ("GET", "/login", PUBLIC),
    "auth.healthz": ("GET", "/healthz", PUBLIC),
    "auth.forgot_password": ("GET", "/password/forgot", PUBLIC),
    # A forged link opens nothing, whoever follows it.
    "auth.accept_invitation": (
        "GET",
        "/invite/forged",
        NOBODY,
    ),
    "auth.reset_password": (
        "GET",
        "/password/reset/forged",
        NOBODY,
    ),
    # Without a provider configured there is no OpenID Connect sign-in at all
    # (tests/integration/test_oidc.py tests it with one).
    "auth.oidc_login": ("GET", "/login/oidc", NOBODY),
    "auth.oidc_callback": ("GET", "/login/oidc/callback?state=x&code=y", NOBODY),
    # Signing out ends on the sign-in page for everyone.
    "auth.logout": ("POST", "/logout", dict.fromkeys(ACTORS, "login")),
    "auth.account": ("GET", "/account", EVERYONE),
    "auth.change_password": ("POST", "/account/password", EVERYONE),
    "auth.save_preferences": ("POST", "/account/preferences", EVERYONE),
    "auth.mfa": ("GET", "/account/mfa", EVERYONE),
    "auth.enable_mfa": ("POST", "/account/mfa/enable", EVERYONE),
    "auth.regenerate_recovery_codes": (
        "POST",
        "/account/mfa/recovery-codes",
        EVERYONE,
    ),
    "auth.disable_mfa": ("POST", "/account/mfa/disable", EVERYONE),
    # The second step of a sign-in: without a password given first, back to it.
    "auth.second_step": ("GET", "/login/mfa", dict.fromkeys(ACTORS, "login")),
    "auth.notifications": ("GET", "/notifications", EVERYONE),
    "auth.read_notifications": ("POST", "/notifications/read", EVERYONE),
    "auth.notifications_badge": ("GET", "/notifications/badge", EVERYONE),
    "nodes.index": ("GET", "/nodes/", EVERYONE),
    "nodes.show": ("GET", "/nodes/{own}/", EVERYONE),
    "inbox.index": ("GET", "/inbox/", CENTRAL_ONLY),
    "inbox.show": ("GET", "/inbox/{sent}", CENTRAL_ONLY),
    "inbox.templates": ("GET", "/inbox/templates", CENTRAL_ONLY),
    "inbox.retire_template": (
        "POST",
        "/inbox/templates/{template}/retire",
        CENTRAL_ONLY,
    ),
    "inbox.merge_candidates": (
        "GET",
        "/inbox/{sent}/candidates?mq=arbete",
        CENTRAL_ONLY,
    ),
    "inbox.mention_options": ("GET", "/inbox/{sent}/mentions?q=k", CENTRAL_ONLY),
    "inbox.spread": ("POST", "/inbox/{sent}/spread", CENTRAL_ONLY),
    "nodes.answer_spread": (
        "POST",
        "/spreads/{spread}/answer",
        dict.fromkeys(ACTORS[1:], "deny")
        | {"anonymous": "login", "coordinator_other": "ok"},
    ),
    "inbox.bulk": ("POST", "/inbox/bulk", CENTRAL_ONLY),
    "inbox.save_view": ("POST", "/inbox/views?status=submitted", CENTRAL_ONLY),
    # A view belongs to one officer (a colleague here): others may not touch it.
    "inbox.retire_view": (
        "POST",
        "/inbox/views/{view}/retire",
        CENTRAL_ONLY | {"central": "deny"},
    ),
    "inbox.change_status": ("POST", "/inbox/{sent}/status", CENTRAL_ONLY),
    "inbox.assign": ("POST", "/inbox/{sent}/assign", CENTRAL_ONLY),
    "inbox.add_note": ("POST", "/inbox/{sent}/notes", CENTRAL_ONLY),
    "inbox.snooze": ("POST", "/inbox/{sent}/snooze", CENTRAL_ONLY),
    "inbox.wake": ("POST", "/inbox/{sent}/wake", CENTRAL_ONLY),
    "inbox.merge": ("POST", "/inbox/{sent}/merge", CENTRAL_ONLY),
    "inbox.decide_funding": ("POST", "/inbox/{sent}/funding", CENTRAL_ONLY),
    "methods.index": ("GET", "/methods/", EVERYONE),
    "methods.show": ("GET", "/methods/{method}", EVERYONE),
    "methods.set_review_date": (
        "POST",
        "/methods/{method}/review-date",
        METHOD_KEEPERS,
    ),
    "methods.record_review": ("POST", "/methods/{method}/review", METHOD_KEEPERS),
    # Feed readers have no session: only a valid personal token opens the feed.
    "methods.feed": ("GET", "/methods/feed.atom", dict.fromkeys(ACTORS, "deny")),
    "inbox.publish": ("POST", "/inbox/{sent}/method", CENTRAL_ONLY),
    "auth.issue_feed_token": ("POST", "/account/feed", EVERYONE),
    "auth.revoke_feed_token": ("POST", "/account/feed/revoke", EVERYONE),
    # Every coordinator reads the county's follow-up (equal mandate).
    "followup.index": (
        "GET",
        "/followup/",
        OFFICE | {"coordinator_own": "ok", "coordinator_other": "ok"},
    ),
    "followup.sus_export": ("GET", "/followup/sus.csv?year=2026", OFFICE),
    # The board report and the export show what the follow-up page shows.
    "followup.report": (
        "GET",
        "/followup/report?year=2026&period=T2",
        OFFICE | {"coordinator_own": "ok", "coordinator_other": "ok"},
    ),
    "followup.export": (
        "GET",
        "/followup/export.csv?year=2026",
        OFFICE | {"coordinator_own": "ok", "coordinator_other": "ok"},
    ),
    "inbox.export": ("GET", "/inbox/export.csv?status=submitted", CENTRAL_ONLY),
    "funds.index": ("GET", "/funds/", EVERYONE),
    "funds.show": ("GET", "/funds/{insats}", EVERYONE),
    "funds.edit": ("POST", "/funds/{insats}", CENTRAL_ONLY),
    "funds.budget": ("POST", "/funds/{insats}/budget", CENTRAL_ONLY),
    "funds.contributions": ("GET", "/funds/contributions", OFFICE),
    "funds.residents": ("POST", "/funds/residents", OFFICE),
    "admin.index": ("GET", "/admin/", ADMIN_ONLY),
    "admin.deactivate_user": ("POST", "/admin/users/{victim}/deactivate", ADMIN_ONLY),
    "admin.reactivate_user": ("GET", "/admin/users/{victim}/reactivate", ADMIN_ONLY),
    "admin.reset_mfa": ("GET", "/admin/users/{victim}/mfa/reset", ADMIN_ONLY),
    "admin.users": ("GET", "/admin/users?q=a&never=y", ADMIN_ONLY),
    "admin.new_user": ("GET", "/admin/users/new", ADMIN_ONLY),
    "admin.edit_user": ("GET", "/admin/users/{victim}", ADMIN_ONLY),
    "admin.resend_invitation": (
        "POST",
        "/admin/users/{victim}/invitation",
        ADMIN_ONLY,
    ),
    "admin.organisations": ("GET", "/admin/organisations", ADMIN_ONLY),
    "admin.edit_organisation": ("GET", "/admin/organisations/{org}", ADMIN_ONLY),
    "admin.switch_organisation": (
        "GET",
        "/admin/organisations/{org}/leave",
        ADMIN_ONLY,
    ),
    "admin.areas": ("GET", "/admin/areas", ADMIN_ONLY),
    "admin.edit_area": ("GET", "/admin/areas/{area}", ADMIN_ONLY),
    "admin.switch_area": ("GET", "/admin/areas/{area}/retire", ADMIN_ONLY),
    "admin.log": ("GET", "/admin/log?kind=user", ADMIN_ONLY),
    "admin.add_target_group_view": ("POST", "/admin/target-groups", ADMIN_ONLY),
    "admin.toggle_target_group": (
        "POST",
        "/admin/target-groups/{group}/toggle",
        ADMIN_ONLY,
    ),
    "nodes.new_submission": (
        "GET",
        "/nodes/{own}/submissions/new?kind=need",
        NODE_WRITERS,
    ),
    "nodes.preview": ("POST", "/nodes/{own}/submissions/preview", NODE_WRITERS),
    "nodes.check": (
        "POST",
        "/nodes/{own}/submissions/check?kind=initiative",
        NODE_WRITERS,
    ),
    "nodes.edit_submission": ("GET", "/submissions/{draft}/edit", DRAFT_WRITERS),
    "nodes.submit_submission": ("POST", "/submissions/{draft}/submit", DRAFT_WRITERS),
    "nodes.withdraw_submission": ("POST", "/submissions/{sent}/withdraw", NODE_WRITERS),
    "nodes.show_submission": ("GET", "/submissions/{sent}", EVERYONE),
    "nodes.add_comment": ("POST", "/submissions/{sent}/comments", THREAD),
    # Only a coordinator of a party named on it (Fagersta here) can confirm.
    "nodes.confirm_backing": (
        "POST",
        "/submissions/{sent}/backing",
        dict.fromkeys(ACTORS[1:], "deny")
        | {"anonymous": "login", "coordinator_other": "ok"},
    ),
}


def test_every_registered_route_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    assert endpoints - ROUTES.keys() == set(), "decide who may use these routes"
    assert ROUTES.keys() - endpoints == set(), "the table names routes that are gone"


@pytest.fixture
def actors(make_user):
    """Create one user per signed-in actor; return their e-mail addresses."""
    spec = {
        "practitioner": (Role.PRACTITIONER, "region-vastmanland"),
        "coordinator_own": (Role.COORDINATOR, "koping"),
        "coordinator_other": (Role.COORDINATOR, "fagersta"),
        "central": (Role.CENTRAL, "kansli"),
        "admin": (Role.ADMIN, "kansli"),
    }
    users = {name: make_user(role, slug) for name, (role, slug) in spec.items()}
    users["victim"] = make_user(Role.PRACTITIONER, "sala")
    users["colleague"] = make_user(Role.CENTRAL, "kansli")
    return users


@pytest.fixture
def submissions(app, actors):
    """A Köping draft, and a sent Köping initiative that asks Fagersta to back it."""
    with app.app_context():
        author = db.session.get(User, actors["coordinator_own"].id)
        koping, fagersta = org("koping"), org("fagersta")
        draft = workflow.create(Kind.NEED, koping, author, {"title": "Utkast"}, [], [])
        sent = workflow.create(
            Kind.INITIATIVE, koping, author, {"title": "Initiativ"}, [], [fagersta]
        )
        method = workflow.create(Kind.PRACTICE, koping, author, {"title": "M"}, [], [])
        method.status = Status.ACCEPTED
        workflow.set_funding(sent, 100_000, "Lön")
        workflow.submit(sent, author)
        db.session.commit()
        group = db.session.scalar(db.select(TargetGroup.id))
        view = SavedView(
            user_id=actors["colleague"].id, name="Mina", query="assignee=me"
        )
        template = AnswerTemplate(name="Komplettering", text="Berätta mer.")
        db.session.add_all([view, template])
        db.session.flush()
        spread = Spread(
            submission_id=sent.id,
            organisation_id=fagersta.id,
            spread_by_id=actors["central"].id,
        )
        db.session.add(spread)
        insats = _insats(koping, author)
        db.session.commit()
        return {
            "insats": insats.id,
            "template": template.id,
            "spread": spread.id,
            "draft": draft.id,
            "sent": sent.id,
            "group": group,
            "org": org("sala").id,
            "area": db.session.scalar(db.select(Area.id).limit(1)),
            "view": view.id,
            "method": method.id,
        }


def _insats(origin, author) -> Insats:
    """A granted initiative and its insats."""
    sub = workflow.create(Kind.INITIATIVE, origin, author, {"title": "Insats"}, [], [])
    db.session.add(
        FundingRequest(
            submission_id=sub.id,
            amount=1000,
            decision=Decision.GRANTED,
            granted_amount=1000,
        )
    )
    insats = Insats(id=sub.id, name="Insats")
    db.session.add(insats)
    return insats


def _outcome(response) -> str:
    location = response.headers.get("Location", "")
    if response.status_code in (302, 303) and "/login" in location:
        return "login"
    if response.status_code == 401:  # a fragment that cannot redirect: sign in
        return "login"
    if response.status_code == 403:
        return "deny"
    if response.status_code == 404:
        return "hidden"
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    return "ok"


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
@pytest.mark.parametrize("actor", ACTORS)
def test_route_answers_each_actor_as_decided(app, actors, submissions, endpoint, actor):
    method, url, expected = ROUTES[endpoint]
    url = url.format(own="koping", victim=actors["victim"].id, **submissions)
    client = app.test_client()
    if actor != "anonymous":
        login(client, actors[actor])
    if method == "POST":
        token = page_token(client, "/login" if actor == "anonymous" else "/account")
        response = client.post(url, data={"csrf_token": token})
    else:
        response = client.get(url)
    assert _outcome(response) == expected[actor]
