"""snooze: an index on snoozed_until; the review date a method's node was reminded of

Revision ID: e6b1c0d2a9f4
Revises: b7d2c4e6f801
Create Date: 2026-12-06 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6b1c0d2a9f4'
down_revision = "b7d2c4e6f801"
branch_labels = None
depends_on = None


# Plain ALTER TABLE: SQLite's batch mode would copy the submissions table, and
# dropping the old one fails on the rows that refer to it (foreign keys are on).
def upgrade():
    op.add_column('submissions', sa.Column('review_reminded_for', sa.Date(), nullable=True))
    op.create_index('ix_submissions_snoozed_until', 'submissions', ['snoozed_until'],
                    unique=False)


def downgrade():
    op.drop_index('ix_submissions_snoozed_until', table_name='submissions')
    op.drop_column('submissions', 'review_reminded_for')
