"""mfa: authenticator app secret, last used step, demo exemption, recovery codes

Revision ID: f3c8a1d5e7b9
Revises: f2c4a6e8b0d1
Create Date: 2026-12-06 22:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3c8a1d5e7b9'
down_revision = "f2c4a6e8b0d1"
branch_labels = None
depends_on = None


# Plain ALTER TABLE only: SQLite's batch mode copies a table, and dropping the
# old users table fails on the rows that refer to it (foreign keys are on).


# The accounts seed-demo makes (demo/texts/structure.toml): a demo database made
# before this revision keeps signing in with the public demo password alone, as
# seed-demo marks them now. `.test` is a reserved domain: no real address has it.
DEMO_ACCOUNTS = (
    'admin@samnod.test', 'kansli@samnod.test', 'asa.oberg@samnod.test',
    'koping@samnod.test', 'fagersta@samnod.test', 'vasteras@samnod.test',
    'praktiker@samnod.test',
)


def upgrade():
    op.add_column('users', sa.Column('mfa_secret', sa.String(length=64), nullable=True))
    op.add_column('users', sa.Column('mfa_last_step', sa.Integer(), nullable=True))
    op.add_column('users', sa.Column('mfa_exempt', sa.Boolean(),
                                     server_default=sa.false(), nullable=False))
    users = sa.table('users', sa.column('email', sa.String),
                     sa.column('mfa_exempt', sa.Boolean))
    op.execute(users.update().where(users.c.email.in_(DEMO_ACCOUNTS))
               .values(mfa_exempt=True))
    op.create_table(
        'recovery_codes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_recovery_codes_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes')),
    )
    op.create_index('ix_recovery_codes_user', 'recovery_codes',
                    ['user_id', 'code_hash'], unique=False)


def downgrade():
    op.drop_index('ix_recovery_codes_user', table_name='recovery_codes')
    op.drop_table('recovery_codes')
    op.drop_column('users', 'mfa_exempt')
    op.drop_column('users', 'mfa_last_step')
    op.drop_column('users', 'mfa_secret')
