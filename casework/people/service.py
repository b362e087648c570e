"""Writes for people, households and consent. Services flush; the caller commits."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from casework.audit import service as audit
from casework.core.text import fold, normalise
from casework.extensions import db
from casework.orgunits.models import OrgUnit
from casework.people import validators
from casework.people.codes import CATEGORIES, ETHNIC_GROUPS, RELATIONSHIPS
from casework.people.models import (
    BirthPrecision,
    Consent,
    ConsentScope,
    DisabilityLevel,
    Household,
    HouseholdMember,
    IdType,
    Person,
    PersonCategory,
    PovertyStatus,
    Sex,
)
from casework.people.queries import possible_duplicates

CHILD_AGE = 16  # Children Law 2016: a child is under 16
CONSENT_OWN_VOICE_AGE = 7  # from 7, a child's own agreement is needed too


class PersonError(ValueError):
    """A problem with one field; code is a key into the form's message table."""

    def __init__(self, field_name: str, code: str):
        super().__init__(f"{field_name}: {code}")
        self.field = field_name
        self.code = code


class SimilarPeopleFound(Exception):
    """Same folded name, birth year and commune exist: the user must look before creating."""

    def __init__(self, candidates: list[Person]):
        super().__init__("similar people exist")
        self.candidates = candidates


class EditConflict(Exception):
    """Someone else saved this record after it was opened."""


@dataclass
class PersonData:
    full_name: str
    sex: Sex = Sex.UNKNOWN
    birth_date: date | None = None
    birth_precision: BirthPrecision = BirthPrecision.DAY
    id_type: IdType | None = None
    id_number: str | None = None
    bhyt_number: str | None = None
    phone: str | None = None
    ethnicity: str | None = None
    home_commune: OrgUnit | None = None
    address_detail: str | None = None
    poverty_status: PovertyStatus = PovertyStatus.UNKNOWN
    disability: DisabilityLevel = DisabilityLevel.NONE
    categories: list[str] = field(default_factory=list)


_SIMPLE_FIELDS = ["full_name", "sex", "birth_date", "birth_precision", "id_type", "id_number", "bhyt_number",
                  "phone", "ethnicity", "address_detail", "poverty_status", "disability"]


def _clean(data: PersonData, *, today: date, exclude_id: int | None = None, check_taken: bool = True) -> PersonData:
    """Validate and normalise; raises PersonError naming the field."""
    data.full_name = normalise(data.full_name)
    if len(data.full_name) < 2:
        raise PersonError("full_name", "name_required")
    try:
        data.id_number = validators.clean_id_number(data.id_type, data.id_number)
        if data.id_number is None:
            data.id_type = None
    except validators.IdentifierError as exc:
        raise PersonError("id_number", exc.code) from exc
    for name, cleaner in (("bhyt_number", validators.clean_bhyt), ("phone", validators.clean_phone)):
        try:
            setattr(data, name, cleaner(getattr(data, name)))
        except validators.IdentifierError as exc:
            raise PersonError(name, exc.code) from exc
    try:
        validators.check_birth_date(data.birth_date, today)
    except validators.IdentifierError as exc:
        raise PersonError("birth_date", exc.code) from exc
    if data.birth_precision == BirthPrecision.YEAR and data.birth_date is not None:
        data.birth_date = data.birth_date.replace(month=1, day=1)
    if data.ethnicity and data.ethnicity not in ETHNIC_GROUPS:
        raise PersonError("ethnicity", "unknown_code")
    unknown = [c for c in data.categories if c not in CATEGORIES]
    if unknown:
        raise PersonError("categories", "unknown_code")
    if data.id_number and check_taken:
        clash = db.session.scalar(select(Person.id).where(Person.id_number == data.id_number))
        if clash is not None and clash != exclude_id:
            raise PersonError("id_number", "id_taken")
    data.address_detail = normalise(data.address_detail) or None
    return data


def validate_person_data(data: PersonData, *, today: date, check_taken: bool = True) -> PersonData:
    """The same checks and normalisation as the person form (used by the Excel import); raises PersonError.

    check_taken=False leaves out the one database check (is this CCCD registered already?) so that a bulk
    caller can make it for many rows in one query.
    """
    return _clean(data, today=today, check_taken=check_taken)


def new_person(data: PersonData, *, actor, unit: OrgUnit) -> Person:
    """A Person built from already validated data, not yet added to the session (bulk imports)."""
    person = Person(org_unit_id=unit.id, created_by_id=actor.id if actor else None)
    _apply(person, data)
    return person


def create_person(data: PersonData, *, actor, unit: OrgUnit, today: date, allow_similar: bool = False) -> Person:
    """Register a person in unit. The same CCCD blocks; a similar name/year/commune asks first."""
    data = _clean(data, today=today)
    if not allow_similar:
        similar = possible_duplicates(search_name=fold(data.full_name),
                                      birth_year=data.birth_date.year if data.birth_date else None,
                                      commune_id=data.home_commune.id if data.home_commune else None)
        if similar:
            raise SimilarPeopleFound(similar)
    person = Person(org_unit_id=unit.id, created_by_id=actor.id if actor else None)
    _apply(person, data)
    try:
        with db.session.begin_nested():
            db.session.add(person)
    except IntegrityError as exc:  # the same CCCD registered by someone else a moment ago
        raise PersonError("id_number", "id_taken") from exc
    audit.record("person_create", actor=actor, entity=person, unit=unit,
                 changes={"categories": data.categories, "similar_confirmed": allow_similar})
    return person


def update_person(person: Person, data: PersonData, *, actor, expected_version: int, today: date) -> dict:
    """Save changes made on a form opened at expected_version; EditConflict if someone saved since."""
    if person.version != expected_version:
        raise EditConflict()
    if person.restricted_at is not None:
        raise PersonError("full_name", "restricted")
    data = _clean(data, today=today, exclude_id=person.id)
    wanted = {name: getattr(data, name) for name in _SIMPLE_FIELDS}
    wanted["home_commune_id"] = data.home_commune.id if data.home_commune else None
    changes = audit.diff(person, list(wanted), wanted)
    old_categories = person.category_codes
    if sorted(old_categories) != sorted(data.categories):
        changes["categories"] = [old_categories, sorted(data.categories)]
    _apply(person, data)
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise EditConflict() from exc
    if changes:
        # Personal data stays out of the audit log: it says which fields changed, not their values.
        audit.record("person_update", actor=actor, entity=person, unit=person.org_unit,
                     changes={"fields": sorted(changes)})
    return changes


def _apply(person: Person, data: PersonData) -> None:
    for name in _SIMPLE_FIELDS:
        setattr(person, name, getattr(data, name))
    person.home_commune_id = data.home_commune.id if data.home_commune else None
    wanted = set(data.categories)
    person.categories = [c for c in person.categories if c.code in wanted] + [
        PersonCategory(code=code) for code in sorted(wanted - set(person.category_codes))]


def record_view(person: Person, *, actor) -> None:
    """Every read of a person's record is audited."""
    audit.record("person_view", actor=actor, entity=person, unit=person.org_unit)


def person_data_from(person: Person) -> PersonData:
    values = {f.name: getattr(person, f.name) for f in fields(PersonData)
              if f.name not in ("home_commune", "categories")}
    return PersonData(**values, home_commune=person.home_commune, categories=person.category_codes)


# Households -----------------------------------------------------------------------------------

def create_household(head: Person, *, actor, unit: OrgUnit, address_detail: str | None = None) -> Household:
    household = Household(org_unit_id=unit.id, home_commune_id=head.home_commune_id,
                          address_detail=address_detail or head.address_detail,
                          poverty_status=head.poverty_status)
    household.members.append(HouseholdMember(person=head, relationship_code="head", is_head=True))
    db.session.add(household)
    db.session.flush()
    audit.record("household_create", actor=actor, entity=household, unit=unit, changes={"head": head.id})
    return household


def add_household_member(household: Household, person: Person, relationship: str, *, actor) -> HouseholdMember:
    if relationship not in RELATIONSHIPS or relationship == "head":
        raise PersonError("relationship", "unknown_code")
    if any(m.person_id == person.id for m in household.members):
        raise PersonError("person", "already_member")
    member = HouseholdMember(person=person, relationship_code=relationship)
    household.members.append(member)
    db.session.flush()
    audit.record("household_member_add", actor=actor, entity=household, unit=None,
                 changes={"person": person.id, "relationship": relationship})
    return member


# Consent --------------------------------------------------------------------------------------

def consent_requirement(person: Person, scope: ConsentScope, on: date) -> tuple[bool, bool]:
    """(needs the person's own agreement, needs a guardian's) for this scope on this date."""
    age = person.age_on(on)
    if age is None or age >= CHILD_AGE:
        return True, False
    if age >= CONSENT_OWN_VOICE_AGE:
        return True, True
    return False, True


def record_consent(person: Person, *, actor, scope: ConsentScope, given_on: date, subject_agreed: bool,
                   guardian_agreed: bool, guardian_name: str | None = None, guardian_relationship: str | None = None,
                   case_id: int | None = None, note: str | None = None) -> Consent:
    """Record a consent; refuses one that lacks an agreement the person's age requires."""
    needs_subject, needs_guardian = consent_requirement(person, scope, given_on)
    if needs_subject and not subject_agreed:
        raise PersonError("subject_agreed", "subject_needed")
    if needs_guardian and not guardian_agreed:
        raise PersonError("guardian_agreed", "guardian_needed")
    if guardian_agreed and not (guardian_name or "").strip():
        raise PersonError("guardian_name", "guardian_name_needed")
    consent = Consent(person_id=person.id, case_id=case_id, scope=scope, given_on=given_on,
                      subject_agreed=subject_agreed, guardian_agreed=guardian_agreed,
                      guardian_name=normalise(guardian_name) or None, guardian_relationship=guardian_relationship,
                      note=note, recorded_by_id=actor.id if actor else None)
    db.session.add(consent)
    db.session.flush()
    audit.record("consent_record", actor=actor, entity=consent, unit=person.org_unit,
                 changes={"scope": scope.value, "person": person.id})
    return consent


def withdraw_consent(consent: Consent, *, actor, on: date) -> None:
    from casework.db import utcnow

    if consent.withdrawn_on is None:
        consent.withdrawn_on = on
        consent.withdrawn_at = utcnow()
        audit.record("consent_withdraw", actor=actor, entity=consent, unit=consent.person.org_unit,
                     changes={"scope": consent.scope.value})


def has_consent(person: Person, scope: ConsentScope, on: date) -> bool:
    """A consent for the scope is in force on that date (given, not withdrawn)."""
    stmt = select(Consent.id).where(Consent.person_id == person.id, Consent.scope == scope,
                                    Consent.given_on <= on,
                                    (Consent.withdrawn_on.is_(None)) | (Consent.withdrawn_on > on))
    return db.session.scalar(stmt.limit(1)) is not None
