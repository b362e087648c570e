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


@casework_cli.command("load-targets")
def load_targets_command() -> None:
    """Load the national Decision 112 targets and the base salaries (idempotent)."""
    from casework.indicators.targets import load_reference_data

    added = load_reference_data()
    db.session.commit()
    click.echo(f"Indicator reference data: added {added['targets']} national targets and "
               f"{added['base_salaries']} base salaries.")


@casework_cli.command("load-demo")
def load_demo_command() -> None:
    """Load the Khánh Hòa demo (centre, hospital, one user per role). Safe to run twice."""
    from casework.demo import load_demo

    added = load_demo()
    db.session.commit()
    click.echo(f"Demo data: added {added['facilities']} facilities, {added['users']} users "
               f"and {added['cases']} cases.")
    if added.get("supervision"):
        click.echo(f"Supervision demo (journey J7): added {added['supervision']} records "
                   "(a second collaborator, ctv.mai, and three cases).")


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


# Data in, data out, data safe ---------------------------------------------------------------------

@casework_cli.command("backup")
@click.option("--dir", "directory", default=None, help="Where to write the backup (default: BACKUP_DIR).")
def backup_command(directory: str | None) -> None:
    """Write a consistent copy of the database while the app serves (SQLite online backup / pg_dump)."""
    from flask import current_app

    from casework.ops import backup as ops

    try:
        path = ops.backup(current_app.config["SQLALCHEMY_DATABASE_URI"],
                          directory or current_app.config["BACKUP_DIR"])
    except ops.BackupError as exc:
        _fail(str(exc))
    click.echo(f"Backup written: {path} ({path.stat().st_size} bytes)")


@casework_cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Replace the current database's contents.")
def restore_command(path: str, yes: bool) -> None:
    """Check a backup file, then put it back in place of the database's contents (needs --yes)."""
    from flask import current_app

    from casework.ops import backup as ops

    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    try:
        description = ops.check_backup(url, path)
    except ops.BackupError as exc:
        _fail(str(exc))
    click.echo(f"{path}: {description}")
    db.session.remove()
    db.engine.dispose()
    if ops.has_data(url) and not yes:
        _fail("the database already holds data: run again with --yes to replace it with the backup")
    try:
        ops.restore(url, path)
    except ops.BackupError as exc:
        _fail(str(exc))
    click.echo("Restored. Restart the app servers.")


@casework_cli.command("retention")
@click.option("--older-than-years", "years", type=click.IntRange(min=1), default=None,
              help="De-identify people whose cases all closed longer ago than this (default RETENTION_YEARS).")
@click.option("--dry-run", is_flag=True, help="Only say what would be done.")
def retention_command(years: int | None, dry_run: bool) -> None:
    """De-identify people whose cases are all closed before the retention cutoff."""
    from flask import current_app

    from casework.dataprotection import service as dataprotection

    years = years or current_app.config["RETENTION_YEARS"]
    cutoff = dataprotection.retention_cutoff(local_today(), years)
    candidates = dataprotection.retention_candidates(cutoff)
    numbers = [n for c in candidates for n in c.case_numbers]
    prefix = "Dry run: would de-identify" if dry_run else "De-identified"
    if not dry_run:
        dataprotection.run_retention(candidates, years=years)
        db.session.commit()
    click.echo(f"{prefix} {len(candidates)} people with {len(numbers)} cases closed before "
               f"{cutoff.date().isoformat()}.")
    for number in numbers:
        click.echo(f"  {number}")


@casework_cli.command("import-people")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--user", "username", required=True, help="The account the people are registered by.")
@click.option("--dry-run", is_flag=True, help="Check every row and write the rejected rows; create nobody.")
def import_people_command(path: str, username: str, dry_run: bool) -> None:
    """Import a beneficiary list (.xlsx or .csv) into the user's home unit, with the unit's remembered columns."""
    from pathlib import Path

    from casework.imports import labels
    from casework.imports import service as imports

    user = _user_or_fail(username)
    try:
        batch = imports.upload(Path(path).read_bytes(), Path(path).name, actor=user, unit=user.home_unit)
        imports.set_mapping(batch, dict(batch.mapping), actor=user)
    except imports.ImportError_ as exc:
        _fail(str(labels.ERRORS[exc.code]))
    db.session.commit()
    click.echo("Columns: " + ", ".join(f"{name} <- {batch.headers[i]!r}" for name, i in batch.mapping.items()
                                       if i is not None))
    with click.progressbar(length=batch.total_rows, label="Checking rows") as bar:
        last = [0]

        def progress(done: int, _total: int) -> None:
            bar.update(done - last[0])
            last[0] = done

        if dry_run:
            batch = imports.preview(batch.id, today=local_today(), progress=progress)
        else:
            batch = imports.run_import(batch.id, actor=user, today=local_today(), progress=progress)
        bar.update(batch.total_rows - last[0])
    db.session.commit()
    rejected = imports.write_rejected_file(batch, labels.problem_message) if batch.preview else None
    click.echo(f"{batch.total_rows} rows: {batch.valid_rows} valid, {batch.problem_rows} with problems, "
               f"{batch.duplicate_rows} already registered; created {batch.created_count} people.")
    if rejected:
        click.echo(f"Rejected rows: {rejected}")
def _add_bench_commands() -> None:
    from casework.bench.cli import generate_command

    casework_cli.add_command(generate_command)


_add_bench_commands()
