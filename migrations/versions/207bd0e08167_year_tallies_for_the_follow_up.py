"""year tallies: the follow-up's and the node list's counts, kept in step

Revision ID: 207bd0e08167
Revises: a8d51f0c7e26
Create Date: 2026-12-01 10:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '207bd0e08167'
down_revision = 'a8d51f0c7e26'
branch_labels = None
depends_on = None

# Frozen copy of models/counts.py's recount as of this revision:
# (measure, timestamp, organisation, amount, source and condition).
TALLIES = [
    ("needs", "s.created_at", "s.origin_id", "count(*)", "submissions s",
     "s.kind = 'need' AND s.status != 'draft'"),
    ("initiatives_accepted", "s.created_at", "s.origin_id", "count(*)",
     "submissions s", "s.kind = 'initiative' AND s.status = 'accepted'"),
    ("spreads_received", "p.created_at", "p.organisation_id", "count(*)",
     "spreads p", "1 = 1"),
    ("adoptions", "p.created_at", "p.organisation_id", "count(*)", "spreads p",
     "p.answer = 'adopted'"),
    ("granted", "f.decided_at", "s.origin_id", "coalesce(sum(f.granted_amount), 0)",
     "funding_requests f JOIN submissions s ON f.submission_id = s.id",
     "f.decision = 'granted' AND f.decided_at IS NOT NULL"),
]


def _year(column: str) -> str:
    if op.get_bind().dialect.name == "sqlite":
        return f"CAST(strftime('%Y', {column}) AS INTEGER)"
    return f"CAST(EXTRACT(year FROM {column}) AS INTEGER)"


def upgrade():
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
    for measure, at, org, amount, source, where in TALLIES:
        year = _year(at)
        op.execute(
            "INSERT INTO year_tallies (measure, year, organisation_id, n) "
            f"SELECT '{measure}', {year}, {org}, {amount} FROM {source} "
            f"WHERE {where} GROUP BY {year}, {org}"
        )


def downgrade():
    op.drop_table('year_tallies')
