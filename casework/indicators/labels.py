"""Translated labels for indicators: units of measure, breakdowns, periods."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from casework.cases.labels import SERVICES
from casework.hospital.labels import ACTIVITY_KIND, SUPPORT_SOURCE
from casework.indicators.periods import Period
from casework.indicators.registry import Unit
from casework.people.codes import CATEGORIES
from casework.people.labels import SEX
from casework.referrals.labels import SOURCE

UNIT_LABELS = {Unit.COUNT: _l("count"), Unit.PERCENT: _l("percent"), Unit.VND: _l("VND"),
               Unit.CHANGE: _l("change in percent")}
BREAKDOWN_TITLES = {"sex": _l("By sex"), "category": _l("By beneficiary category"),
                    "service": _l("By service"), "source": _l("By source of funds"),
                    "kind": _l("By kind")}


def unit_label(unit: Unit) -> str:
    return str(UNIT_LABELS.get(unit, unit))


def breakdown_title(name: str) -> str:
    return str(BREAKDOWN_TITLES.get(name, name))


def breakdown_label(name: str, key: str) -> str:
    if name == "sex":
        return str(SEX.get(key, key))
    if name == "category":
        return f"{key} {CATEGORIES.get(key, '')}".strip()
    if name == "service":
        return str(SERVICES.get(key, key))
    if name == "source":
        sources = {**{str(k): v for k, v in SUPPORT_SOURCE.items()}, **{str(k): v for k, v in SOURCE.items()}}
        return str(sources.get(key, key))
    if name == "kind":
        return str({str(k): v for k, v in ACTIVITY_KIND.items()}.get(key, key))
    return key


def period_label(period: Period) -> str:
    if period.kind == "quarter":
        return _("Quarter %(q)s/%(year)s", q=period.number, year=period.year)
    if period.kind == "month":
        return _("Month %(m)02d/%(year)s", m=period.number, year=period.year)
    return _("Year %(year)s", year=period.year)
