"""`flask --app wsgi casework ...` commands. Each command commits once, at the end."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from casework.auth import service as accounts
from casework.auth.models import Role, User
from casework.core.formatting import local_today
from casework.extensions import db
from casework.orgunits.queries import count_by_level, unit_by_code

casework_cli = AppGroup("casework", help="Casework administration commands.")


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@casework_cli.command("load-admin-units")
@click.option("--province", "provinces", multiple=True, type=int, help="Only this province code (repeatable).")
def load_admin_units_command(provinces: tuple[int, ...]) -> None:
    """Load the 34 provinces and 3,321 communes/wards from the pinned vietnam-provinces package."""
    from casework.orgunits.service import load_admin_units

    with click.progressbar(length=3321, label="Loading communes/wards") as bar:
        last = [0]

        def progress(i: int) -> None:
            bar.update(i - last[0])
            last[0] = i

        report = load_admin_units(province_codes=set(provinces) or None, progress=progress)
        bar.update(3321 - last[0])
    db.session.commit()
    counts = count_by_level()
    click.echo(
        f"vietnam-provinces {report.data_version}: added {report.provinces_added} provinces and "
        f"{report.communes_added} communes/wards; renamed {report.renamed}. "
        f"Now {counts.get('province', 0)} provinces, {counts.get('commune', 0)} communes/wards, "
        f"{counts.get('facility', 0)} facilities."
    )


@casework_cli.command("load-demo")
def load_demo_command() -> None:
    """Load the Khánh Hòa demo (centre, hospital, one user per role). Safe to run twice."""
    from casework.demo import load_demo

    added = load_demo()
    db.session.commit()
    click.echo(f"Demo data: added {added['facilities']} facilities, {added['users']} users "
               f"and {added['cases']} cases.")


@casework_cli.command("demo-logins")
@click.option("--url", default="http://127.0.0.1:5000")
def demo_logins_command(url: str) -> None:
    """Print the URL and one demo login per role."""
    from casework.demo import DEMO_PASSWORD, DEMO_USERS

    click.echo("")
    click.echo(f"Casework is starting on {url}")
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for demo in DEMO_USERS:
        click.echo(f"  {demo.username:<12} {demo.role.value:<24} home unit {demo.unit_code}")
    click.echo("")


def _unit_or_fail(code: str):
    unit = unit_by_code(code)
    if unit is None:
        _fail(f"no org unit with code {code!r} (run load-admin-units first?)")
    return unit


def _user_or_fail(username: str) -> User:
    user = accounts.find_user(username)
    if user is None:
        _fail(f"no user {username!r}")
    return user


@casework_cli.command("create-user")
@click.option("--username", required=True)
@click.option("--full-name", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--unit", "unit_code", required=True, help="Home unit code: VN, a province, commune or facility.")
@click.option("--email", default=None)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked interactively when omitted.")
def create_user_command(username, full_name, role, unit_code, email, password) -> None:
    """Create a user account placed in a home unit."""
    try:
        user = accounts.create_user(actor=None, username=username, full_name=full_name, password=password,
                                    role=Role(role), home_unit=_unit_or_fail(unit_code), email=email)
    except accounts.AccountError as exc:
        _fail({"taken": "username already taken", "too_short": "password shorter than 10 characters"}
              .get(exc.message, exc.message))
    db.session.commit()
    click.echo(f"Created {user.username} ({user.role.value}) at {user.home_unit.code} {user.home_unit.name}.")


@casework_cli.command("update-user")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]))
@click.option("--unit", "unit_code", help="Move the user's scope to this unit code.")
@click.option("--deactivate", is_flag=True)
@click.option("--activate", is_flag=True)
def update_user_command(username, role, unit_code, deactivate, activate) -> None:
    """Re-scope, change the role of, deactivate or reactivate a user."""
    if deactivate and activate:
        _fail("--activate and --deactivate exclude each other")
    user = _user_or_fail(username)
    changes = accounts.update_user(
        user, actor=None, role=Role(role) if role else None,
        home_unit=_unit_or_fail(unit_code) if unit_code else None,
        active=False if deactivate else (True if activate else None),
    )
    db.session.commit()
    click.echo(f"{user.username}: " + (", ".join(f"{k} {v[0]} -> {v[1]}" for k, v in changes.items())
                                       or "nothing changed"))


@casework_cli.command("set-password")
@click.argument("username")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def set_password_command(username, password) -> None:
    """Set a user's password and lift any lockout."""
    user = _user_or_fail(username)
    try:
        accounts.set_password(user, password, actor=None)
    except accounts.AccountError:
        _fail("password shorter than 10 characters")
    db.session.commit()
    click.echo(f"Password of {user.username} set.")


@casework_cli.command("list-users")
def list_users_command() -> None:
    """List accounts with role, home unit and status."""
    for user in db.session.scalars(select(User).order_by(User.username)):
        status = "active" if user.active else "inactive"
        click.echo(f"{user.username:<16} {user.role.value:<24} {user.home_unit.code:<8} {status}")


@casework_cli.command("reminders")
@click.option("--date", "day", default=None, help="The day to build the digest for (yyyy-mm-dd); default today.")
def reminders_command(day: str | None) -> None:
    """Each worker's digest of due and overdue follow-ups and missed disbursements (run daily from cron)."""
    from datetime import date

    from casework.followups.reminders import send_digests

    try:
        today = date.fromisoformat(day) if day else local_today()
    except ValueError:
        _fail("--date must look like 2026-11-25")
    report = send_digests(today)
    db.session.commit()
    click.echo(f"Reminders for {today.isoformat()}: {report.workers} workers with work due, "
               f"{report.notifications} new notifications, {report.emails} e-mails sent.")


def _add_bench_commands() -> None:
    from casework.bench.cli import generate_command

    casework_cli.add_command(generate_command)


_add_bench_commands()
