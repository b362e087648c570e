"""Scoped reads of people and households."""

from __future__ import annotations

from sqlalchemy import Select, or_, select

from casework.extensions import db
from casework.orgunits.models import OrgUnit
from casework.people.models import Household, Person


def _in_scope(user, unit_column):
    return unit_column.in_(
        select(OrgUnit.id).where(OrgUnit.path.startswith(user.home_unit.path, autoescape=True)))


def visible_people(user) -> Select:
    """People registered in the user's subtree, or with a case owned there."""
    from casework.cases.models import Case

    return select(Person).where(or_(
        _in_scope(user, Person.org_unit_id),
        Person.id.in_(select(Case.person_id).where(_in_scope(user, Case.org_unit_id))),
    ))


def get_visible_person(user, person_id: int) -> Person | None:
    return db.session.scalar(visible_people(user).where(Person.id == person_id))


def visible_households(user) -> Select:
    return select(Household).where(_in_scope(user, Household.org_unit_id))


def households_of(person: Person) -> list[Household]:
    from casework.people.models import HouseholdMember

    return list(db.session.scalars(
        select(Household).join(HouseholdMember).where(HouseholdMember.person_id == person.id)))


def possible_duplicates(*, search_name: str, birth_year: int | None, commune_id: int | None,
                        exclude_id: int | None = None) -> list[Person]:
    """Same folded name, same birth year and same home commune: probably the same person."""
    stmt = select(Person).where(Person.search_name == search_name)
    if birth_year is not None:
        stmt = stmt.where(Person.birth_year == birth_year)
    if commune_id is not None:
        stmt = stmt.where(Person.home_commune_id == commune_id)
    if exclude_id is not None:
        stmt = stmt.where(Person.id != exclude_id)
    return list(db.session.scalars(stmt.limit(10)))
