"""Several people at once on one database: audited reads and writes never fail with a server error
("database is locked" on SQLite, a stale version on PostgreSQL)."""

from __future__ import annotations

import http.cookiejar
import threading
import urllib.parse
import urllib.request

import pytest
from flask_migrate import upgrade
from sqlalchemy import select
from werkzeug.serving import make_server

from casework import create_app
from casework.cases.models import Case
from casework.core.formatting import local_today
from casework.demo import DEMO_PASSWORD, load_demo
from casework.extensions import db
from tests.conftest import database_url, reset_database


@pytest.fixture(scope="module")
def busy_server(fast_password_hashing):
    url = database_url("e2e")
    reset_database(url)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, LOGIN_RATE_LIMIT="1000 per minute", TESTING=False)
    with app.app_context():
        upgrade()
        load_demo()
        db.session.commit()
        case_id = db.session.scalar(select(Case.id).order_by(Case.id))
        person_id = db.session.get(Case, case_id).person_id
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", case_id, person_id
    server.shutdown()
    thread.join(5)
    with app.app_context():
        db.engine.dispose()


def _session(base: str, username: str):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    opener.open(base + "/login", data=urllib.parse.urlencode(
        {"username": username, "password": DEMO_PASSWORD}).encode(), timeout=30)
    return opener


def test_reads_and_writes_at_the_same_time_never_fail(busy_server):
    base, case_id, person_id = busy_server
    statuses: list[int] = []
    lock = threading.Lock()
    today = local_today().strftime("%d/%m/%Y")

    def reader(username: str):
        opener = _session(base, username)
        for _ in range(15):
            for path in (f"/cases/{case_id}", f"/people/{person_id}"):
                try:
                    code = opener.open(base + path, timeout=30).status
                except urllib.error.HTTPError as exc:
                    code = exc.code
                with lock:
                    statuses.append(code)

    def writer(username: str):
        opener = _session(base, username)
        for i in range(15):
            body = urllib.parse.urlencode({"kind": "phone", "occurred_on": today, "body": f"{username} {i}"})
            try:
                code = opener.open(base + f"/cases/{case_id}/notes", data=body.encode(), timeout=30).status
            except urllib.error.HTTPError as exc:
                code = exc.code
            with lock:
                statuses.append(code)

    threads = [threading.Thread(target=reader, args=("giamsat",)), threading.Thread(target=reader, args=("ctv",)),
               threading.Thread(target=writer, args=("ctv",)), threading.Thread(target=writer, args=("giamsat",))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    print(f"concurrent requests: {len(statuses)}, server errors: {sum(s >= 500 for s in statuses)}")
    assert len(statuses) == 2 * 30 + 2 * 15
    assert all(s == 200 for s in statuses), sorted(set(statuses))
