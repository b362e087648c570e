# ruff: noqa: S310 - the requests go to http://127.0.0.1 only
"""A gunicorn worker killed with SIGKILL in the middle of a stream of writes loses no acknowledged write."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text

from casework import create_app
from casework.auth import service as accounts
from casework.auth.models import Role
from casework.cases import service as cases
from casework.cases.models import CaseNote, CaseSource
from casework.core.formatting import local_today
from casework.extensions import db
from casework.orgunits.service import load_admin_units
from casework.people import service as people
from tests.conftest import ENGINE, KH_WARD_A, unit

ROOT = Path(__file__).resolve().parents[2]
CLIENTS, WRITES_PER_CLIENT = 4, 150


def _prepare(url: str) -> tuple[str, int]:
    """Schema, Khánh Hòa's units, a collaborator with an API token and one open case."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        upgrade()
        load_admin_units(province_codes={56})
        worker = accounts.create_user(actor=None, username="kill9", full_name="Người Thử", password="x" * 12,
                                      role=Role.COLLABORATOR, home_unit=unit(KH_WARD_A))
        _, token = accounts.issue_api_token(worker, "kill9", actor=worker)
        person = people.create_person(people.PersonData(full_name="Người Nhận Ghi Chú"), actor=worker,
                                      unit=unit(KH_WARD_A), today=local_today())
        case = cases.open_case(person, actor=worker, unit=unit(KH_WARD_A), source=CaseSource.COMMUNE, needs=[],
                               summary="")
        db.session.commit()
        case_id = case.id
        db.session.remove()
        db.engine.dispose()
    return token, case_id


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _wait_until_up(base: str) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)


def test_sigkill_mid_stream_loses_no_acknowledged_write(scratch_db, tmp_path, capsys):
    url = scratch_db()
    token, case_id = _prepare(url)
    port = _free_port()
    env = {**os.environ, "CASEWORK_CONFIG": "development", "CASEWORK_DATABASE_URL": url,
           "SECRET_KEY": "k" * 40, "CASEWORK_INSTANCE_DIR": str(tmp_path)}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--access-logfile", "/dev/null", "wsgi:app"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base)
        workers_at_start = _children(server.pid)
        sent, acked, errors, lock = [0], [], [0], threading.Lock()

        def client(n: int) -> None:
            for i in range(WRITES_PER_CLIENT):
                body = json.dumps({"kind": "phone", "occurred_on": "2026-01-02", "body": f"c{n}-w{i}"}).encode()
                request = urllib.request.Request(f"{base}/api/v1/cases/{case_id}/notes", data=body, method="POST",
                                                 headers={"Authorization": f"Bearer {token}",
                                                          "Content-Type": "application/json"})
                with lock:
                    sent[0] += 1
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        if response.status == 201:
                            with lock:
                                acked.append(json.loads(response.read())["id"])
                except (OSError, urllib.error.HTTPError):
                    with lock:
                        errors[0] += 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        while len(acked) < 60 and any(t.is_alive() for t in threads):
            time.sleep(0.01)
        killed = _children(server.pid)[:1]
        for pid in killed:
            os.kill(pid, signal.SIGKILL)  # mid-stream: requests are in flight on this worker
        acked_at_kill = len(acked)
        for t in threads:
            t.join(120)
    finally:
        for pid in _children(server.pid):
            os.kill(pid, signal.SIGKILL)
        server.send_signal(signal.SIGKILL)
        server.wait(10)

    if ENGINE == "postgresql":
        engine = create_engine(url)
        with engine.connect() as conn:
            integrity = "ok" if conn.scalar(text("SELECT count(*) FROM case_notes")) is not None else "bad"
            present = set(conn.scalars(select(CaseNote.id)))
        engine.dispose()
    else:
        path = url.removeprefix("sqlite:///")
        conn = sqlite3.connect(path)
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        present = {row[0] for row in conn.execute("SELECT id FROM case_notes")}
        conn.close()
    found = len(set(acked) & present)
    with capsys.disabled():  # the figures belong in the CI output
        print(f"\nkill -9 ({ENGINE}): workers {workers_at_start}, killed {killed} after {acked_at_kill} acknowledged; "
              f"writes sent {sent[0]}, acknowledged {len(acked)}, failed {errors[0]}, found {found}; "
              f"integrity {integrity}")
    assert killed, "the worker to kill was not found"
    assert integrity == "ok"
    assert found == len(acked)
    assert len(acked) > acked_at_kill  # the stream went on after the kill (the master started a new worker)
