"""Intake and case pages through HTTP: what a worker and a supervisor see and do."""

from datetime import date

from sqlalchemy import event, select

from casework.audit.models import AuditEvent
from casework.auth.models import Role
from casework.cases.models import Case, CaseStatus
from casework.core.formatting import local_today
from casework.extensions import db
from casework.people.models import Household, Person
from tests.conftest import HN_WARD, KH, KH_WARD_A, unit

TODAY = local_today().strftime("%d/%m/%Y")


def _person_form(**overrides):
    data = {"full_name": "Nguyễn Thị Hoa", "sex": "female", "birth_date": "1955", "id_type": "", "id_number": "",
            "bhyt_number": "", "phone": "", "ethnicity": "01", "home_commune_code": KH_WARD_A,
            "address_detail": "Tổ 5", "poverty_status": "poor", "disability": "none", "categories": []}
    data.update(overrides)
    return data


def test_search_before_create_then_register_with_year_of_birth_only(client, login_as):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    response = client.post("/people/search", data={"q": "nguyen thi hoa"}, follow_redirects=True)
    assert [r.headers["Location"] for r in response.history] == ["/people/search"]  # no name in any URL
    html = response.data.decode()
    assert "Không có ai trong địa bàn" in html and "Đăng ký người mới" in html
    assert 'value="nguyen thi hoa"' in client.get("/people/new?from_search=1").data.decode()
    response = client.post("/people/new", data=_person_form(), follow_redirects=True)
    assert "Nguyễn Thị Hoa đã được đăng ký." in response.data.decode()
    person = db.session.scalar(select(Person).where(Person.full_name == "Nguyễn Thị Hoa"))
    assert person.birth_year == 1955 and person.birth_precision.value == "year"
    assert "1955" in client.get(f"/people/{person.id}").data.decode()
    assert client.get("/people/search").data.decode().count("Nguyễn Thị Hoa") >= 1


def test_same_cccd_blocks_and_similar_person_warns(client, login_as):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    client.post("/people/new", data=_person_form(id_type="cccd", id_number="056155001234"))
    response = client.post("/people/new", data=_person_form(full_name="Người Khác", id_type="cccd",
                                                            id_number="056 155 001 234"))
    html = response.data.decode()
    assert response.status_code == 422
    assert 'id="id_number-error"' in html and "Đã có người khác mang số giấy tờ này." in html
    assert 'value="Người Khác"' in html
    response = client.post("/people/new", data=_person_form(full_name="nguyen thi  hoa"))
    html = response.data.decode()
    assert "Có phải cùng một người?" in html
    assert db.session.scalar(select(db.func.count()).select_from(Person).where(
        Person.search_name == "nguyen thi hoa")) == 1
    response = client.post("/people/new", data=_person_form(full_name="nguyen thi  hoa", confirm_new="y"))
    assert response.status_code == 302


def test_bad_identifiers_get_vietnamese_messages_next_to_the_field(client, login_as):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    for field, value, message in [
        ("id_number", "12345", "Số CCCD gồm đúng 12 chữ số."),
        ("bhyt_number", "ABC", "Số thẻ BHYT gồm 10 chữ số"),
        ("phone", "12345", "số di động gồm 10 chữ số"),
        ("birth_date", "31/02/2001", "Nhập ngày theo dạng dd/mm/yyyy"),
        ("home_commune_code", "99999", "Không có xã, phường nào mang mã này."),
    ]:
        extra = {"id_type": "cccd"} if field == "id_number" else {}
        response = client.post("/people/new", data=_person_form(**{field: value}, **extra))
        html = response.data.decode()
        assert response.status_code == 422, field
        assert f'id="{field}-error"' in html and message in html, field
        assert f'value="{value}"' in html, field


def test_grandmother_and_grandchild_form_one_household(client, login_as):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    client.post("/people/new", data=_person_form(full_name="Phan Thị Gấm"))
    grandmother = db.session.scalar(select(Person).where(Person.full_name == "Phan Thị Gấm"))
    client.post(f"/people/{grandmother.id}/household")
    household = db.session.scalar(select(Household))
    page = client.get(f"/people/new?household_id={household.id}").data.decode()
    assert 'value="Tổ 5"' in page  # the head's address is offered
    client.post(f"/people/new?household_id={household.id}", data=_person_form(
        full_name="Phan Thị Ngọc", birth_date="02/09/2014", household_id=str(household.id),
        relationship="grandchild", categories=["LTE-10.c"]))
    html = client.get(f"/people/{grandmother.id}").data.decode()
    assert "Phan Thị Ngọc" in html and "Cháu" in html


def test_a_child_of_seven_or_more_needs_both_agreements(client, login_as):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    client.post("/people/new", data=_person_form(full_name="Võ Bảo Ngân", birth_date="02/09/2014"))
    child = db.session.scalar(select(Person).where(Person.full_name == "Võ Bảo Ngân"))
    response = client.post(f"/people/{child.id}/consents/new", data={
        "scope": "disclosure", "given_on": TODAY, "guardian_agreed": "y", "guardian_name": "Võ Thị Tám",
        "guardian_relationship": "grandparent"})
    assert response.status_code == 422
    assert "Cần chính người đó đồng ý" in response.data.decode()
    response = client.post(f"/people/{child.id}/consents/new", data={
        "scope": "disclosure", "given_on": TODAY, "subject_agreed": "y", "guardian_agreed": "y",
        "guardian_name": "Võ Thị Tám", "guardian_relationship": "grandparent"}, follow_redirects=True)
    assert "Đã ghi nhận sự đồng ý." in response.data.decode()


def _make_case(client, **form):
    client.post("/people/new", data=_person_form(full_name=form.pop("name", "Đỗ Thị Lan")))
    person = db.session.scalar(select(Person).order_by(Person.id.desc()))
    data = {"source": "commune", "needs": ["income"], "summary": "Cần hỗ trợ", "risk_level": ""}
    data.update(form)
    response = client.post(f"/cases/new?person_id={person.id}", data=data)
    assert response.status_code == 302, response.data.decode()[:2000]
    return db.session.scalar(select(Case).order_by(Case.id.desc()))


def test_open_assess_plan_and_note_through_the_pages(client, login_as):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    case = _make_case(client)
    html = client.get(f"/cases/{case.id}").data.decode()
    assert case.number in html and "Tiếp nhận" in html
    ratings = {f"ratings-{i}-level": "" for i in range(12)}
    response = client.post(f"/cases/{case.id}/assessments/new",
                           data={"kind": "initial", "assessed_on": TODAY, "summary": "", **ratings})
    assert response.status_code == 422 and "Hãy đánh giá ít nhất một nhu cầu" in response.data.decode()
    ratings["ratings-1-level"] = "high"
    client.post(f"/cases/{case.id}/assessments/new", data={"kind": "initial", "assessed_on": TODAY, **ratings})
    client.post(f"/cases/{case.id}/plan", data={"goal": "Vốn sinh kế", "service": "livelihood_capital",
                                                 "responsible": "Hội Phụ nữ", "due_on": ""})
    client.post(f"/cases/{case.id}/notes", data={"kind": "home_visit", "occurred_on": TODAY,
                                                  "body": "Thăm nhà, gia đình hợp tác"})
    html = client.get(f"/cases/{case.id}").data.decode()
    assert "Vốn sinh kế" in html and "Thăm nhà, gia đình hợp tác" in html and "Cao" in html
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == CaseStatus.PLANNING


def test_an_illegal_step_gets_a_clear_message(client, login_as):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    case = _make_case(client)
    response = client.post(f"/cases/{case.id}/step", data={"to": "in_progress", "version": case.version},
                           follow_redirects=True)
    assert "Không thể chuyển hồ sơ sang bước đó" in response.data.decode()


def test_two_people_editing_one_case_the_second_sees_a_conflict_and_keeps_their_text(app, client, login_as,
                                                                                     make_user):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    case = _make_case(client)
    version = case.version
    colleague = app.test_client()
    other = make_user(Role.SUPERVISOR, KH)
    colleague.post("/login", data={"username": other.username, "password": "correct-horse-battery"})
    first = colleague.post(f"/cases/{case.id}/edit", data={"summary": "Bản của giám sát", "needs": ["income"],
                                                             "risk_level": "", "version": version})
    assert first.status_code == 302
    second = client.post(f"/cases/{case.id}/edit", data={"summary": "Bản của cộng tác viên", "needs": ["health"],
                                                          "risk_level": "low", "version": version})
    html = second.data.decode()
    assert second.status_code == 409
    assert "Người khác đã lưu hồ sơ này trong lúc bạn đang sửa" in html
    assert "Bản của cộng tác viên" in html  # nothing typed is lost
    db.session.expire_all()
    assert db.session.get(Case, case.id).summary == "Bản của giám sát"


def test_supervisor_sees_emergency_deadline_and_approves_a_closure(app, client, login_as, make_user):
    worker = login_as(Role.COLLABORATOR, KH_WARD_A)
    case = _make_case(client, name="Trẻ lang thang", emergency="y")
    client.post(f"/cases/{case.id}/close", data={"reason": "goals_met", "note": "Đã về với gia đình"})
    client.post("/logout")
    login_as(Role.SUPERVISOR, KH)
    home = client.get("/home").data.decode()
    assert "Ca khẩn cấp đang chờ xử lý" in home and case.number in home
    listing = client.get("/cases/?scope=unit").data.decode()
    assert listing.index(case.number) < listing.index("</tbody>")
    queue = client.get("/cases/approvals").data.decode()
    assert case.number in queue and worker.full_name in queue
    request_id = db.session.scalar(select(db.text("id FROM approval_requests")))
    client.post(f"/cases/approvals/{request_id}", data={"approve": "1", "comment": "", "from": "queue"})
    db.session.expire_all()
    assert db.session.get(Case, case.id).status == CaseStatus.CLOSED


def test_reading_a_person_or_case_is_audited(client, login_as):
    user = login_as(Role.COLLABORATOR, KH_WARD_A)
    case = _make_case(client)
    client.get(f"/cases/{case.id}")
    client.get(f"/people/{case.person_id}")
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == user.id)).all()
    assert "case_view" in actions and "person_view" in actions


def test_a_collaborator_never_sees_another_communes_case(client, login_as, make_user):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    case = _make_case(client)
    client.post("/logout")
    login_as(Role.COLLABORATOR, HN_WARD)
    assert client.get(f"/cases/{case.id}").status_code == 404
    assert client.get(f"/people/{case.person_id}").status_code == 404
    assert case.number not in client.get("/cases/?scope=unit").data.decode()


def test_the_case_list_uses_few_queries_whatever_the_page_size(app, client, login_as, open_case):
    login_as(Role.SUPERVISOR, KH)
    for _ in range(30):
        open_case()
    statements = []

    def count(*_args):
        statements.append(1)

    from sqlalchemy import event as sa_event

    engine = db.session.get_bind().engine
    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        for size in (5, 30):
            statements.clear()
            response = client.get(f"/cases/?scope=unit&per_page={size}")
            assert response.status_code == 200
            assert response.data.decode().count("/cases/") >= size
            assert len(statements) <= 10, (size, len(statements))
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)


def _unused(*_):
    return event, unit


def test_similar_people_outside_the_area_are_counted_not_shown(client, login_as, make_user):
    login_as(Role.COLLABORATOR, HN_WARD)
    client.post("/people/new", data=_person_form(full_name="Bùi Thị Sen", home_commune_code=KH_WARD_A))
    client.post("/logout")
    login_as(Role.COLLABORATOR, KH_WARD_A)
    response = client.post("/people/new", data=_person_form(full_name="Bui Thi Sen"))
    html = response.data.decode()
    assert response.status_code == 422
    assert "1 người cùng họ tên, năm sinh và xã/phường đã được đơn vị khác đăng ký" in html
    assert "Bùi Thị Sen" not in html


def test_an_impossible_date_says_how_to_write_it_and_keeps_it(client, login_as):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    case = _make_case(client)
    response = client.post(f"/cases/{case.id}/notes", data={"kind": "phone", "occurred_on": "31/02/2026",
                                                             "body": "Gọi điện hỏi thăm"})
    html = response.data.decode()
    assert response.status_code == 422
    assert 'id="occurred_on-error"' in html and "Nhập ngày theo dạng dd/mm/yyyy" in html
    assert 'value="31/02/2026"' in html and "Gọi điện hỏi thăm" in html


def test_after_a_conflict_saving_again_works(app, client, login_as, make_user):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    case = _make_case(client)
    version = case.version
    colleague = app.test_client()
    other = make_user(Role.SUPERVISOR, KH)
    colleague.post("/login", data={"username": other.username, "password": "correct-horse-battery"})
    colleague.post(f"/cases/{case.id}/edit", data={"summary": "A", "needs": ["income"], "risk_level": "",
                                                   "version": version})
    second = client.post(f"/cases/{case.id}/edit", data={"summary": "B", "needs": ["income"], "risk_level": "",
                                                          "version": version})
    assert second.status_code == 409
    fresh_version = second.data.decode().split('name="version" type="hidden" value="')[1].split('"')[0]
    third = client.post(f"/cases/{case.id}/edit", data={"summary": "B", "needs": ["income"], "risk_level": "",
                                                         "version": fresh_version})
    assert third.status_code == 302
    db.session.expire_all()
    assert db.session.get(Case, case.id).summary == "B"


def test_notes_added_at_the_same_time_do_not_conflict(app, client, login_as, make_user):
    login_as(Role.COLLABORATOR, KH_WARD_A)
    case = _make_case(client)
    colleague = app.test_client()
    other = make_user(Role.SUPERVISOR, KH)
    colleague.post("/login", data={"username": other.username, "password": "correct-horse-battery"})
    version = case.version
    for who in (client, colleague, client):
        response = who.post(f"/cases/{case.id}/notes", data={"kind": "phone", "occurred_on": TODAY, "body": "x"})
        assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Case, case.id).version == version  # appending does not change the case itself


def test_a_closed_case_refuses_money_and_referral_changes(client, login_as, open_case, worker, supervisor):
    from casework.cases import service as cases
    from casework.cases.models import ClosureReason
    from casework.referrals import service as referrals
    from casework.referrals.models import CommitmentKind, Frequency, FundingSource, PartnerKind

    case = open_case()
    partner = referrals.create_partner(referrals.PartnerData(name="Quỹ A", kind=PartnerKind.CHARITY),
                                       actor=worker, unit=unit(KH))
    commitment = referrals.create_commitment(case, partner, referrals.CommitmentData(
        kind=CommitmentKind.CASH, amount=100_000, source=FundingSource.SOCIALISED, frequency=Frequency.MONTHLY,
        start_on=date(2026, 1, 1), end_on=date(2027, 12, 31)), actor=worker)
    transfer = cases.request_transfer(case, actor=worker, target=unit("22402"), note="")
    cases.decide(cases.request_closure(case, actor=worker, reason=ClosureReason.GOALS_MET, note=""),
                 actor=supervisor, approve=True, comment="")
    db.session.commit()
    assert transfer.status.value == "cancelled"
    import pytest

    with pytest.raises(cases.CaseError, match="case_closed"):
        referrals.change_amount(commitment, 900_000, actor=worker, from_date=date(2026, 1, 1))
    from casework.referrals.models import Disbursement, DisbursementStatus

    statuses = {d.status for d in db.session.scalars(select(Disbursement))}
    assert DisbursementStatus.EXPECTED not in statuses
