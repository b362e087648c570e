"""collaborator reviews (six-monthly, Circular 07/2013)

Revision ID: 5a1b2c3d4e01
Revises: 8d4e5f6a7b04
Create Date: 2026-11-25 18:40:00

Supervision notes need no schema change: they are case notes of kind "supervision" (the note kind
is a VARCHAR(16) without a CHECK constraint).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a1b2c3d4e01'
down_revision = '8d4e5f6a7b04'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('collaborator_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reviewee_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('half', sa.Integer(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('rating', sa.Enum('excellent', 'good', 'satisfactory', 'unsatisfactory', name='reviewrating', native_enum=False, length=16), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('actions', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['org_unit_id'], ['org_units.id'], name=op.f('fk_collaborator_reviews_org_unit_id_org_units')),
    sa.ForeignKeyConstraint(['reviewee_id'], ['users.id'], name=op.f('fk_collaborator_reviews_reviewee_id_users')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_collaborator_reviews_reviewer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collaborator_reviews')),
    sa.UniqueConstraint('reviewee_id', 'year', 'half', name=op.f('uq_collaborator_reviews_reviewee_id_year_half'))
    )
    with op.batch_alter_table('collaborator_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_collaborator_reviews_org_unit_id'), ['org_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_collaborator_reviews_reviewee_id'), ['reviewee_id'], unique=False)


def downgrade():
    with op.batch_alter_table('collaborator_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_collaborator_reviews_reviewee_id'))
        batch_op.drop_index(batch_op.f('ix_collaborator_reviews_org_unit_id'))
    op.drop_table('collaborator_reviews')
