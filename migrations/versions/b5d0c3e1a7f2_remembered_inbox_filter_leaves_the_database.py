"""the remembered inbox filter leaves the database (reads never write)

The officer's last inbox filter is kept in the signed session cookie instead:
a GET of the inbox wrote this column inside the read, which made a filter that
failed to run lock the officer out and made SQLite refuse lock upgrades under
load.

Revision ID: b5d0c3e1a7f2
Revises: 3ee4200241b0
Create Date: 2026-12-01 21:40:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b5d0c3e1a7f2'
down_revision = '3ee4200241b0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('inbox_query')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'inbox_query', sa.String(length=1000), nullable=False, server_default=''
            )
        )
