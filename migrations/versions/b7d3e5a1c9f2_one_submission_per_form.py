"""one submission per new-submission form: the form's key, unique

Revision ID: b7d3e5a1c9f2
Revises: b5d0c3e1a7f2
Create Date: 2026-12-01 22:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7d3e5a1c9f2'
down_revision = 'b5d0c3e1a7f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('idempotency_key', sa.String(length=64), nullable=True)
        )
        batch_op.create_index(
            'ix_submissions_idempotency_key', ['idempotency_key'], unique=True
        )


def downgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index('ix_submissions_idempotency_key')
        batch_op.drop_column('idempotency_key')
