"""Every route × every role × in scope / out of scope.

Each later feature adds its routes to ROUTES; a route missing from the table fails the test, so no
route can ship without a decision about who may reach it.

Expected outcomes: a role without the permission gets 403 whatever the object; with the
permission, an object outside the user's home-unit subtree is 404 (nothing is revealed) and one
inside is allowed (any status below 400 except a redirect to the login page, or 422 for a POST
with no data). Anonymous visitors are sent to the login page (HTML) or get 401 (API).
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from casework.auth import service as accounts
from casework.auth.models import ApiToken, Role
from casework.auth.permissions import ROLE_PERMISSIONS, Perm
from casework.cases import attachments
from casework.cases import service as cases
from casework.cases.models import AttachmentKind, CaseSource, ClosureReason
from casework.dataprotection import service as dataprotection
from casework.dataprotection.models import RequestKind
from casework.extensions import db
from casework.followups import service as followups
from casework.hospital import service as hospital
from casework.imports import service as imports
from casework.people import service as people
from casework.people.models import ConsentScope
from casework.referrals import service as referrals
from casework.referrals.models import CommitmentKind, Disbursement, Frequency, FundingSource, PartnerKind
from casework.workforce import service as workforce
from casework.workforce.models import PositionType
from tests.conftest import HN, HN_WARD, KH, KH_WARD_A, unit

PUBLIC = "public"
LOGGED_IN = "logged_in"


@dataclass(frozen=True)
class Route:
    method: str
    perm: str | Perm  # PUBLIC, LOGGED_IN or a permission
    obj: str | None = None  # the kind of object the URL names: unit, facility, user, token, person, case
    api: bool = False


ROUTES: dict[str, Route] = {
    "static": Route("GET", PUBLIC),
    "core.index": Route("GET", PUBLIC),
    "core.healthz": Route("GET", PUBLIC),
    "core.home": Route("GET", LOGGED_IN),
    "auth.login": Route("GET", PUBLIC),
    "auth.logout": Route("POST", LOGGED_IN),
    "auth.profile": Route("GET", LOGGED_IN),
    "auth.change_password": Route("POST", LOGGED_IN),
    "auth.create_token": Route("POST", LOGGED_IN),
    "auth.revoke_token": Route("POST", LOGGED_IN, obj="token"),
    "auth.set_language": Route("POST", PUBLIC),
    "orgunits.tree": Route("GET", Perm.VIEW_UNITS),
    "orgunits.detail": Route("GET", Perm.VIEW_UNITS, obj="unit"),
    "orgunits.add_facility": Route("GET", Perm.MANAGE_FACILITIES, obj="unit"),
    "orgunits.edit_facility": Route("GET", Perm.MANAGE_FACILITIES, obj="facility"),
    "admin.users": Route("GET", Perm.MANAGE_USERS),
    "admin.create_user": Route("GET", Perm.MANAGE_USERS),
    "admin.edit_user": Route("GET", Perm.MANAGE_USERS, obj="user"),
    "admin.reset_password": Route("POST", Perm.MANAGE_USERS, obj="user"),
    "audit.events": Route("GET", Perm.VIEW_AUDIT),
    "people.search_page": Route("GET", Perm.VIEW_CASES),
    "people.create": Route("GET", Perm.EDIT_CASES),
    "people.detail": Route("GET", Perm.VIEW_CASES, obj="person"),
    "people.edit": Route("GET", Perm.EDIT_CASES, obj="person"),
    "people.start_household": Route("POST", Perm.EDIT_CASES, obj="person"),
    "people.add_consent": Route("GET", Perm.EDIT_CASES, obj="person"),
    "people.withdraw_consent": Route("POST", Perm.EDIT_CASES, obj="consent"),
    "cases.index": Route("GET", Perm.VIEW_CASES),
    "cases.create": Route("GET", Perm.EDIT_CASES, obj="person_query"),
    "cases.detail": Route("GET", Perm.VIEW_CASES, obj="case"),
    "cases.edit": Route("GET", Perm.EDIT_CASES, obj="case"),
    "cases.step": Route("POST", Perm.EDIT_CASES, obj="case"),
    "cases.assess": Route("GET", Perm.EDIT_CASES, obj="case"),
    "cases.add_plan_item": Route("POST", Perm.EDIT_CASES, obj="case"),
    "cases.plan_item_status": Route("POST", Perm.EDIT_CASES, obj="plan_item"),
    "cases.add_note": Route("POST", Perm.EDIT_CASES, obj="case"),
    "cases.emergency_action": Route("POST", Perm.EDIT_CASES, obj="case"),
    "cases.upload": Route("POST", Perm.EDIT_CASES, obj="case"),
    "cases.download": Route("GET", Perm.VIEW_CASES, obj="attachment"),
    "cases.request_closure": Route("GET", Perm.EDIT_CASES, obj="case"),
    "cases.request_transfer": Route("GET", Perm.EDIT_CASES, obj="case"),
    "cases.reopen": Route("POST", Perm.EDIT_CASES, obj="case"),
    "cases.approvals": Route("GET", Perm.APPROVE_CASES),
    "cases.decide": Route("POST", Perm.APPROVE_CASES, obj="approval"),
    "cases.assign": Route("GET", Perm.APPROVE_CASES, obj="case"),
    "referrals.partners": Route("GET", Perm.VIEW_CASES),
    "referrals.new_partner": Route("GET", Perm.MANAGE_PARTNERS),
    "referrals.partner": Route("GET", Perm.VIEW_CASES, obj="partner"),
    "referrals.edit_partner": Route("GET", Perm.MANAGE_PARTNERS, obj="partner"),
    "referrals.new_referral": Route("GET", Perm.EDIT_CASES, obj="case"),
    "referrals.referral": Route("GET", Perm.VIEW_CASES, obj="referral"),
    "referrals.referral_action": Route("POST", Perm.EDIT_CASES, obj="referral"),
    "referrals.new_commitment": Route("GET", Perm.EDIT_CASES, obj="referral"),
    "referrals.commitment": Route("GET", Perm.VIEW_CASES, obj="commitment"),
    "referrals.change_commitment": Route("POST", Perm.EDIT_CASES, obj="commitment"),
    "referrals.pay": Route("POST", Perm.EDIT_CASES, obj="commitment"),
    "followups.mine": Route("GET", Perm.EDIT_CASES),
    "followups.new": Route("GET", Perm.EDIT_CASES, obj="case"),
    "followups.done": Route("GET", Perm.EDIT_CASES, obj="followup"),
    "followups.notifications": Route("GET", LOGGED_IN),
    "imports.index": Route("GET", Perm.EDIT_CASES),
    "imports.mapping": Route("GET", Perm.EDIT_CASES, obj="import_batch"),
    "imports.batch": Route("GET", Perm.EDIT_CASES, obj="import_batch"),
    "imports.status": Route("GET", Perm.EDIT_CASES, obj="import_batch"),
    "imports.start": Route("POST", Perm.EDIT_CASES, obj="import_batch"),
    "imports.rejected": Route("GET", Perm.EDIT_CASES, obj="import_batch"),
    "dataprotection.overview": Route("GET", Perm.HANDLE_DATA_REQUESTS),
    "dataprotection.requests": Route("GET", Perm.HANDLE_DATA_REQUESTS, obj="person"),
    "dataprotection.close_request": Route("POST", Perm.HANDLE_DATA_REQUESTS, obj="data_request"),
    "dataprotection.export": Route("GET", Perm.HANDLE_DATA_REQUESTS, obj="person"),
    "dataprotection.export_json": Route("GET", Perm.HANDLE_DATA_REQUESTS, obj="person"),
    "dataprotection.restrict": Route("POST", Perm.HANDLE_DATA_REQUESTS, obj="person"),
    "dataprotection.deidentify": Route("POST", Perm.HANDLE_DATA_REQUESTS, obj="person"),
    "indicators.dashboard": Route("GET", Perm.VIEW_INDICATORS),
    "indicators.records": Route("GET", Perm.VIEW_CASES),  # a case figure's records (CW-NEW)
    "indicators.export_xlsx": Route("GET", Perm.VIEW_INDICATORS),
    "indicators.export_csv": Route("GET", Perm.VIEW_INDICATORS),
    "indicators.unit_targets": Route("GET", Perm.SET_TARGETS, obj="unit"),
    "workforce.staff_list": Route("GET", Perm.MANAGE_STAFF, obj="unit"),
    "workforce.new_staff": Route("GET", Perm.MANAGE_STAFF, obj="unit"),
    "workforce.edit_staff": Route("GET", Perm.MANAGE_STAFF, obj="staff"),
    "workforce.add_training": Route("POST", Perm.MANAGE_STAFF, obj="staff"),
    "supervision.dashboard": Route("GET", Perm.SUPERVISE),
    "supervision.reassign": Route("POST", Perm.APPROVE_CASES),
    "supervision.add_note": Route("POST", Perm.SUPERVISE, obj="case"),
    "supervision.reviews": Route("GET", Perm.SUPERVISE, obj="user"),
    "api-docs.openapi_json": Route("GET", PUBLIC, api=True),
    "api_me.me": Route("GET", Perm.USE_API, api=True),
    "api_units.list_units": Route("GET", Perm.USE_API, api=True),
    "api_units.get_unit": Route("GET", Perm.USE_API, obj="unit", api=True),
    "api_people.list_people": Route("GET", Perm.VIEW_CASES, api=True),
    "api_people.create_person": Route("POST", Perm.EDIT_CASES, api=True),
    "api_people.get_person": Route("GET", Perm.VIEW_CASES, obj="person", api=True),
    "api_people.update_person": Route("PATCH", Perm.EDIT_CASES, obj="person", api=True),
    "api_cases.list_cases": Route("GET", Perm.VIEW_CASES, api=True),
    "api_cases.open_case": Route("POST", Perm.EDIT_CASES, api=True),
    "api_cases.get_case": Route("GET", Perm.VIEW_CASES, obj="case", api=True),
    "api_cases.change_status": Route("POST", Perm.EDIT_CASES, obj="case", api=True),
    "api_cases.add_note": Route("POST", Perm.EDIT_CASES, obj="case", api=True),
    "api_cases.record_assessment": Route("POST", Perm.EDIT_CASES, obj="case", api=True),
    "api_people.create_household": Route("POST", Perm.EDIT_CASES, obj="person", api=True),
    "api_people.add_household_member": Route("POST", Perm.EDIT_CASES, obj="household", api=True),
    "api_people.list_consents": Route("GET", Perm.VIEW_CASES, obj="person", api=True),
    "api_people.record_consent": Route("POST", Perm.EDIT_CASES, obj="person", api=True),
    "api_people.withdraw_consent": Route("POST", Perm.EDIT_CASES, obj="consent", api=True),
    "api_cases.update_case": Route("PATCH", Perm.EDIT_CASES, obj="case", api=True),
    "api_cases.list_plan": Route("GET", Perm.VIEW_CASES, obj="case", api=True),
    "api_cases.add_plan_item": Route("POST", Perm.EDIT_CASES, obj="case", api=True),
    "api_cases.set_plan_item_status": Route("PATCH", Perm.EDIT_CASES, obj="plan_item", api=True),
    "api_cases.record_emergency_action": Route("POST", Perm.EDIT_CASES, obj="case", api=True),
    "api_cases.list_attachments": Route("GET", Perm.VIEW_CASES, obj="case", api=True),
    "api_cases.upload_attachment": Route("POST", Perm.EDIT_CASES, obj="case", api=True),
    "api_cases.download_attachment": Route("GET", Perm.VIEW_CASES, obj="attachment", api=True),
    "api_cases.request_closure": Route("POST", Perm.EDIT_CASES, obj="case", api=True),
    "api_cases.request_transfer": Route("POST", Perm.EDIT_CASES, obj="case", api=True),
    "api_cases.list_approvals": Route("GET", Perm.APPROVE_CASES, api=True),
    "api_cases.decide_approval": Route("POST", Perm.APPROVE_CASES, obj="approval", api=True),
    "api_cases.reopen_case": Route("POST", Perm.EDIT_CASES, obj="case", api=True),
    "api_cases.assign_case": Route("POST", Perm.APPROVE_CASES, obj="case", api=True),
    "api_cases.timeline": Route("GET", Perm.VIEW_CASES, obj="case", api=True),
    "api_referrals.list_partners": Route("GET", Perm.VIEW_CASES, api=True),
    "api_referrals.create_partner": Route("POST", Perm.MANAGE_PARTNERS, api=True),
    "api_referrals.get_partner": Route("GET", Perm.VIEW_CASES, obj="partner", api=True),
    "api_referrals.update_partner": Route("PATCH", Perm.MANAGE_PARTNERS, obj="partner", api=True),
    "api_referrals.partner_report": Route("GET", Perm.VIEW_CASES, obj="partner", api=True),
    "api_referrals.list_referrals": Route("GET", Perm.VIEW_CASES, obj="case", api=True),
    "api_referrals.create_referral": Route("POST", Perm.EDIT_CASES, obj="case", api=True),
    "api_referrals.get_referral": Route("GET", Perm.VIEW_CASES, obj="referral", api=True),
    "api_referrals.referral_action": Route("POST", Perm.EDIT_CASES, obj="referral", api=True),
    "api_referrals.create_commitment": Route("POST", Perm.EDIT_CASES, obj="referral", api=True),
    "api_referrals.get_commitment": Route("GET", Perm.VIEW_CASES, obj="commitment", api=True),
    "api_referrals.change_commitment": Route("POST", Perm.EDIT_CASES, obj="commitment", api=True),
    "api_referrals.record_payment": Route("POST", Perm.EDIT_CASES, obj="disbursement", api=True),
    "api_referrals.totals": Route("GET", Perm.VIEW_CASES, api=True),
    "api_followups.agenda": Route("GET", Perm.EDIT_CASES, api=True),
    "api_followups.schedule_followup": Route("POST", Perm.EDIT_CASES, obj="case", api=True),
    "api_followups.complete_followup": Route("POST", Perm.EDIT_CASES, obj="followup", api=True),
    "api_followups.list_notifications": Route("GET", Perm.USE_API, api=True),
    "hospital.workspace": Route("GET", Perm.VIEW_HOSPITAL),
    "hospital.new_admission": Route("GET", Perm.HOSPITAL_WORK, obj="case"),
    "hospital.admission": Route("GET", Perm.VIEW_HOSPITAL, obj="admission"),
    "hospital.add_support": Route("POST", Perm.HOSPITAL_WORK, obj="admission"),
    "hospital.new_appeal": Route("POST", Perm.HOSPITAL_WORK, obj="admission"),
    "hospital.discharge": Route("POST", Perm.HOSPITAL_WORK, obj="admission"),
    "hospital.appeal": Route("GET", Perm.VIEW_HOSPITAL, obj="appeal"),
    "hospital.add_donation": Route("POST", Perm.HOSPITAL_WORK, obj="appeal"),
    "hospital.add_handover": Route("POST", Perm.HOSPITAL_WORK, obj="appeal"),
    "hospital.close_appeal": Route("POST", Perm.HOSPITAL_WORK, obj="appeal"),
    "hospital.activities": Route("GET", Perm.VIEW_HOSPITAL),
    "hospital.new_activity": Route("GET", Perm.HOSPITAL_WORK),
    "api_hospital.list_admissions": Route("GET", Perm.VIEW_HOSPITAL, api=True),
    "api_hospital.create_admission": Route("POST", Perm.HOSPITAL_WORK, api=True),
    "api_hospital.get_admission": Route("GET", Perm.VIEW_HOSPITAL, obj="admission", api=True),
    "api_hospital.add_support": Route("POST", Perm.HOSPITAL_WORK, obj="admission", api=True),
    "api_hospital.discharge": Route("POST", Perm.HOSPITAL_WORK, obj="admission", api=True),
    "api_hospital.open_appeal": Route("POST", Perm.HOSPITAL_WORK, obj="admission", api=True),
    "api_hospital.list_appeals": Route("GET", Perm.VIEW_HOSPITAL, api=True),
    "api_hospital.get_appeal": Route("GET", Perm.VIEW_HOSPITAL, obj="appeal", api=True),
    "api_hospital.add_donation": Route("POST", Perm.HOSPITAL_WORK, obj="appeal", api=True),
    "api_hospital.add_handover": Route("POST", Perm.HOSPITAL_WORK, obj="appeal", api=True),
    "api_hospital.close_appeal": Route("POST", Perm.HOSPITAL_WORK, obj="appeal", api=True),
    "api_hospital.list_activities": Route("GET", Perm.VIEW_HOSPITAL, api=True),
    "api_hospital.create_activity": Route("POST", Perm.HOSPITAL_WORK, api=True),
    "api_indicators.indicator_report": Route("GET", Perm.VIEW_INDICATORS, api=True),
    "api_supervision.reassign_cases": Route("POST", Perm.APPROVE_CASES, api=True),
    "api_supervision.caseload": Route("GET", Perm.SUPERVISE, api=True),
    "api_supervision.add_supervision_note": Route("POST", Perm.SUPERVISE, obj="case", api=True),
    "api_supervision.list_reviews": Route("GET", Perm.SUPERVISE, obj="user", api=True),
    "api_supervision.record_review": Route("POST", Perm.SUPERVISE, obj="user", api=True),
}

# Where each role's matrix user works. Admin sits at a province here so that "out of scope" exists.
HOMES = {
    Role.COLLABORATOR: KH_WARD_A,
    Role.HOSPITAL_SOCIAL_WORKER: "T-HOSP",
    Role.CENTRE_STAFF: "T-CENTRE",
    Role.SUPERVISOR: KH,
    Role.PROVINCIAL_MANAGER: KH,
    Role.ADMIN: KH,
}
# A facility inside each home's subtree, for the facility routes.
FACILITY_IN = {KH_WARD_A: "T-SCHOOL", "T-HOSP": "T-HOSP", "T-CENTRE": "T-CENTRE", KH: "T-HOSP"}


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ROUTES) == set(), "add the new routes to ROUTES with their permission"
    assert set(ROUTES) - endpoints == set(), "ROUTES lists endpoints that no longer exist"


def test_the_audit_log_has_no_route_that_changes_it(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("audit."):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def _objects(role: Role, user, scope: str, make_user):
    """Ids for the URL of each object kind, inside or outside the user's scope."""
    home_code = HOMES[role]
    if scope == "in":
        other = make_user(Role.COLLABORATOR, home_code)
        token, _ = accounts.issue_api_token(user, "matrix", actor=user)
        ids = {"unit": unit(home_code).id, "facility": unit(FACILITY_IN[home_code]).id,
               "user": other.id, "token": token.id, **_person_and_case(home_code, other)}
    else:
        stranger = make_user(Role.COLLABORATOR, HN_WARD)
        token, _ = accounts.issue_api_token(stranger, "stranger", actor=stranger)
        ids = {"unit": unit(HN).id, "facility": unit("T-HN-HOSP").id, "user": stranger.id, "token": token.id,
               **_person_and_case(HN_WARD, stranger)}
    db.session.commit()
    return ids


def _person_and_case(unit_code: str, worker) -> dict:
    """A person registered at the unit and a case the unit owns (with a consent, a plan item, a file,
    a pending closure request, a hospital stay with an appeal), and the person's household, made by a
    worker of that unit."""
    from flask import current_app

    home = unit(unit_code)
    person = people.create_person(people.PersonData(full_name="Nguyễn Văn Ma Trận"), actor=worker, unit=home,
                                  today=date.today(), allow_similar=True)
    opened = cases.open_case(person, actor=worker, unit=home, source=CaseSource.COMMUNE, needs=[], summary="")
    consent = people.record_consent(person, actor=worker, scope=ConsentScope.SERVICES, given_on=date.today(),
                                    subject_agreed=True, guardian_agreed=False)
    item = cases.add_plan_item(opened, actor=worker, goal="Mục tiêu", service="counselling", responsible="",
                               due_on=None)
    current_app.config["ATTACHMENT_DIR"] = tempfile.mkdtemp(prefix="matrix-files-")
    upload = FileStorage(io.BytesIO(b"%PDF-1.4\n%matrix\n"), filename="giay-dong-y.pdf")
    attachment = attachments.save_attachment(opened, upload, actor=worker, kind=AttachmentKind.CONSENT_SCAN)
    approval = cases.request_closure(opened, actor=worker, reason=ClosureReason.OTHER, note="")
    household = people.create_household(person, actor=worker, unit=home)
    partner = referrals.create_partner(referrals.PartnerData(name="Quỹ Ma Trận", kind=PartnerKind.CHARITY),
                                       actor=worker, unit=home)
    referral = referrals.create_referral(opened, partner, actor=worker, service="scholarship", reason="x")
    commitment = referrals.create_commitment(opened, partner, referrals.CommitmentData(
        kind=CommitmentKind.CASH, amount=300_000, source=FundingSource.SOCIALISED, frequency=Frequency.MONTHLY,
        start_on=date(2026, 9, 1), end_on=date(2027, 5, 31)), actor=worker)
    followup = followups.schedule_followup(opened, actor=worker, title="Thăm", kind="home_visit",
                                           due_on=date.today())
    disbursement = db.session.scalar(select(Disbursement).where(Disbursement.commitment_id == commitment.id)
                                     .order_by(Disbursement.expected_on).limit(1))
    current_app.config["IMPORT_DIR"] = tempfile.mkdtemp(prefix="matrix-imports-")
    batch = imports.upload(b"Ho va ten\nNguyen Van Nhap\n", "danh-sach.csv", actor=worker, unit=home)
    imports.set_mapping(batch, dict(batch.mapping), actor=worker)
    imports.preview(batch.id, today=date.today())
    data_request = dataprotection.record_request(person, actor=worker, kind=RequestKind.ACCESS,
                                                 received_on=date.today(), today=date.today())
    admission = hospital.record_admission(opened, actor=worker, department="Khoa Nội", admitted_on=date.today(),
                                          hardship=hospital.Hardship())
    appeal = hospital.open_appeal(admission, actor=worker, title="Vận động", purpose="", target_amount=1_000_000,
                                  opened_on=date.today())
    staff = workforce.add_staff(home, workforce.StaffData(
        full_name="Cán Bộ Ma Trận", position=PositionType.COLLABORATOR, contract_start=date(2026, 1, 1)), actor=None)
    return {"admission": admission.id, "appeal": appeal.id,
            "person": person.id, "person_query": person.id, "case": opened.id, "consent": consent.id,
            "plan_item": (opened.id, item.id), "attachment": attachment.id, "approval": approval.id,
            "household": household.id, "partner": partner.id, "referral": referral.id,
            "commitment": commitment.id, "followup": followup.id, "disbursement": disbursement.id,
            "import_batch": batch.id, "data_request": data_request.id, "staff": staff.id}


def _url(app, endpoint: str, route: Route, ids: dict) -> str:
    with app.test_request_context():
        from flask import url_for

        if endpoint == "static":
            return url_for("static", filename="css/app.css")
        if endpoint == "auth.set_language":
            return url_for(endpoint, code="en")
        if endpoint == "referrals.referral_action":
            return url_for(endpoint, referral_id=ids.get("referral", 1), action="send")
        if endpoint == "indicators.records":
            return url_for(endpoint, code="CW-NEW")
        if route.obj == "plan_item":
            case_id, item_id = ids.get("plan_item", (1, 1))
            return url_for(endpoint, case_id=case_id, item_id=item_id)
        arg = {"unit": "unit_id", "facility": "unit_id", "user": "user_id", "token": "token_id",
               "person": "person_id", "case": "case_id", "consent": "consent_id", "person_query": "person_id",
               "attachment": "attachment_id", "approval": "request_id",
               "household": "household_id", "partner": "partner_id", "referral": "referral_id",
               "commitment": "commitment_id", "followup": "followup_id", "disbursement": "disbursement_id",
               "import_batch": "batch_id", "data_request": "request_id",
               "admission": "admission_id", "appeal": "appeal_id", "staff": "staff_id"}
        # An object kind a test did not create (anonymous callers never reach it) gets any valid id.
        kwargs = {arg[route.obj]: ids.get(route.obj, 1)} if route.obj else {}
        return url_for(endpoint, **kwargs)


def _allowed(role: Role, route: Route) -> bool:
    if route.perm in (PUBLIC, LOGGED_IN):
        return True
    return route.perm in ROLE_PERMISSIONS[role]


CASES = [(endpoint, role, scope) for endpoint in ROUTES for role in Role for scope in ("in", "out")]


@pytest.mark.parametrize(("endpoint", "role", "scope"), CASES,
                         ids=[f"{e}-{r.value}-{s}" for e, r, s in CASES])
def test_route_role_scope(app, client, make_user, login, endpoint, role, scope):
    route = ROUTES[endpoint]
    user = make_user(role, HOMES[role])
    ids = _objects(role, user, scope, make_user)
    login(user)
    url = _url(app, endpoint, route, ids)
    response = client.open(url, method=route.method, data={})
    status = response.status_code
    response.close()

    if not _allowed(role, route):
        assert status == 403, f"{role} must be refused {endpoint}"
    elif route.obj and scope == "out":
        assert status == 404, f"{role} must not see {endpoint} outside their scope"
    else:
        assert status < 500 and status not in (401, 403, 404), f"{role} should reach {endpoint}: {status}"
        if endpoint != "auth.logout":  # logging out rightly ends on the login page
            assert not response.headers.get("Location", "").startswith("/login")


@pytest.mark.parametrize("endpoint", [e for e, r in ROUTES.items() if r.perm not in (PUBLIC,)])
def test_anonymous_visitors_are_sent_to_log_in(app, client, make_user, endpoint):
    route = ROUTES[endpoint]
    owner = make_user(Role.SUPERVISOR, KH)
    token, _ = accounts.issue_api_token(owner, "anon", actor=owner)
    db.session.commit()
    ids = {"unit": unit(KH).id, "facility": unit("T-HOSP").id, "user": owner.id, "token": token.id}
    response = client.open(_url(app, endpoint, route, ids), method=route.method, data={})
    if route.api:
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")


def test_api_token_reaches_the_same_scope_as_the_session(app, make_user):
    user = make_user(Role.COLLABORATOR, KH_WARD_A)
    _, clear = accounts.issue_api_token(user, "t", actor=user)
    db.session.commit()
    api = app.test_client()
    headers = {"Authorization": f"Bearer {clear}"}
    assert api.get(f"/api/v1/units/{unit(KH_WARD_A).id}", headers=headers).status_code == 200
    assert api.get(f"/api/v1/units/{unit(KH_WARD_A[:0] + '22402').id}", headers=headers).status_code == 404
    assert api.get(f"/api/v1/units/{unit(HN).id}", headers=headers).status_code == 404
    assert db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == user.id))
