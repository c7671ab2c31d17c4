"""followup: tallies per month (and the days to the office's first decision)

Revision ID: d3a5f0c1b2e4
Revises: 4b19e77cfdf6
Create Date: 2026-12-06 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd3a5f0c1b2e4'
down_revision = '4b19e77cfdf6'
branch_labels = None
depends_on = None

# Frozen copy of models/read/counts.py's recount as of this revision:
# (measure, timestamp, organisation, source and condition).
TALLIES = [
    ("needs", "s.created_at", "s.origin_id", "submissions s",
     "s.kind = 'need' AND s.status != 'draft'"),
    ("initiatives_logged", "s.created_at", "s.origin_id", "submissions s",
     "s.kind = 'initiative' AND s.status != 'draft'"),
    ("initiatives_accepted", "s.created_at", "s.origin_id", "submissions s",
     "s.kind = 'initiative' AND s.status = 'accepted'"),
    ("practices_shared", "s.created_at", "s.origin_id", "submissions s",
     "s.kind = 'practice' AND s.status != 'draft'"),
    ("spreads_received", "p.created_at", "p.organisation_id", "spreads p", "1 = 1"),
    ("answers_given", "p.created_at", "p.organisation_id", "spreads p",
     "p.answer IS NOT NULL"),
    ("adoptions", "p.created_at", "p.organisation_id", "spreads p",
     "p.answer = 'adopted'"),
]
FIRST_DECISIONS = (
    "SELECT submission_id, min(created_at) AS at FROM events "
    "WHERE from_status IN ('submitted', 'in_review') "
    "AND to_status IN ('needs_info', 'accepted', 'declined', 'merged') "
    "GROUP BY submission_id"
)


def _month(column: str) -> str:
    if op.get_bind().dialect.name == "sqlite":
        return f"CAST(strftime('%Y%m', {column}) AS INTEGER)"
    return (
        f"CAST(EXTRACT(year FROM {column}) * 100 + EXTRACT(month FROM {column})"
        " AS INTEGER)"
    )


def _days(later: str, earlier: str) -> str:
    if op.get_bind().dialect.name == "sqlite":
        return (
            f"CAST(julianday(date({later})) - julianday(date({earlier}))"
            " AS INTEGER)"
        )
    return f"(CAST({later} AS DATE) - CAST({earlier} AS DATE))"


def upgrade():
    op.create_table(
        'month_tallies',
        sa.Column('measure', sa.String(length=30), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('n', sa.BigInteger(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_month_tallies_organisation_id_organisations'),
        ),
        sa.PrimaryKeyConstraint(
            'measure', 'month', 'organisation_id', name=op.f('pk_month_tallies')
        ),
    )
    op.create_table(
        'decision_days',
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('days', sa.Integer(), nullable=False),
        sa.Column('n', sa.Integer(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_decision_days_organisation_id_organisations'),
        ),
        sa.PrimaryKeyConstraint(
            'month', 'organisation_id', 'days', name=op.f('pk_decision_days')
        ),
    )
    for measure, at, org, source, where in TALLIES:
        month = _month(at)
        op.execute(
            "INSERT INTO month_tallies (measure, month, organisation_id, n) "
            f"SELECT '{measure}', {month}, {org}, count(*) FROM {source} "
            f"WHERE {where} GROUP BY {month}, {org}"
        )
    month = _month("d.at")
    days = _days("d.at", "coalesce(s.submitted_at, s.created_at)")
    op.execute(
        "INSERT INTO decision_days (month, organisation_id, days, n) "
        f"SELECT {month}, s.origin_id, {days}, count(*) "
        f"FROM ({FIRST_DECISIONS}) d JOIN submissions s ON s.id = d.submission_id "
        f"GROUP BY {month}, s.origin_id, {days}"
    )
    op.drop_table('year_tallies')


def downgrade():
    op.create_table(
        'year_tallies',
        sa.Column('measure', sa.String(length=30), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('n', sa.BigInteger(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_year_tallies_organisation_id_organisations'),
        ),
        sa.PrimaryKeyConstraint(
            'measure', 'year', 'organisation_id', name=op.f('pk_year_tallies')
        ),
    )
    op.execute(
        "INSERT INTO year_tallies (measure, year, organisation_id, n) "
        "SELECT measure, month / 100, organisation_id, sum(n) FROM month_tallies "
        "WHERE measure IN ('needs', 'initiatives_accepted', 'spreads_received', "
        "'adoptions') GROUP BY measure, month / 100, organisation_id"
    )
    year = _month("f.decided_at") + " / 100"
    op.execute(  # the kronor the old table kept, as 207bd0e08167 counted them
        "INSERT INTO year_tallies (measure, year, organisation_id, n) "
        f"SELECT 'granted', {year}, s.origin_id, coalesce(sum(f.granted_amount), 0) "
        "FROM funding_requests f JOIN submissions s ON f.submission_id = s.id "
        "WHERE f.decision = 'granted' AND f.decided_at IS NOT NULL "
        f"GROUP BY {year}, s.origin_id"
    )
    op.drop_table('decision_days')
    op.drop_table('month_tallies')
