"""submission counters, event origin and indexes for the inbox, node pages, follow-up

Revision ID: c4f1e2a9b8d3
Revises: 5b7e2c41d9a3
Create Date: 2026-11-23 15:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f1e2a9b8d3'
down_revision = '5b7e2c41d9a3'
branch_labels = None
depends_on = None

def upgrade():
    op.create_table(
        'submission_counts',
        sa.Column('origin_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('n', sa.Integer(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(
            ['origin_id'], ['organisations.id'],
            name=op.f('fk_submission_counts_origin_id_organisations'),
        ),
        sa.PrimaryKeyConstraint(
            'origin_id', 'kind', 'status', name=op.f('pk_submission_counts')
        ),
    )
    op.execute(
        'INSERT INTO submission_counts (origin_id, kind, status, n) '
        'SELECT origin_id, kind, status, count(*) FROM submissions '
        'GROUP BY origin_id, kind, status'
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_events_origin_id_organisations'),
            'organisations', ['origin_id'], ['id'],
        )
        batch_op.create_index('ix_events_origin', ['origin_id', 'id'], unique=False)
    op.execute(
        'UPDATE events SET origin_id = (SELECT origin_id FROM submissions'
        ' WHERE submissions.id = events.submission_id)'
    )
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_index(
            'ix_submissions_origin_kind_status', ['origin_id', 'kind', 'status'],
            unique=False,
        )
        batch_op.create_index(
            'ix_submissions_origin_created', ['origin_id', 'created_at', 'id'],
            unique=False,
        )
        batch_op.create_index(
            'ix_submissions_kind_created',
            ['kind', 'created_at', 'status', 'origin_id'], unique=False,
        )
    with op.batch_alter_table('spreads', schema=None) as batch_op:
        batch_op.create_index(
            'ix_spreads_created_org_answer',
            ['created_at', 'organisation_id', 'answer'], unique=False,
        )
        batch_op.create_index(
            'ix_spreads_organisation_answer', ['organisation_id', 'answer'],
            unique=False,
        )
    with op.batch_alter_table('funding_requests', schema=None) as batch_op:
        batch_op.create_index(
            'ix_funding_requests_decision_decided', ['decision', 'decided_at'],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table('funding_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_funding_requests_decision_decided')
    with op.batch_alter_table('spreads', schema=None) as batch_op:
        batch_op.drop_index('ix_spreads_organisation_answer')
        batch_op.drop_index('ix_spreads_created_org_answer')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index('ix_submissions_kind_created')
        batch_op.drop_index('ix_submissions_origin_created')
        batch_op.drop_index('ix_submissions_origin_kind_status')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_origin')
        batch_op.drop_constraint(
            batch_op.f('fk_events_origin_id_organisations'), type_='foreignkey'
        )
        batch_op.drop_column('origin_id')
    op.drop_table('submission_counts')
