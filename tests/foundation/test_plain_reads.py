"""The reads done in plain SQL on the file's own connection give what the ORM gives for the same rows."""

from __future__ import annotations

from datetime import UTC

from sqlmodel import col, select

from models.inspection.services import InspectionService
from models.inspection.tables import Assessment, Case, Inspection


def test_the_case_panel_and_the_inspection_read_as_the_orm_reads_them(demo: InspectionService) -> None:
    with demo.read() as session:
        inspection = session.scalars(select(Inspection)).one()
        graded = {(a.case_id, a.inspector): a for a in session.scalars(select(Assessment))}
        ids = {c.ref: c.id for c in session.scalars(select(Case).order_by(col(Case.ref)))}
    info = demo.info()
    assert info.created_at == inspection.created_at and info.created_at.tzinfo == UTC
    assert info.id == inspection.id and info.force_name == inspection.force_name
    for ref, case_id in ids.items():
        detail = demo.case_detail(ref)
        assert detail.case == demo.case(ref)  # the case list's row, read through the ORM
        for view in detail.assessments:
            stored = graded[case_id, view.inspector]
            assert (view.grade, view.serious_concern, view.concern_summary, view.updated_at) == (
                stored.grade, stored.serious_concern, stored.concern_summary, stored.updated_at)
    assert sum(1 for ref in ids if demo.case_detail(ref).referral) == 14
