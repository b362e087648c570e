"""Vietnamese text helpers: NFC normalisation and diacritic folding for search."""

from __future__ import annotations

import unicodedata


def normalise(text: str | None) -> str:
    """NFC form with collapsed whitespace; what we store for names typed by users."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def fold(text: str | None) -> str:
    """Strip tone and vowel marks, map đ to d, casefold: 'Đặng Thị Thủy' -> 'dang thi thuy'."""
    decomposed = unicodedata.normalize("NFD", normalise(text))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D").casefold()
