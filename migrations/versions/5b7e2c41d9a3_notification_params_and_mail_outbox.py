"""notification parameters (rendered per reader) and the e-mail outbox

Revision ID: 5b7e2c41d9a3
Revises: 7d99be3570bf
Create Date: 2026-11-23 15:20:00

Existing rows keep their stored sentence in `text` (shown as it is) and are
never mailed: `mail_status` is `sent` where they were mailed, `skip` otherwise.
"""

from alembic import op
import sqlalchemy as sa


revision = "5b7e2c41d9a3"
down_revision = "7d99be3570bf"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("params", sa.JSON(), server_default="{}", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "mail_status",
                sa.Enum(
                    "skip",
                    "pending",
                    "sent",
                    "failed",
                    name="mailstatus",
                    native_enum=False,
                    length=20,
                ),
                server_default="skip",
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column("mail_attempts", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("mail_next_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("mail_error", sa.Text(), server_default="", nullable=False)
        )
        batch_op.create_index(
            "ix_notifications_mail_status", ["mail_status", "user_id"], unique=False
        )
    op.execute(
        "UPDATE notifications SET mail_status = 'sent' WHERE emailed_at IS NOT NULL"
    )


def downgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_mail_status")
        batch_op.drop_column("mail_error")
        batch_op.drop_column("mail_next_at")
        batch_op.drop_column("mail_attempts")
        batch_op.drop_column("mail_status")
        batch_op.drop_column("params")
