"""PostgreSQL: the search vector is kept in the row, not in the TOAST table

Revision ID: cadc985b431d
Revises: 207bd0e08167
Create Date: 2026-12-01 11:20:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'cadc985b431d'
down_revision = '207bd0e08167'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE submissions ALTER COLUMN search_vector SET STORAGE MAIN")
    # Storage applies to rows as they are written: write each row again (the
    # generated vector is computed anew and stored inline).
    op.execute("UPDATE submissions SET title = title")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "ALTER TABLE submissions ALTER COLUMN search_vector SET STORAGE EXTENDED"
    )
