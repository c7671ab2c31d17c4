"""What the rest of the app may import from `models`.

The tables and their enums, the session, and the rule modules. A rule is called
through its module (`workflow.submit`, `triage.transition`), a query through the
read side (`models.read.inbox.inbox_page`); nothing else is re-exported here.
"""

from . import (
    accounts,
    funding,
    funds,
    granting,
    identity,
    membership,
    mentions,
    mfa,
    money_tallies,
    notification,
    outbox,
    privacy,
    ratelimit,  # registers the samnod+db:// rate-limit storage
    reviews,
    spreading,
    tokens,
    triage,
    workflow,
)
from .base import Base, db, utcnow
from .changelog import Change
from .events import Comment, Event, EventKind
from .funding import Contribution, Decision, FundingRequest, Residents
from .insats import BudgetRow, BudgetType, Inriktning, Insats, InsatsYear
from .notification import Notification
from .organisation import Area, Organisation, OrgKind
from .spread import Answer, Spread
from .submission import (
    Backing,
    Kind,
    Status,
    Submission,
    SubmissionParty,
    TargetGroup,
    Urgency,
)
from .user import Locale, NotifyPreference, Role, User

__all__ = [
    "accounts",
    "Answer",
    "Area",
    "Backing",
    "BudgetRow",
    "BudgetType",
    "Change",
    "Base",
    "Comment",
    "Contribution",
    "Decision",
    "Event",
    "EventKind",
    "FundingRequest",
    "Inriktning",
    "Insats",
    "InsatsYear",
    "Kind",
    "Locale",
    "Notification",
    "NotifyPreference",
    "OrgKind",
    "Organisation",
    "Residents",
    "Role",
    "Spread",
    "Status",
    "Submission",
    "SubmissionParty",
    "TargetGroup",
    "Urgency",
    "User",
    "db",
    "funding",
    "funds",
    "granting",
    "identity",
    "membership",
    "mentions",
    "mfa",
    "money_tallies",
    "notification",
    "outbox",
    "privacy",
    "ratelimit",
    "reviews",
    "spreading",
    "tokens",
    "triage",
    "utcnow",
    "workflow",
]
