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


def _restore_email_index():
    # SQLite's batch mode copies the table and cannot carry an expression index.
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('CREATE UNIQUE INDEX IF NOT EXISTS uq_users_email_lower '
                   'ON users (lower(email))')


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
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('last_login_at', sa.DateTime(), nullable=True))
        batch_op.alter_column('password_hash', existing_type=sa.String(length=255),
                              nullable=True)
    _restore_email_index()
    with op.batch_alter_table('organisations') as batch_op:
        batch_op.add_column(sa.Column('short_name', sa.String(length=60),
                                      server_default='', nullable=False))
    with op.batch_alter_table('areas') as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(),
                                      server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('areas') as batch_op:
        batch_op.drop_column('active')
    with op.batch_alter_table('organisations') as batch_op:
        batch_op.drop_column('short_name')
    with op.batch_alter_table('users') as batch_op:
        batch_op.alter_column('password_hash', existing_type=sa.String(length=255),
                              nullable=False)
        batch_op.drop_column('last_login_at')
    _restore_email_index()
    op.drop_index('ix_account_tokens_user', table_name='account_tokens')
    op.drop_table('account_tokens')
