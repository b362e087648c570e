"""indexes found by the province benchmark: pending emergencies, year-to-date roll-ups

Revision ID: 9e5f6a7b8c05
Revises: 5a1b2c3d4e01
Create Date: 2026-11-25 18:50:00

The pending-emergency list heads every case list and supervisor view (it scanned every case of the
user's subtree); the indicator roll-ups filter cases by opening date, referrals by completion date and
follow-ups by when they were done.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '9e5f6a7b8c05'
down_revision = '5a1b2c3d4e01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_emergency_pending', ['emergency', 'emergency_acted_at', 'emergency_deadline'],
                              unique=False)
        batch_op.create_index('ix_cases_opened_on', ['opened_on'], unique=False)
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index('ix_referrals_status_completed_on', ['status', 'completed_on'], unique=False)
    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.create_index('ix_followups_status_done_at', ['status', 'done_at'], unique=False)


def downgrade():
    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.drop_index('ix_followups_status_done_at')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_referrals_status_completed_on')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_opened_on')
        batch_op.drop_index('ix_cases_emergency_pending')
