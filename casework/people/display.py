"""How people are shown in lists and pages (computed here, so templates stay free of logic)."""

from __future__ import annotations

from dataclasses import dataclass

from casework.core.formatting import format_date
from casework.people.codes import CATEGORY_GROUPS, ETHNIC_GROUPS, RELATIONSHIPS
from casework.people.labels import DISABILITY, POVERTY, SEX
from casework.people.models import BirthPrecision, Person


@dataclass(frozen=True)
class CategoryOption:
    code: str
    label: str
    checked: bool


def birth_text(person: Person) -> str:
    if person.birth_date is None:
        return ""
    return str(person.birth_date.year) if person.birth_precision == BirthPrecision.YEAR else format_date(
        person.birth_date)


def person_facts(person: Person) -> str:
    """One line: sex · born · commune. Never the identifiers (they stay on the person page)."""
    parts = [str(SEX[person.sex])]
    if person.birth_date:
        parts.append(birth_text(person))
    if person.home_commune:
        parts.append(person.home_commune.name)
    return " · ".join(parts)


def category_groups(selected=None) -> list[tuple[str, list[CategoryOption]]]:
    chosen = set(selected or [])
    return [(label, [CategoryOption(code, text, code in chosen) for code, text in points.items()])
            for _, (label, points) in CATEGORY_GROUPS.items()]


def ethnicity_name(code: str | None) -> str:
    return ETHNIC_GROUPS.get(code or "", "")


def relationship_label(code: str) -> str:
    return str(RELATIONSHIPS.get(code, code))


def poverty_label(value) -> str:
    return str(POVERTY.get(value, ""))


def disability_label(value) -> str:
    return str(DISABILITY.get(value, ""))
