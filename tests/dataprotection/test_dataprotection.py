"""Data-subject requests, export, restriction, de-identification (totals unchanged) and retention."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from casework.audit.models import AuditEvent
from casework.auth.models import Role
from casework.cases import service as cases
from casework.cases.models import Case, CaseNote, CaseSource, ClosureReason, NoteKind
from casework.dataprotection.models import DataRequest
from casework.extensions import db
from casework.people import service as people
from casework.people.models import ConsentScope, IdType, Person, Sex
from casework.referrals import service as referrals
from casework.referrals.models import CommitmentKind, Disbursement, Frequency, FundingSource, PartnerKind
from casework.referrals.queries import paid_total
from tests.conftest import KH_WARD_A, unit


@pytest.fixture
def rich_person(app, worker, supervisor):
    """A person with a case, a note, a paid commitment and a consent to sharing."""
    person = people.create_person(people.PersonData(
        full_name="Phạm Thị Hương", sex=Sex.FEMALE, birth_date=date(1985, 6, 7), id_type=IdType.CCCD,
        id_number="056185000123", phone="0905111222", bhyt_number="1234567890", address_detail="Tổ 5, đường Lê Lợi",
        home_commune=unit(KH_WARD_A), categories=["ND20-5.4"]), actor=worker, unit=unit(KH_WARD_A),
        today=date(2026, 1, 1), allow_similar=True)
    case = cases.open_case(person, actor=worker, unit=unit(KH_WARD_A), source=CaseSource.COMMUNE, needs=["income"],
                           summary="Chồng mất, ba con nhỏ")
    cases.add_note(case, actor=worker, kind=NoteKind.HOME_VISIT, occurred_on=date(2026, 1, 2),
                   body="Gặp chị Hương tại nhà, con bị bại não")
    partner = referrals.create_partner(referrals.PartnerData(name="Quỹ Sinh Kế", kind=PartnerKind.CHARITY),
                                       actor=worker, unit=unit(KH_WARD_A))
    commitment = referrals.create_commitment(case, partner, referrals.CommitmentData(
        kind=CommitmentKind.CASH, amount=5_000_000, source=FundingSource.SOCIALISED, frequency=Frequency.ONE_OFF,
        start_on=date(2026, 2, 1)), actor=worker)
    payment = db.session.scalar(select(Disbursement).where(Disbursement.commitment_id == commitment.id))
    referrals.record_payment(payment, actor=worker, paid_on=date(2026, 2, 1), amount=5_000_000)
    people.record_consent(person, actor=worker, scope=ConsentScope.DISCLOSURE, given_on=date(2026, 1, 1),
                          subject_agreed=True, guardian_agreed=False)
    db.session.commit()
    return person


def _figures():
    """What the aggregate reports count: people by sex, birth year, commune and category; cases; money."""
    people_rows = db.session.execute(select(Person.sex, Person.birth_year, Person.home_commune_id, func.count())
                                     .group_by(Person.sex, Person.birth_year, Person.home_commune_id)).all()
    return (sorted(map(tuple, people_rows), key=str), db.session.scalar(select(func.count()).select_from(Case)),
            db.session.scalar(select(func.count()).select_from(CaseNote)), paid_total())


def test_a_request_gets_its_deadline_and_is_audited(app, client, login, supervisor, rich_person):
    login(supervisor)
    response = client.post(f"/people/{rich_person.id}/data-protection", data={
        "kind": "access", "received_on": "05/01/2026", "requested_by": "Chính chị Hương", "notes": "Xin bản sao"})
    assert response.status_code == 302
    request = db.session.scalar(select(DataRequest))
    assert request.due_on == date(2026, 1, 15)  # ten days for access (DATA_REQUEST_DEADLINE_DAYS)
    page = client.get(f"/people/{rich_person.id}/data-protection").get_data(as_text=True)
    assert "Truy cập dữ liệu (xin bản sao)" in page and "quá hạn" in page  # 2026-01-15 is past
    assert client.get("/data-requests/").status_code == 200
    client.post(f"/data-requests/{request.id}/close", data={"status": "done", "outcome": "Đã gửi bản sao"})
    db.session.refresh(request)
    assert request.status.value == "done" and request.closed_on is not None
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity_type == "data_requests")))
    assert actions == {"data_request_create", "data_request_close"}


def test_a_collaborator_cannot_handle_data_requests(app, client, login, worker, rich_person):
    login(worker)
    assert client.get(f"/people/{rich_person.id}/data-protection").status_code == 403
    assert client.get(f"/people/{rich_person.id}/export.json").status_code == 403


def test_export_holds_everything_and_is_audited(app, client, login, supervisor, rich_person):
    login(supervisor)
    response = client.get(f"/people/{rich_person.id}/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["person"]["id_number"] == "056185000123" and data["person"]["categories"] == ["ND20-5.4"]
    case = data["cases"][0]
    assert case["notes"][0]["body"] == "Gặp chị Hương tại nhà, con bị bại não"
    assert case["payments"][0]["amount_paid"] == 5_000_000 and case["commitments"][0]["amount"] == 5_000_000
    assert data["consents"][0]["scope"] == "disclosure"
    assert any(e["action"] == "person_create" for e in data["access_log"])
    page = client.get(f"/people/{rich_person.id}/export")
    assert "Gặp chị Hương tại nhà" in page.get_data(as_text=True)
    exports = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "person_export", AuditEvent.entity_id == rich_person.id))
    assert exports == 2


def test_a_restricted_person_cannot_be_changed_or_shared(app, client, login, worker, supervisor, rich_person):
    login(supervisor)
    client.post(f"/people/{rich_person.id}/restrict", data={"action": "restrict"})
    db.session.refresh(rich_person)
    assert rich_person.restricted_at is not None
    assert "Hạn chế xử lý theo yêu cầu" in client.get(f"/people/{rich_person.id}").get_data(as_text=True)
    with pytest.raises(people.PersonError) as refused:
        data = people.person_data_from(rich_person)
        data.phone = "0905999888"
        people.update_person(rich_person, data, actor=worker, expected_version=rich_person.version,
                             today=date(2026, 3, 1))
    assert refused.value.code == "restricted"
    case = db.session.scalar(select(Case).where(Case.person_id == rich_person.id))
    partner = referrals.create_partner(referrals.PartnerData(name="Trường học", kind=PartnerKind.SCHOOL),
                                       actor=worker, unit=unit(KH_WARD_A))
    referral = referrals.create_referral(case, partner, actor=worker, service="scholarship", reason="Học bổng")
    with pytest.raises(cases.CaseError) as blocked:
        referrals.send_referral(referral, actor=worker, on=date(2026, 3, 1))
    assert blocked.value.code == "person_restricted"
    client.post(f"/people/{rich_person.id}/restrict", data={"action": "lift"})
    db.session.refresh(rich_person)
    assert rich_person.restricted_at is None
    referrals.send_referral(referral, actor=worker, on=date(2026, 3, 1))  # consent in force: sharing resumes


def test_deidentification_removes_identity_and_keeps_the_figures(app, client, login, supervisor, rich_person):
    before = _figures()
    login(supervisor)
    response = client.post(f"/people/{rich_person.id}/deidentify",
                           data={"reason": "Yêu cầu xoá ngày 05/03/2026", "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    person = db.session.get(Person, rich_person.id)
    assert person.full_name.startswith("Đã ẩn danh")
    assert (person.id_number, person.phone, person.bhyt_number, person.address_detail) == (None,) * 4
    assert person.birth_date == date(1985, 1, 1) and person.birth_year == 1985 and person.sex == Sex.FEMALE
    assert person.category_codes == ["ND20-5.4"] and person.home_commune.code == KH_WARD_A
    note = db.session.scalar(select(CaseNote))
    assert "Hương" not in note.body
    assert _figures() == before
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "person_deidentify", AuditEvent.entity_id == person.id)) == 1


def test_deidentify_needs_the_confirmation(app, client, login, supervisor, rich_person):
    login(supervisor)
    response = client.post(f"/people/{rich_person.id}/deidentify", data={"reason": "x"})
    assert response.status_code == 422
    assert "Đánh dấu ô để xác nhận." in response.get_data(as_text=True)
    db.session.refresh(rich_person)
    assert rich_person.deidentified_at is None


def _close(case, worker, supervisor, closed_at):
    req = cases.request_closure(case, actor=worker, reason=ClosureReason.GOALS_MET, note="")
    cases.decide(req, actor=supervisor, approve=True, comment="")
    case.closed_at = closed_at
    db.session.commit()


def test_retention_dry_run_then_run(app, worker, supervisor, rich_person):
    old = db.session.scalar(select(Case).where(Case.person_id == rich_person.id))
    _close(old, worker, supervisor, datetime(2014, 5, 1, tzinfo=UTC))
    recent_person = people.create_person(people.PersonData(full_name="Người Mới Đóng"), actor=worker,
                                         unit=unit(KH_WARD_A), today=date(2026, 1, 1), allow_similar=True)
    recent = cases.open_case(recent_person, actor=worker, unit=unit(KH_WARD_A), source=CaseSource.COMMUNE, needs=[],
                             summary="")
    _close(recent, worker, supervisor, datetime(2025, 5, 1, tzinfo=UTC))
    before = _figures()
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["casework", "retention", "--older-than-years", "10", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Dry run: would de-identify 1 people with 1 cases" in dry.output and old.number in dry.output
    assert recent.number not in dry.output
    assert db.session.get(Person, rich_person.id).deidentified_at is None
    done = runner.invoke(args=["casework", "retention", "--older-than-years", "10"])
    assert "De-identified 1 people" in done.output
    db.session.expire_all()
    assert db.session.get(Person, rich_person.id).deidentified_at is not None
    assert db.session.get(Person, recent_person.id).deidentified_at is None
    assert _figures() == before
    again = runner.invoke(args=["casework", "retention", "--older-than-years", "10", "--dry-run"])
    assert "would de-identify 0 people" in again.output


def test_supervisor_out_of_scope_gets_404(app, client, login, make_user, rich_person):
    from tests.conftest import HN
    login(make_user(Role.SUPERVISOR, HN))
    assert client.get(f"/people/{rich_person.id}/data-protection").status_code == 404
