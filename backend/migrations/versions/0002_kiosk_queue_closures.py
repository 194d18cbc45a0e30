"""kiosk check-in, queue numbers, closures and staff centers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # A native enum learns a new value only this way (autogenerate does not see it).
        op.execute("ALTER TYPE appointmentstatus ADD VALUE IF NOT EXISTS 'called'")
    op.create_table('queuecounter',
    sa.Column('center_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('prefix', sa.String(length=2), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['center_id'], ['center.id'], ),
    sa.PrimaryKeyConstraint('center_id', 'day', 'prefix')
    )
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('queue_day', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('checked_in_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('called_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('done_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('closure_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint('uq_appointment_queue', ['center_id', 'queue_day', 'queue_number'])
        batch_op.create_foreign_key('fk_appointment_closure', 'closure', ['closure_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('appointment', schema=None) as batch_op:
        batch_op.drop_constraint('fk_appointment_closure', type_='foreignkey')
        batch_op.drop_constraint('uq_appointment_queue', type_='unique')
        batch_op.drop_column('closure_id')
        batch_op.drop_column('done_at')
        batch_op.drop_column('called_at')
        batch_op.drop_column('checked_in_at')
        batch_op.drop_column('queue_day')

    op.drop_table('queuecounter')
