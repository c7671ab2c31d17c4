"""admin: invitations and password resets, last sign-in, short names, retired areas

Revision ID: a7d2c9e4f1b3
Revises: e6b1c0d2a9f4
Create Date: 2026-12-06 18:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7d2c9e4f1b3'
down_revision = "e6b1c0d2a9f4"
branch_labels = None
depends_on = None


# Plain ALTER TABLE only: SQLite's batch mode copies a table, and dropping the
# old users or areas table fails on the rows that refer to it (foreign keys are on).


def upgrade():
    op.create_table(
        'account_tokens',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('purpose', sa.Enum('invite', 'reset', name='purpose',
                                     native_enum=False, length=20), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_account_tokens_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_account_tokens')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_account_tokens_token_hash')),
    )
    op.create_index('ix_account_tokens_user', 'account_tokens',
                    ['user_id', 'purpose'], unique=False)
    op.add_column('users', sa.Column('last_login_at', sa.DateTime(), nullable=True))
    op.add_column('organisations', sa.Column('short_name', sa.String(length=60),
                                             server_default='', nullable=False))
    op.add_column('areas', sa.Column('active', sa.Boolean(),
                                     server_default=sa.true(), nullable=False))


def downgrade():
    op.drop_column('areas', 'active')
    op.drop_column('organisations', 'short_name')
    op.drop_column('users', 'last_login_at')
    op.drop_index('ix_account_tokens_user', table_name='account_tokens')
    op.drop_table('account_tokens')
