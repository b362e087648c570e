"""/api/v1/people, /households, /consents: people, their households and consents in the caller's scope."""

from __future__ import annotations

from flask import g
from flask_login import current_user
from flask_smorest import Blueprint, abort

from casework.api import require_api_user
from casework.api.common import access, actor, permission, register_refusals, run_access_check, visible_person
from casework.auth.permissions import Perm
from casework.core.formatting import local_today
from casework.extensions import db
from casework.orgunits.models import OrgUnit, UnitLevel
from casework.orgunits.queries import unit_by_code
from casework.people import service
from casework.people.models import Consent, Household, Person
from casework.people.queries import get_visible_person, households_of, visible_households, visible_people
from casework.people.schemas import (
    ConsentCreateSchema,
    ConsentSchema,
    HouseholdMemberAddSchema,
    HouseholdSchema,
    PersonCreateSchema,
    PersonListArgs,
    PersonPageSchema,
    PersonSchema,
    PersonUpdateSchema,
    ServiceErrorSchema,
)
from casework.people.search import search_people
from casework.people.service import PersonData, PersonError

SEARCH_MAX_RESULTS = 1000  # a search is ranked, not counted: deeper pages come back empty

blp = Blueprint("api_people", __name__, url_prefix="/api/v1",
                description="People, their households and consents, in your scope")
blp.before_request(run_access_check)
blp.before_request(require_api_user)
register_refusals(blp)


@blp.route("/people", methods=["GET"])
@access(permission(Perm.VIEW_CASES))
@blp.arguments(PersonListArgs, location="query")
@blp.response(200, PersonPageSchema)
def list_people(args):
    """People in the caller's scope; with q, a search by name (diacritics ignored), CCCD or phone.

    Without q, people come by name with a total. With q, the best matches come first and total is
    null; results stop at 1,000.
    """
    page, per_page = args["page"], args["per_page"]
    scoped = visible_people(current_user)
    if args["q"] is None:
        stmt = scoped.order_by(Person.search_name, Person.id)
        pagination = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
        return {"items": pagination.items, "page": page, "per_page": per_page, "total": pagination.total}
    found = search_people(scoped, args["q"], limit=min(page * per_page, SEARCH_MAX_RESULTS))
    return {"items": found[(page - 1) * per_page:], "page": page, "per_page": per_page, "total": None}


@blp.route("/people", methods=["POST"])
@access(permission(Perm.EDIT_CASES))
@blp.arguments(PersonCreateSchema)
@blp.response(201, PersonSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="Invalid data, a CCCD already registered, "
                  "or similar people exist (errors.full_name = similar_people, with candidates)")
def create_person(args):
    """Register a person in the caller's home unit.

    Without home_commune_code, the home commune is the caller's own unit when that is a commune
    (as on the registration page); send null for none.
    The same CCCD/CMND is refused (errors.id_number = id_taken). The same folded name, birth year
    and commune as someone already registered is refused with the candidates, unless allow_similar.
    """
    allow_similar = args.pop("allow_similar")
    fields = _person_fields(args)
    fields.setdefault("home_commune", _own_commune())
    data = PersonData(**fields)
    person = service.create_person(data, actor=actor(), unit=current_user.home_unit, today=local_today(),
                                   allow_similar=allow_similar)
    db.session.commit()
    return person


@blp.route("/people/<id:person_id>", methods=["GET"])
@access(visible_person(Perm.VIEW_CASES))
@blp.response(200, PersonSchema)
def get_person(person_id: int):
    """One person's record, with categories and version; 404 outside the caller's scope. The read is audited."""
    person = g.person
    service.record_view(person, actor=actor())
    db.session.commit()
    return person


@blp.route("/people/<id:person_id>", methods=["PATCH"])
@access(visible_person(Perm.EDIT_CASES))
@blp.arguments(PersonUpdateSchema)
@blp.response(200, PersonSchema)
@blp.alt_response(409, schema=ServiceErrorSchema, description="Someone saved the person since `version`")
def update_person(args, person_id: int):
    """Change some fields of a person; send the `version` you read (409 if someone saved since)."""
    person = g.person
    version = args.pop("version")
    data = service.person_data_from(person)
    for name, value in _person_fields(args).items():
        setattr(data, name, value)
    service.update_person(person, data, actor=actor(), expected_version=version, today=local_today())
    db.session.commit()
    return person


# Households -------------------------------------------------------------------------------------

def household_in_scope(perm: Perm):
    """403 without perm, 404 unless the household's unit is in the caller's scope; it goes to g.household."""

    def check(household_id: int, **_url_args) -> None:
        permission(perm)()
        household = db.session.scalar(visible_households(current_user).where(Household.id == household_id))
        if household is None:
            abort(404)
        g.household = household

    return check


@blp.route("/people/<id:person_id>/household", methods=["POST"])
@access(visible_person(Perm.EDIT_CASES))
@blp.response(201, HouseholdSchema)
@blp.alt_response(422, schema=ServiceErrorSchema,
                  description="The person already belongs to a household (errors._schema = already_in_household)")
def create_household(person_id: int):
    """Start a household, owned by the caller's home unit, with this person as its head.

    Its commune, address and poverty status are the head's. Add the other members with
    POST /households/{household_id}/members.
    """
    person = g.person
    if households_of(person):
        raise PersonError("_schema", "already_in_household")
    household = service.create_household(person, actor=actor(), unit=current_user.home_unit)
    db.session.commit()
    return household


@blp.route("/households/<id:household_id>/members", methods=["POST"])
@access(household_in_scope(Perm.EDIT_CASES))
@blp.arguments(HouseholdMemberAddSchema)
@blp.response(201, HouseholdSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="A person you may not see (person_id = "
                  "not_found), already a member (person_id = already_member), or an unknown relationship")
def add_household_member(args, household_id: int):
    """Add a person you may see to a household of your scope, with their relationship to the head."""
    household = g.household
    person = get_visible_person(current_user, args["person_id"])
    if person is None:
        raise PersonError("person_id", "not_found")
    try:
        service.add_household_member(household, person, args["relationship"], actor=actor())
    except PersonError as exc:
        if exc.field == "person":
            raise PersonError("person_id", exc.code) from exc
        raise
    db.session.commit()
    return household


# Consent ----------------------------------------------------------------------------------------

def consent_in_scope(perm: Perm):
    """403 without perm, 404 unless the consent's person is visible to the caller; it goes to g.consent."""

    def check(consent_id: int, **_url_args) -> None:
        permission(perm)()
        consent = db.session.get(Consent, consent_id)
        if consent is None or get_visible_person(current_user, consent.person_id) is None:
            abort(404)
        g.consent = consent

    return check


@blp.route("/people/<id:person_id>/consents", methods=["GET"])
@access(visible_person(Perm.VIEW_CASES))
@blp.response(200, ConsentSchema(many=True))
def list_consents(person_id: int):
    """The person's consents, most recently given first, withdrawn ones included. The read is audited."""
    person = g.person
    consents = db.session.scalars(db.select(Consent).where(Consent.person_id == person.id)
                                  .order_by(Consent.given_on.desc(), Consent.id.desc())).all()
    service.record_view(person, actor=actor())
    db.session.commit()
    return consents


@blp.route("/people/<id:person_id>/consents", methods=["POST"])
@access(visible_person(Perm.EDIT_CASES))
@blp.arguments(ConsentCreateSchema)
@blp.response(201, ConsentSchema)
@blp.alt_response(422, schema=ServiceErrorSchema, description="An agreement the person's age requires is "
                  "missing: subject_needed, guardian_needed, guardian_name_needed")
def record_consent(args, person_id: int):
    """Record a consent to services, disclosure or photos.

    From 16, the person's own agreement; under 16, a guardian's (with the guardian's name), and
    from 7 the child's own agreement too.
    """
    consent = service.record_consent(g.person, actor=actor(), **args)
    db.session.commit()
    return consent


@blp.route("/consents/<id:consent_id>/withdraw", methods=["POST"])
@access(consent_in_scope(Perm.EDIT_CASES))
@blp.response(200, ConsentSchema)
def withdraw_consent(consent_id: int):
    """Withdraw a consent from today: it no longer allows sharing. Withdrawing it again changes nothing."""
    consent = g.consent
    service.withdraw_consent(consent, actor=actor(), on=local_today())
    db.session.commit()
    return consent


# Helpers ----------------------------------------------------------------------------------------

def _person_fields(args: dict) -> dict:
    """PersonData fields from the request: home_commune_code becomes the commune, if given."""
    fields = dict(args)
    if "home_commune_code" in fields:
        fields["home_commune"] = _commune(fields.pop("home_commune_code"))
    return fields


def _own_commune() -> OrgUnit | None:
    home = current_user.home_unit
    return home if home.level == UnitLevel.COMMUNE else None


def _commune(code: str | None) -> OrgUnit | None:
    """The commune with this code. Any commune of the country: it is where the person lives (a
    hospital registers patients from everywhere), not a scope; the record's scope is the caller's unit."""
    if not code:
        return None
    unit = unit_by_code(code)
    if unit is None or unit.level != UnitLevel.COMMUNE:
        raise PersonError("home_commune_code", "unknown_code")
    return unit

