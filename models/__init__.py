"""Samnod's models and the domain rules that belong to them."""

from . import triage, workflow
from .activity import (
    Listing,
    NodeActivity,
    node_activity,
    node_submissions,
    recent_activity,
    spread_to_node,
)
from .base import Base, db, utcnow
from .events import Comment, Event, EventKind, ImmutableEventError, thread, timeline
from .followup import Distribution, DistributionRow, yearly_distribution
from .funding import Contribution, Decision, FundingRequest
from .inbox import InboxFilter, InboxPage, inbox_page, neighbours
from .notification import (
    Notification,
    mark_read,
    notifications_for,
    notify,
    unread_count,
)
from .organisation import (
    Area,
    Organisation,
    OrgKind,
    area_members,
    get_member_by_slug,
    member_organisations,
)
from .privacy import Finding, PersonalNumberFound, find_personal_numbers, guard_text
from .ratelimit import DatabaseStorage, RateLimitCounter
from .rendering import render_markdown
from .search import search_methods, similar_submissions
from .spread import Answer, Spread
from .submission import (
    Backing,
    Kind,
    Status,
    Submission,
    SubmissionParty,
    TargetGroup,
    Urgency,
    add_target_group,
    all_target_groups,
)
from .user import (
    DEMO_PASSWORD,
    MIN_PASSWORD_LENGTH,
    Locale,
    NotifyPreference,
    Role,
    User,
    find_user_by_email,
    find_user_by_session,
    normalise_email,
)

__all__ = [
    "thread",
    "timeline",
    "mark_read",
    "notifications_for",
    "InboxFilter",
    "neighbours",
    "triage",
    "add_target_group",
    "all_target_groups",
    "DEMO_PASSWORD",
    "Finding",
    "PersonalNumberFound",
    "find_personal_numbers",
    "guard_text",
    "render_markdown",
    "Distribution",
    "DistributionRow",
    "InboxPage",
    "inbox_page",
    "search_methods",
    "similar_submissions",
    "yearly_distribution",
    "MIN_PASSWORD_LENGTH",
    "Answer",
    "Area",
    "Backing",
    "Base",
    "Comment",
    "Contribution",
    "DatabaseStorage",
    "Decision",
    "Event",
    "EventKind",
    "FundingRequest",
    "ImmutableEventError",
    "Kind",
    "Listing",
    "NodeActivity",
    "node_activity",
    "node_submissions",
    "recent_activity",
    "spread_to_node",
    "Locale",
    "Notification",
    "NotifyPreference",
    "notify",
    "unread_count",
    "OrgKind",
    "Organisation",
    "RateLimitCounter",
    "Role",
    "Spread",
    "Status",
    "Submission",
    "SubmissionParty",
    "TargetGroup",
    "Urgency",
    "User",
    "area_members",
    "db",
    "find_user_by_email",
    "find_user_by_session",
    "get_member_by_slug",
    "member_organisations",
    "normalise_email",
    "utcnow",
    "workflow",
]
