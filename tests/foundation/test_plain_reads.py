"""The reads done in plain SQL on the file's own connection give what the ORM gives for the same rows."""

from __future__ import annotations

import shutil
from datetime import UTC
from pathlib import Path

from sqlmodel import col, select

from models.inspection.database import InspectionDatabase
from models.inspection.demo import DEMO_PASSPHRASE
from models.inspection.opened import OpenedInspection
from models.inspection.opening import opened
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


def test_a_file_opened_for_the_window_becomes_the_full_service_on_its_first_write(demo_template: Path,
                                                                                  tmp_path: Path) -> None:
    path = tmp_path / "demo.fieldwork"
    shutil.copyfile(demo_template, path)
    service = opened(InspectionDatabase.open(path, passphrase=DEMO_PASSPHRASE), "lead")
    try:
        assert type(service) is not InspectionService and isinstance(service, OpenedInspection)  # no more
        row = service.cases()[0]
        ref, inspector = row.ref, row.graders[0]
        before = next(v.grade for v in service.case_detail(ref).assessments if v.inspector == inspector)
        grade = next(key for key in service.framework.grade_keys if key != before)
        service.set_grade(ref, inspector, grade)  # the write side, loaded here
        assert type(service) is InspectionService
        assert next(v.grade for v in service.case_detail(ref).assessments if v.inspector == inspector) == grade
    finally:
        service.close()
    with InspectionService.open(path, actor="lead", passphrase=DEMO_PASSPHRASE) as reopened:
        assert next(v.grade for v in reopened.case_detail(ref).assessments if v.inspector == inspector) == grade
        with reopened.db.reading() as connection:
            actions = connection.execute("SELECT action FROM audit_event WHERE actor = 'lead'").fetchall()
        assert [action for (action,) in actions] == ["set-grade"]  # and audited
