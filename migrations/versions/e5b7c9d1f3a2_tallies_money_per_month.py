"""tallies: the follow-up's money kept per month (grant_tallies, party_tallies)

Revision ID: e5b7c9d1f3a2
Revises: e6b1d4a7c2f9
Create Date: 2026-12-06 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b7c9d1f3a2'
down_revision = "e6b1d4a7c2f9"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'grant_tallies',
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('reach', sa.String(length=400), nullable=False),
        sa.Column('measure', sa.String(length=20), nullable=False),
        sa.Column('kronor', sa.BigInteger(), server_default='0', nullable=False),
        sa.Column('n', sa.Integer(), server_default='0', nullable=False),
        sa.Column('last_day', sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint(
            'month', 'reach', 'measure', name=op.f('pk_grant_tallies')
        ),
    )
    op.create_table(
        'party_tallies',
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('kronor', sa.BigInteger(), server_default='0', nullable=False),
        sa.Column('n', sa.Integer(), server_default='0', nullable=False),
        sa.Column('last_day', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ['organisation_id'], ['organisations.id'],
            name=op.f('fk_party_tallies_organisation_id_organisations'),
        ),
        sa.PrimaryKeyConstraint(
            'month', 'organisation_id', name=op.f('pk_party_tallies')
        ),
    )
    with op.batch_alter_table('funding_requests', schema=None) as batch_op:
        batch_op.create_index(
            'ix_funding_requests_decision_decided_on',
            ['decision', 'decided_on'],
            unique=False,
        )
    # Filled from the rows by the same function the app's recount() uses: it
    # reads funding_requests, insatser, insats_municipalities, submission_parties
    # and budget_rows, all as they are at this revision.
    from models.money_tallies import recount

    recount(op.get_bind())


def downgrade():
    with op.batch_alter_table('funding_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_funding_requests_decision_decided_on')
    op.drop_table('party_tallies')
    op.drop_table('grant_tallies')
