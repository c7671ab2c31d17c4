"""The inbox as a download: every row the filter matches, as CSV or XLSX."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from models import Backing, Status
from models import Kind as SubmissionKind
from models.labels import label
from models.read.inbox_export import InboxExportRow, inbox_export_rows

from ..exports import Column, Kind, dated_name, export_response
from ..mail import external_urls
from ..policy import central_required
from .forms import InboxFilterForm
from .routes import bp

COLUMNS = (
    (_l("Number"), Kind.INT, 10),
    (_l("Kind"), Kind.TEXT, 18),
    (_l("Status"), Kind.TEXT, 18),
    (_l("Title"), Kind.TEXT, 50),
    (_l("Origin"), Kind.TEXT, 24),
    (_l("Parties and their backing"), Kind.TEXT, 50),
    (_l("Created"), Kind.DATETIME, None),
    (_l("Last activity"), Kind.DATETIME, None),
    (_l("Assigned"), Kind.TEXT, 22),
    (_l("Requested amount"), Kind.KRONOR, None),
    (_l("Granted amount"), Kind.KRONOR, None),
    (_l("Link"), Kind.URL, None),
)
BACKING = {
    Backing.CONFIRMED: _l("%(party)s (confirmed)"),
    Backing.PENDING: _l("%(party)s (pending)"),
}


@bp.route("/export.<any(csv, xlsx):extension>")
@central_required
def export(extension: str):
    """Download every submission the inbox's filter matches, not one page."""
    filters = InboxFilterForm()
    columns = [Column(str(header), kind, width) for header, kind, width in COLUMNS]
    rows = _shown(inbox_export_rows(filters.filter, current_user.id))
    return export_response(dated_name(_("samnod-inbox"), extension), columns, rows)


def _shown(rows: Iterable[InboxExportRow]) -> Iterator[tuple]:
    """Each row as the export shows it: labels in the user's language, a link."""
    # Asked once, not per row: labels, and links at SAMNOD_BASE_URL.
    backing = {value: str(text) for value, text in BACKING.items()}
    labels = {value: label(value) for value in (*SubmissionKind, *Status)}
    link = external_urls()
    for row in rows:
        parties = "; ".join(backing[b] % {"party": name} for name, b in row.parties)
        yield (
            row.id,
            labels[row.kind],
            labels[row.status],
            row.title,
            row.origin,
            parties,
            row.created_at,
            row.last_activity_at,
            row.assignee,
            row.requested,
            row.granted,
            link("inbox.show", {"sub_id": row.id}),
        )
