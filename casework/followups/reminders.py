"""The daily reminder digest: each worker's overdue and due follow-ups and missed disbursements.

Run from cron: `flask --app wsgi casework reminders`. It always writes an in-app notification and
e-mails it too when SMTP is configured (CASEWORK_SMTP_HOST). Running it twice a day sends nothing new.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from casework.auth.models import User
from casework.core.formatting import format_date, format_money
from casework.db import utcnow
from casework.extensions import db
from casework.followups.service import agenda
from casework.referrals.models import Notification
from casework.referrals.queries import missed_disbursements


@dataclass
class DigestReport:
    workers: int = 0
    notifications: int = 0
    emails: int = 0


def _digest_body(user: User, today: date) -> tuple[str, int]:
    work = agenda(user, today)
    missed = missed_disbursements(user, today)
    lines = []
    for title, rows in ((_("Overdue follow-ups"), work.overdue), (_("Due today"), work.today),
                        (_("In the next 7 days"), work.next_7_days)):
        if rows:
            lines.append(title + ":")
            lines += [f"  - {format_date(f.due_on)} · {f.case.number} · {f.title}" for f in rows]
    if missed:
        lines.append(_("Disbursements not received") + ":")
        lines += [f"  - {format_date(d.expected_on)} · {d.commitment.case.number} · {d.commitment.partner.name}"
                  f" · {format_money(d.amount_expected)}" for d in missed]
    return "\n".join(lines), len(work.overdue) + len(work.today) + len(work.next_7_days) + len(missed)


def send_digests(today: date) -> DigestReport:
    report = DigestReport()
    for user in db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)):
        with force_locale(user.locale or "vi"):
            body, count = _digest_body(user, today)
            title = _("Your work for %(day)s: %(n)s items", day=format_date(today), n=count)
        if not count:
            continue
        report.workers += 1
        already = db.session.scalar(select(Notification.id).where(
            Notification.user_id == user.id, Notification.kind == "digest", Notification.digest_date == today))
        if already is not None:
            continue
        note = Notification(user_id=user.id, created_at=utcnow(), kind="digest", digest_date=today, title=title,
                            body=body)
        db.session.add(note)
        report.notifications += 1
        if user.email and current_app.config.get("SMTP_HOST"):
            _email(user.email, title, body)
            note.emailed = True
            report.emails += 1
    db.session.flush()
    return report


def _email(to: str, subject: str, body: str) -> None:
    cfg = current_app.config
    message = EmailMessage()
    message["From"] = cfg["SMTP_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(cfg["SMTP_HOST"], cfg["SMTP_PORT"], timeout=20) as smtp:
        if cfg.get("SMTP_STARTTLS"):
            smtp.starttls()
        if cfg.get("SMTP_USER"):
            smtp.login(cfg["SMTP_USER"], cfg["SMTP_PASSWORD"])
        smtp.send_message(message)
