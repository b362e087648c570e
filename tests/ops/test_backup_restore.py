"""A backup taken while writes keep coming restores every row committed before it started."""

from __future__ import annotations

import threading
import time

from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text

from casework import create_app
from casework.audit import service as audit
from casework.audit.models import AuditEvent
from casework.extensions import db
from casework.ops import backup as ops
from tests.conftest import ENGINE


def _migrated_app(url: str):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        db.session.remove()
    return app


def test_restore_of_a_backup_taken_under_write_load(scratch_db, tmp_path, capsys):
    source_url = scratch_db()
    app = _migrated_app(source_url)
    sent, acked, stop = [0], [], threading.Event()

    def writer():
        with app.app_context():
            while not stop.is_set() and sent[0] < 5000:
                sent[0] += 1
                event = audit.record("backup", actor=None, username="load-test", summary=f"write {sent[0]}")
                db.session.commit()
                acked.append(event.id)  # acknowledged: the commit returned
            db.session.remove()

    thread = threading.Thread(target=writer)
    thread.start()
    while len(acked) < 100:
        time.sleep(0.01)
    committed_before = list(acked)
    path = ops.backup(source_url, tmp_path / "backups")
    time.sleep(0.2)  # writes go on after the backup
    stop.set()
    thread.join(30)

    target_url = scratch_db()
    if ENGINE == "postgresql":
        _migrated_app(target_url)  # restore replaces an existing schema (--clean)
    ops.restore(target_url, path)
    engine = create_engine(target_url)
    with engine.connect() as conn:
        restored = set(conn.scalars(select(AuditEvent.id).where(AuditEvent.actor_username == "load-test")))
        version = conn.scalar(text("SELECT version_num FROM alembic_version"))
    engine.dispose()
    found = len(set(committed_before) & restored)
    with capsys.disabled():  # the figures belong in the CI output
        print(f"\nRestore under load ({ENGINE}): writes sent {sent[0]}, acknowledged {len(acked)}, "
              f"acknowledged before the backup {len(committed_before)}, found after restore {found} "
              f"(the backup also holds {len(restored) - found} written during it)")
    assert found == len(committed_before)
    assert len(acked) > len(committed_before)  # writes really went on around the backup
    assert version  # the schema came back with the data


def test_restore_refuses_a_bad_file_and_wants_yes(scratch_db, tmp_path):
    url = scratch_db()
    app = _migrated_app(url)
    runner = app.test_cli_runner()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a backup at all")
    result = runner.invoke(args=["casework", "restore", str(junk), "--yes"])
    assert result.exit_code == 1
    backup = runner.invoke(args=["casework", "backup", "--dir", str(tmp_path / "b")])
    assert backup.exit_code == 0, backup.output
    path = backup.output.split("Backup written: ")[1].split(" (")[0]
    refused = runner.invoke(args=["casework", "restore", path])
    assert refused.exit_code == 1 and "--yes" in refused.output
    done = runner.invoke(args=["casework", "restore", path, "--yes"])
    assert done.exit_code == 0, done.output
