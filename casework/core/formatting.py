"""Display formats used across the UI: dd/mm/yyyy dates and money as 300.000 ₫."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ) if value.tzinfo else value
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo:
        value = value.astimezone(LOCAL_TZ)
    return value.strftime("%d/%m/%Y %H:%M")


def format_money(amount: int | None) -> str:
    """Integer VND with dots between thousands: 300000 -> '300.000 ₫'."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,}".replace(",", ".") + " ₫"


def local_today() -> date:
    """Today in Vietnam. The server clock is UTC: before 07:00 in Vietnam, UTC is still yesterday."""
    return datetime.now(LOCAL_TZ).date()
