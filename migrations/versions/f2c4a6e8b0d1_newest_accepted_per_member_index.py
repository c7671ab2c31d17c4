"""follow-up: the node index (origin, kind, status) ends with created_at, so the
newest accepted initiative of each member is one step down it

Revision ID: f2c4a6e8b0d1
Revises: e5b7c9d1f3a2
Create Date: 2026-12-06 22:05:00

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "f2c4a6e8b0d1"
down_revision = "e5b7c9d1f3a2"
branch_labels = None
depends_on = None

NAME, TABLE = "ix_submissions_origin_kind_status", "submissions"


def upgrade():
    op.drop_index(NAME, table_name=TABLE)
    op.create_index(NAME, TABLE, ["origin_id", "kind", "status", "created_at"])


def downgrade():
    op.drop_index(NAME, table_name=TABLE)
    op.create_index(NAME, TABLE, ["origin_id", "kind", "status"])
