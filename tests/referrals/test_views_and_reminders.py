"""Referral pages, the consent block seen by a worker, payments with a receipt, and the daily digest."""

import io
from datetime import timedelta

from sqlalchemy import select

from casework.auth.models import Role
from casework.core.formatting import local_today
from casework.extensions import db
from casework.followups import service as followups
from casework.referrals import service as referrals
from casework.referrals.models import Commitment, Disbursement, DisbursementStatus, Notification, Referral
from tests.conftest import KH, KH_WARD_A, PASSWORD


def _login(client, user):
    assert client.post("/login", data={"username": user.username, "password": PASSWORD}).status_code == 302


def test_a_referral_without_consent_is_blocked_with_a_clear_message(client, open_case, child, sponsor, worker):
    case = open_case(who=child)
    _login(client, worker)
    response = client.post(f"/cases/{case.id}/referrals/new", data={
        "partner_id": str(sponsor.id), "service": "scholarship", "reason": "Học bổng", "shares_personal_data": "y"})
    referral = db.session.scalar(select(Referral))
    assert response.headers["Location"] == f"/referrals/{referral.id}"
    html = client.post(f"/referrals/{referral.id}/send", follow_redirects=True).data.decode()
    assert "Chuyển gửi này chia sẻ dữ liệu cá nhân" in html
    db.session.expire_all()
    assert db.session.get(Referral, referral.id).status.value == "draft"


def test_commitment_form_errors_keep_the_input(client, open_case, person, sponsor, worker):
    case = open_case()
    referral = referrals.create_referral(case, sponsor, actor=worker, service="scholarship", reason="x",
                                         shares_personal_data=False)
    referrals.send_referral(referral, actor=worker, on=local_today())
    referrals.respond_to_referral(referral, actor=worker, accepted=True, on=local_today())
    db.session.commit()
    _login(client, worker)
    response = client.post(f"/referrals/{referral.id}/commitments/new", data={
        "kind": "cash", "source": "socialised", "amount": "ba trăm nghìn", "frequency": "monthly",
        "start_on": "01/09/2026", "end_on": "", "months": ["9", "10"], "day_of_month": "5", "description": "Học bổng"})
    html = response.data.decode()
    assert response.status_code == 422
    assert 'id="amount-error"' in html and "Nhập số tiền bằng đồng" in html
    assert 'value="ba trăm nghìn"' in html and 'value="01/09/2026"' in html
    response = client.post(f"/referrals/{referral.id}/commitments/new", data={
        "kind": "cash", "source": "socialised", "amount": "300.000", "frequency": "monthly",
        "start_on": "01/09/2026", "end_on": "", "months": ["9", "10"], "day_of_month": "5"})
    assert 'id="end_on-error"' in response.data.decode()
    response = client.post(f"/referrals/{referral.id}/commitments/new", data={
        "kind": "cash", "source": "socialised", "amount": "300.000", "frequency": "monthly",
        "start_on": "01/09/2026", "end_on": "31/05/2027", "months": ["9", "10", "11", "12", "1", "2", "3", "4", "5"],
        "day_of_month": "5"})
    commitment = db.session.scalar(select(Commitment))
    assert response.headers["Location"] == f"/commitments/{commitment.id}"
    assert commitment.amount == 300_000


def test_a_payment_with_a_receipt(app, client, tmp_path, open_case, person, sponsor, worker):
    app.config["ATTACHMENT_DIR"] = str(tmp_path)
    case = open_case()
    commitment = referrals.create_commitment(case, sponsor, referrals.CommitmentData(
        kind=referrals.CommitmentKind.CASH, amount=500_000, source=referrals.FundingSource.SOCIALISED,
        frequency=referrals.Frequency.ONE_OFF, start_on=local_today()), actor=worker)
    db.session.commit()
    row = db.session.scalar(select(Disbursement))
    _login(client, worker)
    response = client.post(f"/commitments/{commitment.id}/pay", data={
        "disbursement_id": str(row.id), "paid_on": local_today().strftime("%d/%m/%Y"), "amount": "500000",
        "source": "socialised", "note": "Trao tại nhà",
        "receipt": (io.BytesIO(b"%PDF-1.4\nbien nhan\n"), "bien-nhan.pdf")}, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    row = db.session.get(Disbursement, row.id)
    assert row.status == DisbursementStatus.PAID and row.amount_paid == 500_000 and row.receipt_attachment_id
    assert "biên nhận" in client.get(f"/commitments/{commitment.id}").data.decode()


def test_the_partner_report_names_only_cases_the_user_may_see(client, open_case, person, sponsor, worker,
                                                              make_user):
    case = open_case()
    referrals.create_commitment(case, sponsor, referrals.CommitmentData(
        kind=referrals.CommitmentKind.CASH, amount=100_000, source=referrals.FundingSource.SOCIALISED,
        frequency=referrals.Frequency.ONE_OFF, start_on=local_today()), actor=worker)
    db.session.commit()
    _login(client, make_user(Role.COLLABORATOR, "22402"))
    html = client.get(f"/partners/{sponsor.id}").data.decode()
    assert case.number not in html and "một hồ sơ ngoài địa bàn của bạn" in html
    client.post("/logout")
    _login(client, make_user(Role.SUPERVISOR, KH))
    assert case.number in client.get(f"/partners/{sponsor.id}").data.decode()


def test_reminders_build_each_workers_digest_once_a_day(app, client, open_case, person, sponsor, worker):
    case = open_case()
    today = local_today()
    followups.schedule_followup(case, actor=worker, title="Thăm nhà", kind="home_visit",
                                due_on=today - timedelta(days=2))
    referrals.create_commitment(case, sponsor, referrals.CommitmentData(
        kind=referrals.CommitmentKind.CASH, amount=300_000, source=referrals.FundingSource.SOCIALISED,
        frequency=referrals.Frequency.ONE_OFF, start_on=today - timedelta(days=40)), actor=worker)
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["casework", "reminders"])
    second = runner.invoke(args=["casework", "reminders"])
    assert "1 new notifications" in first.output, first.output
    assert "0 new notifications" in second.output
    note = db.session.scalar(select(Notification).where(Notification.user_id == worker.id))
    assert "Thăm nhà" in note.body and "300.000 ₫" in note.body and "Quỹ Khuyến học" in note.body
    _login(client, worker)
    html = client.get("/notifications/").data.decode()
    assert "Việc theo dõi quá hạn" in html and "Khoản hỗ trợ chưa nhận được" in html
    assert "Thăm nhà" in client.get("/followups/").data.decode()


def test_reminders_email_when_smtp_is_configured(app, open_case, person, worker, monkeypatch):
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            sent.append((host, port))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            pass

        def send_message(self, message):
            sent.append(message["To"])

    import casework.followups.reminders as reminders

    monkeypatch.setattr(reminders.smtplib, "SMTP", FakeSMTP)
    app.config.update(SMTP_HOST="smtp.test", SMTP_PORT=2525)
    worker.email = "ctv@example.org"
    case = open_case()
    followups.schedule_followup(case, actor=worker, title="Gọi điện", kind="phone", due_on=local_today())
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["casework", "reminders"])
    assert "1 e-mails sent" in result.output
    assert sent == [("smtp.test", 2525), "ctv@example.org"]


def _unused():
    return KH_WARD_A


def test_a_commune_reads_but_cannot_edit_a_province_partner(client, sponsor, worker, make_user):
    _login(client, make_user(Role.COLLABORATOR, KH_WARD_A))
    assert client.get(f"/partners/{sponsor.id}").status_code == 200
    assert client.get(f"/partners/{sponsor.id}/edit").status_code == 403


def test_a_transferred_case_leaves_the_old_workers_agenda(app, open_case, person, worker, supervisor):
    from casework.cases import service as cases
    from tests.conftest import unit

    case = open_case()
    followups.schedule_followup(case, actor=worker, title="Thăm nhà", kind="home_visit",
                                due_on=local_today() + timedelta(days=1))
    cases.decide(cases.request_transfer(case, actor=worker, target=unit("00004"), note=""), actor=supervisor,
                 approve=True, comment="")
    db.session.commit()
    work = followups.agenda(worker, local_today())
    assert work.is_empty
