"""Vietnamese identifiers: CCCD (12 digits), legacy CMND (9), BHYT card numbers, phone numbers."""

from __future__ import annotations

import re
from datetime import date

from casework.people.models import IdType, Sex

_CCCD = re.compile(r"^\d{12}$")
_CMND = re.compile(r"^\d{9}$")
_BHYT_NEW = re.compile(r"^\d{10}$")
_BHYT_LEGACY = re.compile(r"^[A-Z]{2}[1-5]\d{2}\d{10}$")
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")


class IdentifierError(ValueError):
    """code is a key into the form's message table."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def digits_only(value: str) -> str:
    return re.sub(r"[\s.\-()]", "", value or "")


def clean_id_number(id_type: IdType | None, value: str | None) -> str | None:
    """Validate a CCCD (12 digits) or CMND (9 digits); returns the bare digits or None."""
    value = digits_only(value or "")
    if not value:
        return None
    if id_type == IdType.CCCD and not _CCCD.match(value):
        raise IdentifierError("cccd_format")
    if id_type == IdType.CMND and not _CMND.match(value):
        raise IdentifierError("cmnd_format")
    if id_type is None:
        raise IdentifierError("id_type_missing")
    return value


def cccd_matches_person(cccd: str, birth_year: int | None, sex: Sex) -> bool:
    """Digit 4 encodes century and sex, digits 5-6 the birth year. False when they contradict the record."""
    century_sex = int(cccd[3])
    century = 1900 + 100 * (century_sex // 2)
    female = century_sex % 2 == 1
    if birth_year is not None and (century + int(cccd[4:6])) != birth_year:
        return False
    if sex == Sex.FEMALE and not female or sex == Sex.MALE and female:
        return False
    return True


def clean_bhyt(value: str | None) -> str | None:
    """A 10-digit BHYT number (since 2021) or the legacy 15-character code, kept as typed (upper case)."""
    value = digits_only(value or "").upper()
    if not value:
        return None
    if _BHYT_NEW.match(value) or _BHYT_LEGACY.match(value):
        return value
    raise IdentifierError("bhyt_format")


def clean_phone(value: str | None) -> str | None:
    """Vietnamese mobile (10 digits) or landline (11 digits, 02x...), +84 accepted; stored as 0xxxxxxxxx."""
    value = digits_only(value or "")
    if not value:
        return None
    if value.startswith("+84"):
        value = "0" + value[3:]
    elif value.startswith("84") and len(value) in (11, 12):
        value = "0" + value[2:]
    if _MOBILE.match(value) or _LANDLINE.match(value):
        return value
    raise IdentifierError("phone_format")


def check_birth_date(value: date | None, today: date) -> None:
    if value is not None and (value > today or value.year < today.year - 120):
        raise IdentifierError("birth_date_range")
