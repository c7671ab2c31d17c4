"""full-text vocabulary on SQLite (search words name their terms); review index

Revision ID: a8d51f0c7e26
Revises: c4f1e2a9b8d3
Create Date: 2026-11-23 18:05:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a8d51f0c7e26'
down_revision = 'c4f1e2a9b8d3'
branch_labels = None
depends_on = None

# Frozen copy of models/fulltext.py as of this revision. PostgreSQL has no
# counterpart: its prefix search reads the GIN index directly.
VOCABULARY = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS submissions_fts_vocab "
    "USING fts5vocab(submissions_fts, 'row')"
)


def upgrade():
    op.create_index(
        'ix_submissions_status_review',
        'submissions',
        ['status', 'review_date', 'kind', 'is_method'],
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(VOCABULARY)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS submissions_fts_vocab")
    op.drop_index('ix_submissions_status_review', table_name='submissions')
