"""Person search that ignores Vietnamese diacritics, on SQLite (FTS5) and PostgreSQL (pg_trgm).

Both engines match each folded query word against the start of a word of the folded name
("nguyen tiep" finds "Nguyễn Thị Tiếp", "dang" finds "Đặng"); digits match a CCCD or phone number.
Results are ranked: exact name first, then names starting with the query, then the rest.
"""

from __future__ import annotations

import re

from sqlalchemy import Select, and_, case, or_, select, text

from casework.core.text import fold
from casework.extensions import db
from casework.people.models import Person

MIN_QUERY_LENGTH = 3
_WORD = re.compile(r"[a-z0-9]+")


def query_words(query: str) -> list[str]:
    return _WORD.findall(fold(query))


def is_searchable(query: str) -> bool:
    return len("".join(query_words(query))) >= MIN_QUERY_LENGTH


def search_people(scoped: Select, query: str, *, limit: int = 20) -> list[Person]:
    """People from the scoped select (already limited to what the user may see) matching query."""
    words = query_words(query)
    if len("".join(words)) < MIN_QUERY_LENGTH:
        return []
    folded = " ".join(words)
    digits = "".join(words) if "".join(words).isdigit() else ""
    conditions = [_name_condition(words)] if not digits else []
    if digits:
        conditions += [Person.id_number.startswith(digits), Person.phone.contains(digits)]
    rank = case(
        (Person.search_name == folded, 0),
        (Person.search_name.startswith(folded), 1),
        else_=2,
    )
    stmt = scoped.where(or_(*conditions)).order_by(rank, Person.search_name, Person.id).limit(limit)
    return list(db.session.scalars(stmt).unique())


def _name_condition(words: list[str]):
    if db.engine.dialect.name == "sqlite":
        match = " ".join(f'"{w}"*' for w in words)
        return Person.id.in_(select(text("rowid")).select_from(text("people_fts")).where(
            text("people_fts MATCH :match").bindparams(match=match)))
    # PostgreSQL: word-prefix LIKEs, served by the trigram GIN index on search_name.
    return and_(*[
        or_(Person.search_name.startswith(w, autoescape=True), Person.search_name.contains(" " + w, autoescape=True))
        for w in words
    ])
