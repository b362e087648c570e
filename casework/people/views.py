"""Search before create, register and edit people, households and consent."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from casework.auth.permissions import (
    Perm,
    can_handle_data_requests,
    has_permission,
    in_scope,
    permission_required,
)
from casework.core.fields import parse_id, parse_version
from casework.core.formatting import local_today
from casework.extensions import db
from casework.orgunits.models import OrgUnit, UnitLevel
from casework.orgunits.queries import unit_by_code
from casework.people import queries, search, service
from casework.people.forms import ConsentForm, NewHouseholdForm, PersonForm, PersonSearchForm, WithdrawConsentForm
from casework.people.labels import PERSON_ERRORS
from casework.people.models import (
    BirthPrecision,
    Consent,
    ConsentScope,
    DisabilityLevel,
    Household,
    IdType,
    Person,
    PovertyStatus,
    Sex,
)

bp = Blueprint("people", __name__, url_prefix="/people")


def _person_or_404(person_id: int) -> Person:
    person = queries.get_visible_person(current_user, person_id)
    if person is None:
        abort(404)
    return person


def _require(perm: Perm) -> None:
    if not has_permission(current_user, perm):
        abort(403)


@bp.route("/search", methods=["GET", "POST"])
@permission_required(Perm.VIEW_CASES)
def search_page():
    """Names, CCCD and phone numbers never travel in the URL (they would land in access logs and
    browser history): the query is posted, kept in the session, and the page redisplayed (post/redirect/get)."""
    form = PersonSearchForm()
    if request.method == "POST":
        if form.validate():
            session["person_search"] = (form.q.data or "").strip()[:100]
        return redirect(url_for("people.search_page"))
    q = session.get("person_search", "") if request.args.get("new") is None else ""
    if request.args.get("new") is not None:
        session.pop("person_search", None)
    form.q.data = q
    too_short = bool(q) and not search.is_searchable(q)
    results = search.search_people(queries.visible_people(current_user), q) if q and not too_short else []
    return render_template("people/search.html", form=form, q=q, results=results, too_short=too_short,
                           can_create=has_permission(current_user, Perm.EDIT_CASES))


def _form_data(form: PersonForm) -> service.PersonData | None:
    """PersonData from a valid form, or None with the error placed on the commune field."""
    commune = current_user.home_unit if current_user.home_unit.level == UnitLevel.COMMUNE else None
    code = (form.home_commune_code.data or "").strip()
    if code:
        commune = unit_by_code(code)
        if commune is None or commune.level != UnitLevel.COMMUNE:
            form.home_commune_code.errors.append(_("No commune or ward has this code."))
            return None
    return service.PersonData(
        full_name=form.full_name.data or "", sex=Sex(form.sex.data),
        birth_date=form.birth_date.data,
        birth_precision=BirthPrecision.YEAR if form.birth_date.year_only else BirthPrecision.DAY,
        id_type=IdType(form.id_type.data) if form.id_type.data else None, id_number=form.id_number.data,
        bhyt_number=form.bhyt_number.data, phone=form.phone.data, ethnicity=form.ethnicity.data or None,
        home_commune=commune, address_detail=form.address_detail.data,
        poverty_status=PovertyStatus(form.poverty_status.data), disability=DisabilityLevel(form.disability.data),
        categories=list(form.categories.data or []),
    )


def _field_error(form, exc: service.PersonError) -> None:
    target = getattr(form, exc.field, None) or form.full_name
    target.errors = list(target.errors) + [str(PERSON_ERRORS.get(exc.code, exc.code))]


def _household_for_form(form: PersonForm) -> Household | None:
    if not form.household_id.data:
        return None
    household_id = parse_id(form.household_id.data)
    household = db.session.get(Household, household_id) if household_id else None
    if household is None or not in_scope(current_user, db.session.get(OrgUnit, household.org_unit_id)):
        abort(404)
    return household


@bp.route("/new", methods=["GET", "POST"])
@permission_required(Perm.EDIT_CASES)
def create():
    form = PersonForm()
    if request.method == "GET":
        last_search = session.get("person_search", "")
        if request.args.get("from_search") and not last_search.replace(" ", "").isdigit():
            form.full_name.data = last_search
        form.household_id.data = request.args.get("household_id", "")[:12]
        form.relationship.data = request.args.get("relationship", "")[:24]
        if form.household_id.data:
            head = _household_for_form(form).members[0].person
            form.address_detail.data = head.address_detail
            form.home_commune_code.data = head.home_commune.code if head.home_commune else ""
            form.poverty_status.data = head.poverty_status.value
    household = _household_for_form(form)
    similar, hidden_similar = [], 0
    if form.validate_on_submit() and (data := _form_data(form)) is not None:
        try:
            person = service.create_person(data, actor=current_user, unit=current_user.home_unit,
                                           today=local_today(), allow_similar=form.confirm_new.data)
            if household is not None:
                service.add_household_member(household, person, form.relationship.data or "other_relative",
                                             actor=current_user)
        except service.SimilarPeopleFound as exc:
            visible_ids = set(db.session.scalars(queries.visible_people(current_user).with_only_columns(Person.id)
                                                 .where(Person.id.in_([p.id for p in exc.candidates]))))
            similar = [p for p in exc.candidates if p.id in visible_ids]
            hidden_similar = len(exc.candidates) - len(similar)
        except service.PersonError as exc:
            _field_error(form, exc)
        else:
            db.session.commit()
            flash(_("%(name)s has been registered.", name=person.full_name), "success")
            return redirect(url_for("people.detail", person_id=person.id))
    return render_template("people/form.html", form=form, person=None, similar=similar, household=household,
                           hidden_similar=hidden_similar), (422 if form.errors or similar or hidden_similar else 200)


@bp.route("/<id:person_id>")
@permission_required(Perm.VIEW_CASES)
def detail(person_id: int):
    from casework.cases.queries import cases_of_person

    person = _person_or_404(person_id)
    service.record_view(person, actor=current_user)
    db.session.commit()
    can_edit = has_permission(current_user, Perm.EDIT_CASES)
    return render_template(
        "people/detail.html", person=person, households=queries.households_of(person),
        cases=cases_of_person(current_user, person.id),
        consents=db.session.scalars(db.select(Consent).where(Consent.person_id == person.id)
                                    .order_by(Consent.given_on.desc())).all(),
        can_edit=can_edit, household_form=NewHouseholdForm(), withdraw_form=WithdrawConsentForm(),
        can_handle_data=can_handle_data_requests(current_user, person),
        today=local_today(),
    )


@bp.route("/<id:person_id>/edit", methods=["GET", "POST"])
@permission_required(Perm.EDIT_CASES)
def edit(person_id: int):
    person = _person_or_404(person_id)
    form = PersonForm(obj=None if request.method == "POST" else person)
    if request.method == "GET":
        _fill_form(form, person)
    conflict = False
    if form.validate_on_submit() and (data := _form_data(form)) is not None:
        try:
            expected = parse_version(form.version.data)
            service.update_person(person, data, actor=current_user, expected_version=expected, today=local_today())
        except service.EditConflict:
            db.session.rollback()
            conflict = True
        except service.PersonError as exc:
            _field_error(form, exc)
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for("people.detail", person_id=person.id))
    if conflict:
        person = _person_or_404(person_id)
        form.version.data = str(person.version)  # saving again now knowingly replaces the other change
    return render_template("people/form.html", form=form, person=person, similar=[], household=None,
                           conflict=conflict), (409 if conflict else 422 if form.errors else 200)


def _fill_form(form: PersonForm, person: Person) -> None:
    form.sex.data = person.sex.value
    form.birth_date.data = person.birth_date
    form.birth_date.year_only = person.birth_precision == BirthPrecision.YEAR
    form.id_type.data = person.id_type.value if person.id_type else ""
    form.poverty_status.data = person.poverty_status.value
    form.disability.data = person.disability.value
    form.ethnicity.data = person.ethnicity or ""
    form.home_commune_code.data = person.home_commune.code if person.home_commune else ""
    form.categories.data = person.category_codes
    form.version.data = str(person.version)


@bp.route("/<id:person_id>/household", methods=["POST"])
@permission_required(Perm.EDIT_CASES)
def start_household(person_id: int):
    person = _person_or_404(person_id)
    if not NewHouseholdForm().validate_on_submit():
        abort(400)
    if queries.households_of(person):
        flash(_("This person already belongs to a household."), "warning")
    else:
        service.create_household(person, actor=current_user, unit=current_user.home_unit)
        db.session.commit()
        flash(_("Household created. Add its members below."), "success")
    return redirect(url_for("people.detail", person_id=person.id))


@bp.route("/<id:person_id>/consents/new", methods=["GET", "POST"])
@permission_required(Perm.EDIT_CASES)
def add_consent(person_id: int):
    person = _person_or_404(person_id)
    form = ConsentForm()
    if request.method == "GET":
        form.given_on.data = local_today()
    if form.validate_on_submit():
        try:
            service.record_consent(person, actor=current_user, scope=ConsentScope(form.scope.data),
                                   given_on=form.given_on.data, subject_agreed=form.subject_agreed.data,
                                   guardian_agreed=form.guardian_agreed.data, guardian_name=form.guardian_name.data,
                                   guardian_relationship=form.guardian_relationship.data or None,
                                   note=form.note.data or None)
        except service.PersonError as exc:
            _field_error(form, exc)
        else:
            db.session.commit()
            flash(_("Consent recorded."), "success")
            case_id = parse_id(request.args.get("case_id"))
            if case_id:
                return redirect(url_for("cases.detail", case_id=case_id))
            return redirect(url_for("people.detail", person_id=person.id))
    return render_template("people/consent_form.html", form=form, person=person), 422 if form.errors else 200


@bp.route("/consents/<id:consent_id>/withdraw", methods=["POST"])
@permission_required(Perm.EDIT_CASES)
def withdraw_consent(consent_id: int):
    consent = db.session.get(Consent, consent_id)
    if consent is None:
        abort(404)
    person = _person_or_404(consent.person_id)
    if not WithdrawConsentForm().validate_on_submit():
        abort(400)
    service.withdraw_consent(consent, actor=current_user, on=local_today())
    db.session.commit()
    flash(_("Consent withdrawn. It no longer allows sharing from today."), "success")
    return redirect(url_for("people.detail", person_id=person.id))
