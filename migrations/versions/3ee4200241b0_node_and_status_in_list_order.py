"""the inbox filtered on a node and a status walks an index in list order

Revision ID: 3ee4200241b0
Revises: cadc985b431d
Create Date: 2026-12-01 11:35:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '3ee4200241b0'
down_revision = 'cadc985b431d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_index(
            'ix_submissions_origin_status_created',
            ['origin_id', 'status', 'created_at', 'id'],
            unique=False,
        )
        batch_op.drop_index('ix_submissions_origin_status')


def downgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_index(
            'ix_submissions_origin_status', ['origin_id', 'status'], unique=False
        )
        batch_op.drop_index('ix_submissions_origin_status_created')
