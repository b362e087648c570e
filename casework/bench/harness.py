"""`make bench`: generate the province, measure it against the bars of DESIGN.md §8, write the results.

    python -m casework.bench.harness [--preset province] [--database-url URL] [--no-load]

Steps, in one run: a ≈10,000-row dataset and the full preset are generated into separate databases
(bench/data/ on SQLite; `<db>_10k` and `<db>_full` beside the database of --database-url /
BENCH_DATABASE_URL on PostgreSQL); each is measured in-process with the Flask test client (p50/p95
over N requests, SQL statements counted with a SQLAlchemy event); the full one is then served by
gunicorn with 2 workers and loaded by wrk (80 % reads, 20 % writes, 20 connections), beside the
ceiling of a bare Flask route on the same settings. Writes bench/results.json and bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from http.client import HTTPConnection
from pathlib import Path

import click
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[2]
BARS = {
    "page_p95_ms": 100.0, "page_queries": 10, "scale_factor": 2.0, "dashboard_cold_ms": 500.0,
    "dashboard_vs_sql": 2.0, "mixed_load_rps": 150.0, "worker_rss_mb": 200.0, "page_kb": 150.0,
}
REQUIRED_FIGURES = (
    "caseload_list_p95_ms", "caseload_list_p95_ms_10k", "caseload_list_queries", "case_page_p95_ms",
    "case_page_queries", "person_search_p95_ms", "person_search_p95_ms_10k", "indicator_dashboard_cold_ms",
    "indicator_sql_ms", "bare_route_rps", "mixed_load_rps", "mixed_load_p95_ms", "mixed_load_errors",
    "database_locked_errors", "worker_rss_mb", "intake_page_kb",
)
SEARCHES = ["Nguyễn Thị Hương", "tran van hung", "Lê Minh", "pham thi lan", "Huỳnh Thị Mai", "vo van nam",
            "Đặng Thị", "bui duc"]


def log(message: str) -> None:
    click.echo(message, err=True)


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# Databases --------------------------------------------------------------------------------------

def prepare_database(base_url: str | None, data_dir: Path, name: str) -> str:
    """An empty database for one dataset: a file in data_dir, or a new database beside base_url."""
    if base_url and base_url.startswith("postgresql"):
        url = make_url(base_url)
        target = f"{url.database}_{name}"
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{target}"'))
        engine.dispose()
        return url.set(database=target).render_as_string(hide_password=False)
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / f"bench-{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def make_app(url: str):
    from casework import create_app

    return create_app("development", SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False,
                      LOGIN_RATE_LIMIT="100000 per minute",
                      ATTACHMENT_DIR=tempfile.mkdtemp(prefix="bench-att-"))


def build_dataset(url: str, preset: str, seed: int, people: int | None = None) -> dict:
    from flask_migrate import upgrade

    from casework.bench.generate import PRESETS, estimate_rows, generate
    from casework.extensions import db
    from casework.orgunits.service import load_admin_units

    app = make_app(url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        load_admin_units(province_codes={56})
        db.session.commit()
        n = people or PRESETS[preset].people
        with click.progressbar(length=estimate_rows(n), label=f"Generating {preset} ({n:,} people)",
                               file=sys.stderr, show_pos=True, show_eta=True) as bar:
            report = generate(preset, seed=seed, people=people, progress=bar.update)
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    log(f"  {report.people:,} people, {report.casework_rows:,} rows of casework in {report.seconds:.1f} s "
        f"({report.rows_per_second:,.0f} rows/s)")
    return {"preset": preset, "people": report.people, "rows": report.casework_rows, "rows_all_tables":
            report.total_rows, "engine": report.engine, "seed": seed, "generate_seconds": round(report.seconds, 1),
            "rows_per_second": round(report.rows_per_second), "tables": report.counts}


# In-process measurements --------------------------------------------------------------------------

class StatementCounter:
    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def _count(self, *_args):
        self.count += 1

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._count)


def timed(client, engine, fn: Callable, n: int, warmup: int = 2) -> dict:
    """Run fn(i) -> response n times; p50/p95 in ms and the largest SQL statement count of one request."""
    for i in range(warmup):
        fn(i)
    times, queries = [], []
    for i in range(n):
        with StatementCounter(engine) as counter:
            t0 = time.perf_counter()
            response = fn(i)
            elapsed = (time.perf_counter() - t0) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"benchmark request answered {response.status_code}")
        times.append(elapsed)
        queries.append(counter.count)
    return {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 95), 1),
            "queries": max(queries), "n": n}


def pick_users(app) -> dict:
    """The collaborator with the largest open caseload, a supervisor, a case list to read and a person."""
    from sqlalchemy import func

    from casework.auth.models import Role, User
    from casework.cases.models import Case, CaseStatus
    from casework.extensions import db

    with app.app_context():
        rows = db.session.execute(
            select(User.username, User.id, func.count(Case.id)).join(Case, Case.assigned_to_id == User.id)
            .where(User.role == Role.COLLABORATOR, Case.status != CaseStatus.CLOSED)
            .group_by(User.username, User.id).order_by(func.count(Case.id).desc()).limit(20)).all()
        collaborators = [{"username": r[0], "id": r[1], "open_cases": r[2]} for r in rows]
        for c in collaborators:
            c["cases"] = list(db.session.scalars(
                select(Case.id).where(Case.assigned_to_id == c["id"], Case.status != CaseStatus.CLOSED)
                .order_by(Case.id).limit(50)))
            c["person"] = db.session.scalar(select(Case.person_id).where(Case.id == c["cases"][0]))
        supervisor = db.session.scalar(select(User.username).where(User.role == Role.SUPERVISOR,
                                                                   User.username.like("bench.%")).order_by(User.id))
        db.session.remove()
    return {"collaborators": collaborators, "supervisor": supervisor}


def login(client, username: str) -> None:
    from casework.bench.generate import BENCH_PASSWORD

    response = client.post("/login", data={"username": username, "password": BENCH_PASSWORD})
    if response.status_code != 302:
        raise RuntimeError(f"could not log in as {username}: {response.status_code}")


def measure_in_process(url: str, n: int) -> dict:
    from casework.extensions import db

    app = make_app(url)
    users = pick_users(app)
    worker = users["collaborators"][0]
    out: dict = {"worker_open_cases": worker["open_cases"], "worker": worker["username"]}
    log(f"  measuring as {worker['username']} ({worker['open_cases']} open cases), {n} requests a page")
    with app.app_context():
        engine = db.engine
    client = app.test_client()
    login(client, worker["username"])
    log("  caseload list")
    out["caseload_list"] = timed(client, engine, lambda i: client.get("/cases/"), n)
    cases = worker["cases"]
    log("  case page")
    out["case_page"] = timed(client, engine, lambda i: client.get(f"/cases/{cases[i % len(cases)]}"), n)

    def search(i: int):
        with client.session_transaction() as sess:
            sess["person_search"] = SEARCHES[i % len(SEARCHES)]
        return client.get("/people/search")

    log("  person search")
    out["person_search"] = timed(client, engine, search, n)
    sup = app.test_client()
    login(sup, users["supervisor"])
    log("  province case list")
    out["province_case_list"] = timed(sup, engine, lambda i: sup.get("/cases/?scope=unit"), max(n // 2, 5))

    def sup_search(i: int):
        with sup.session_transaction() as sess:
            sess["person_search"] = SEARCHES[i % len(SEARCHES)]
        return sup.get("/people/search")

    log("  province person search")
    out["province_person_search"] = timed(sup, engine, sup_search, max(n // 2, 5))
    with app.app_context():
        db.session.remove()
        for e in db.engines.values():
            e.dispose()
    return out


def measure_bare_route(n: int) -> dict:
    from casework.bench.bare import app

    client = app.test_client()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        client.get("/ping")
        times.append((time.perf_counter() - t0) * 1000)
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(percentile(times, 95), 2)}


def measure_indicator_dashboard(url: str, year: int) -> tuple[float | None, str, dict]:
    """The province's indicator dashboard, cold (a fresh app, its first request), when this build has it;
    then warm (the median of five more requests of the same process) and its SQL statement count.

    Contract: GET /indicators/?unit=<org unit code>&period=<year>, a supervisor logged in.
    """
    from sqlalchemy import event

    from casework.extensions import db

    app = make_app(url)
    if not any(rule.rule.startswith("/indicators/") for rule in app.url_map.iter_rules()):
        return None, "the indicator dashboard (GET /indicators/) is not part of this build yet", {}
    users = pick_users(app)
    client = app.test_client()
    login(client, users["supervisor"])
    target = f"/indicators/?unit=56&period={year}"
    t0 = time.perf_counter()
    response = client.get(target)
    elapsed = (time.perf_counter() - t0) * 1000
    extra: dict = {}
    if response.status_code == 200:
        warm = []
        with app.app_context():
            statements = []
            listener = lambda *_args: statements.append(1)  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                for _ in range(5):
                    statements.clear()
                    t1 = time.perf_counter()
                    client.get(target)
                    warm.append((time.perf_counter() - t1) * 1000)
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
        extra = {"indicator_dashboard_warm_ms": round(statistics.median(warm), 1),
                 "indicator_dashboard_queries": len(statements)}
    with app.app_context():
        db.session.remove()
        for e in db.engines.values():
            e.dispose()
    if response.status_code != 200:
        return None, f"GET /indicators/ answered {response.status_code}", {}
    return round(elapsed, 1), "first request of a fresh app process, supervisor of the province", extra


# Hand-written SQL for the province's year-to-date J8 figures: the dashboard's ceiling.
J8_SQL = {
    "new_cases_by_category_and_sex": """
        SELECT pc.code, p.sex, count(DISTINCT c.id) FROM cases c
        JOIN org_units u ON u.id = c.org_unit_id JOIN people p ON p.id = c.person_id
        JOIN person_categories pc ON pc.person_id = p.id
        WHERE u.path LIKE :path AND c.opened_on >= :start AND c.opened_on < :end
        GROUP BY pc.code, p.sex""",
    "new_cases_by_sex": """
        SELECT p.sex, count(*) FROM cases c JOIN org_units u ON u.id = c.org_unit_id
        JOIN people p ON p.id = c.person_id
        WHERE u.path LIKE :path AND c.opened_on >= :start AND c.opened_on < :end GROUP BY p.sex""",
    "people_taken_into_care": """
        SELECT count(DISTINCT c.person_id) FROM cases c JOIN org_units u ON u.id = c.org_unit_id
        WHERE u.path LIKE :path AND u.facility_type = 'social_protection_centre'
          AND c.opened_on >= :start AND c.opened_on < :end""",
    "emergency_protections": """
        SELECT count(*) FROM cases c JOIN org_units u ON u.id = c.org_unit_id
        WHERE u.path LIKE :path AND c.emergency = :yes AND c.opened_on >= :start AND c.opened_on < :end""",
    "referrals_completed_by_service": """
        SELECT r.service, count(*) FROM referrals r JOIN cases c ON c.id = r.case_id
        JOIN org_units u ON u.id = c.org_unit_id
        WHERE u.path LIKE :path AND r.status = 'completed' AND r.completed_on >= :start AND r.completed_on < :end
        GROUP BY r.service""",
    "support_value_by_source": """
        SELECT d.source, sum(d.amount_paid) FROM disbursements d JOIN cases c ON c.id = d.case_id
        JOIN org_units u ON u.id = c.org_unit_id
        WHERE u.path LIKE :path AND d.status = 'paid' AND d.paid_on >= :start AND d.paid_on < :end
        GROUP BY d.source""",
    "followups_done": """
        SELECT count(*) FROM followups f JOIN cases c ON c.id = f.case_id JOIN org_units u ON u.id = c.org_unit_id
        WHERE u.path LIKE :path AND f.status = 'done' AND f.done_at >= :start_ts AND f.done_at < :end_ts""",
}


def measure_indicator_sql(url: str, year: int) -> dict:
    """Run the J8 queries on a fresh connection: first (cold) run and the best of three warm runs, in ms."""
    engine = create_engine(url)
    with engine.connect() as conn:
        path = conn.execute(text("SELECT path FROM org_units WHERE code = '56'")).scalar_one()
    params = {"path": f"{path}%", "start": date(year, 1, 1), "end": date(year + 1, 1, 1), "yes": True,
              "start_ts": f"{year}-01-01", "end_ts": f"{year + 1}-01-01"}
    if engine.dialect.name == "sqlite":
        params = {**params, "start": params["start"].isoformat(), "end": params["end"].isoformat(), "yes": 1}
    runs, figures = [], {}
    for _ in range(4):
        with engine.connect() as conn:
            t0 = time.perf_counter()
            for name, sql in J8_SQL.items():
                figures[name] = [[int(v) if isinstance(v, Decimal) else v for v in r]
                                 for r in conn.execute(text(sql), params)]
            runs.append((time.perf_counter() - t0) * 1000)
    engine.dispose()
    return {"cold_ms": round(runs[0], 1), "warm_ms": round(min(runs[1:]), 1), "figures": figures}


# gunicorn and wrk -------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(app_path: str, env: dict, log_path: Path, workers: int = 2):
    port = free_port()
    cmd = [str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "-k", "sync", "-b", f"127.0.0.1:{port}",
           "--access-logfile", "/dev/null", "--error-logfile", str(log_path), "--timeout", "60", app_path]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL,  # noqa: S603
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while True:
            conn = HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                conn.request("GET", "/healthz" if "wsgi" in app_path else "/ping")
                conn.getresponse().read()
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"gunicorn did not start; see {log_path}") from None
                time.sleep(0.3)
            finally:
                conn.close()
        yield proc, port
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry.name))
    return pids


def peak_rss_mb(pids: list[int]) -> float | None:
    peaks = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peaks.append(int(match.group(1)) / 1024)
    return round(max(peaks), 1) if peaks else None


class Browser:
    """A logged-in session over HTTP: cookie jar of one cookie, CSRF token from the pages."""

    def __init__(self, port: int):
        self.port, self.cookie = port, ""

    def request(self, method: str, path: str, body: dict | None = None, gzip_ok: bool = False):
        conn = HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if gzip_ok:
            headers["Accept-Encoding"] = "gzip"
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            raw = response.read()
        finally:
            conn.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie" and value.startswith("casework_session="):
                self.cookie = value.split(";", 1)[0]
        return response, raw

    def csrf(self, path: str) -> str:
        _, raw = self.request("GET", path)
        match = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', raw) or \
            re.search(rb'value="([^"]+)"[^>]*name="csrf_token"', raw)
        if not match:
            raise RuntimeError(f"no CSRF token on {path}")
        return html.unescape(match.group(1).decode())

    def login(self, username: str) -> None:
        from casework.bench.generate import BENCH_PASSWORD

        token = self.csrf("/login")
        response, _ = self.request("POST", "/login", {"csrf_token": token, "username": username,
                                                      "password": BENCH_PASSWORD})
        if response.status != 302:
            raise RuntimeError(f"login of {username} over HTTP answered {response.status}")


def intake_page_bytes(browser: Browser, person_id: int) -> dict:
    """The intake page (opening a case for a person) and its CSS/JS, as sent with Accept-Encoding: gzip."""
    response, raw = browser.request("GET", f"/cases/new?person_id={person_id}", gzip_ok=True)
    compressed = (response.getheader("Content-Encoding") or "") == "gzip"
    page = gzip.decompress(raw) if compressed else raw
    assets = re.findall(rb'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', page) + \
        re.findall(rb'<script[^>]+src="([^"]+)"', page)
    total, parts = len(raw), {"page": len(raw)}
    for asset in assets:
        path = html.unescape(asset.decode())
        if path.startswith("/"):
            asset_response, body = browser.request("GET", path, gzip_ok=True)
            total += len(body)
            parts[path] = len(body)
            compressed = compressed or (asset_response.getheader("Content-Encoding") or "") == "gzip"
    return {"kb": round(total / 1024, 1), "parts": parts, "gzip": compressed}


WRK_LUA = """
-- generated by casework/bench/harness.py: 80 %% reads, 20 %% writes over %(n)d logged-in users
local users = %(users)s
local today = "%(today)s"
local counter = 0
local function pick(t) return t[math.random(#t)] end
request = function()
  counter = counter + 1
  local u = users[(counter %% #users) + 1]
  local headers = { ["Cookie"] = u.cookie }
  local r = math.random(100)
  if r <= 30 then
    return wrk.format("GET", "/cases/", headers)
  elseif r <= 60 then
    return wrk.format("GET", "/cases/" .. pick(u.cases), headers)
  elseif r <= 80 then
    return wrk.format("GET", "/people/search", headers)
  else
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    local body = "csrf_token=" .. u.token .. "&kind=phone&occurred_on=" .. today .. "&body=Goi+dien+hoi+tham"
    return wrk.format("POST", "/cases/" .. pick(u.cases) .. "/notes", headers, body)
  end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%%d duration_us=%%d p50_us=%%d p95_us=%%d p99_us=%%d " ..
    "connect=%%d read=%%d write=%%d status=%%d timeout=%%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), e.connect, e.read, e.write,
    e.status, e.timeout))
end
"""


def lua_users(users: list[dict]) -> str:
    items = []
    for u in users:
        cases = ",".join(str(c) for c in u["cases"])
        items.append(f'{{cookie="{u["cookie"]}", token="{urllib.parse.quote(u["token"])}", cases={{{cases}}}}}')
    return "{" + ",\n".join(items) + "}"


def run_wrk(port: int, script: Path | None, seconds: int, connections: int, path: str = "/") -> dict:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed (scripts/system-deps.sh --bench installs it)")
    cmd = [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,  # noqa: S603
                         timeout=seconds + 60, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    result = {"rps": round(rps, 1), "raw": out.strip().splitlines()[-12:]}
    match = re.search(r"BENCH (.+)", out)
    if match:
        fields = dict(kv.split("=") for kv in match.group(1).split())
        result.update({k: int(v) for k, v in fields.items()})
        result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout"))
        result["p95_ms"] = round(result["p95_us"] / 1000, 1)
        result["p50_ms"] = round(result["p50_us"] / 1000, 1)
    return result


def server_checks(url: str, work_dir: Path, *, run_load: bool, seconds: int) -> dict:
    """gunicorn -w 2 on the full dataset: the mixed load, the bare-route ceiling, worker memory, page bytes."""
    from casework.core.formatting import local_today

    out: dict = {}
    app = make_app(url)
    users = pick_users(app)
    env = {"CASEWORK_DATABASE_URL": url, "CASEWORK_LOGIN_RATE_LIMIT": "100000 per minute",
           "SECRET_KEY": os.urandom(24).hex(), "CASEWORK_CONFIG": "development",
           "CASEWORK_ATTACHMENT_DIR": str(work_dir / "attachments")}
    log_path = work_dir / "gunicorn.log"
    log_path.unlink(missing_ok=True)
    if run_load:
        with gunicorn("casework.bench.bare:app", {}, work_dir / "gunicorn-bare.log") as (_proc, port):
            out["bare"] = run_wrk(port, None, seconds, 20, "/ping")
            log(f"  bare Flask route: {out['bare']['rps']:,.0f} req/s")
    with gunicorn("wsgi:app", env, log_path) as (proc, port):
        sessions = []
        for u in users["collaborators"] if run_load else users["collaborators"][-1:]:
            browser = Browser(port)
            browser.login(u["username"])
            token = browser.csrf(f"/cases/{u['cases'][0]}")
            browser.request("POST", "/people/search", {"csrf_token": token, "q": SEARCHES[len(sessions) % 8]})
            sessions.append({"cookie": browser.cookie, "token": token, "cases": u["cases"]})
        out["intake_page"] = intake_page_bytes(browser, users["collaborators"][-1]["person"])
        if run_load:
            script = work_dir / "mixed.lua"
            script.write_text(WRK_LUA % {"n": len(sessions), "users": lua_users(sessions),
                                         "today": local_today().strftime("%d/%m/%Y")})
            out["mixed"] = run_wrk(port, script, seconds, 20)
            out["mixed"]["users"] = len(sessions)
            log(f"  mixed load: {out['mixed']['rps']:,.0f} req/s, p95 {out['mixed'].get('p95_ms')} ms, "
                f"{out['mixed'].get('errors')} errors")
        out["worker_rss_mb"] = peak_rss_mb(worker_pids(proc.pid))
    log_text = log_path.read_text(errors="replace") if log_path.exists() else ""
    out["database_locked"] = log_text.count("database is locked")
    out["server_errors_logged"] = log_text.count("Traceback")
    return out


# Results ----------------------------------------------------------------------------------------

def machine() -> dict:
    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    return {"os": platform.platform(), "cpu": cpu, "cores": os.cpu_count(), "memory": mem,
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def assemble(ds10k: dict, dsfull: dict, m10k: dict, mfull: dict, bare: dict, dash: tuple, sql: dict,
             server: dict, run_load: bool) -> tuple[dict, dict]:
    no_load = "skipped: the harness ran with --no-load (the test suite's mode)"
    mixed = server.get("mixed", {})
    figures = {
        "caseload_list_p50_ms": mfull["caseload_list"]["p50_ms"],
        "caseload_list_p95_ms": mfull["caseload_list"]["p95_ms"],
        "caseload_list_p95_ms_10k": m10k["caseload_list"]["p95_ms"],
        "caseload_list_queries": mfull["caseload_list"]["queries"],
        "case_page_p50_ms": mfull["case_page"]["p50_ms"],
        "case_page_p95_ms": mfull["case_page"]["p95_ms"],
        "case_page_p95_ms_10k": m10k["case_page"]["p95_ms"],
        "case_page_queries": mfull["case_page"]["queries"],
        "person_search_p50_ms": mfull["person_search"]["p50_ms"],
        "person_search_p95_ms": mfull["person_search"]["p95_ms"],
        "person_search_p95_ms_10k": m10k["person_search"]["p95_ms"],
        "person_search_queries": mfull["person_search"]["queries"],
        "province_case_list_p95_ms": mfull["province_case_list"]["p95_ms"],
        "province_case_list_queries": mfull["province_case_list"]["queries"],
        "province_person_search_p95_ms": mfull["province_person_search"]["p95_ms"],
        "indicator_dashboard_cold_ms": dash[0],
        **dash[2],
        "indicator_sql_ms": sql["cold_ms"],
        "indicator_sql_warm_ms": sql["warm_ms"],
        "bare_route_p95_ms": bare["p95_ms"],
        "bare_route_rps": server.get("bare", {}).get("rps") if run_load else None,
        "mixed_load_rps": mixed.get("rps"),
        "mixed_load_p95_ms": mixed.get("p95_ms"),
        "mixed_load_errors": mixed.get("errors"),
        "database_locked_errors": server["database_locked"] if run_load else None,
        "worker_rss_mb": server["worker_rss_mb"],
        "intake_page_kb": server["intake_page"]["kb"],
    }
    nulls = {}
    if dash[0] is None:
        nulls["indicator_dashboard_cold_ms"] = dash[1]
    if not run_load:
        for key in ("bare_route_rps", "mixed_load_rps", "mixed_load_p95_ms", "mixed_load_errors",
                    "database_locked_errors"):
            nulls[key] = no_load
    return figures, nulls


def verdicts(f: dict) -> list[dict]:
    """Each figure beside its ceiling and its bar: pass, fail, or n/a when the figure is null."""
    b = BARS

    def row(name, value, ceiling, bar, ok):
        status = "n/a" if value is None or ok is None else ("pass" if ok else "fail")
        return {"figure": name, "value": value, "ceiling": ceiling, "bar": bar, "result": status}

    def within(x, limit):
        return None if x is None else x <= limit

    def scaled(full, small):
        return None if full is None or small is None else full <= b["scale_factor"] * max(small, 1.0)

    rows = []
    for page in ("caseload_list", "case_page", "person_search"):
        p95, p95_10k, queries = f[f"{page}_p95_ms"], f.get(f"{page}_p95_ms_10k"), f[f"{page}_queries"]
        rows.append(row(f"{page}_p95_ms", p95, f"bare route {f['bare_route_p95_ms']} ms",
                        f"≤ {b['page_p95_ms']:.0f} ms", within(p95, b["page_p95_ms"])))
        rows.append(row(f"{page}_p95_ms vs 10k", f"{p95} / {p95_10k}", "", "≤ 2× the 10k time",
                        scaled(p95, p95_10k)))
        rows.append(row(f"{page}_queries", queries, "", f"≤ {b['page_queries']}", within(queries, b["page_queries"])))
    dash, sql = f["indicator_dashboard_cold_ms"], f["indicator_sql_ms"]
    rows.append(row("indicator_dashboard_cold_ms", dash, f"hand-written SQL {sql} ms",
                    f"≤ {b['dashboard_cold_ms']:.0f} ms and ≤ 2× SQL",
                    None if dash is None else dash <= b["dashboard_cold_ms"] and dash <= b["dashboard_vs_sql"] * sql))
    rps = f["mixed_load_rps"]
    rows.append(row("mixed_load_rps", rps, f"bare route {f['bare_route_rps']} req/s", f"≥ {b['mixed_load_rps']:.0f}",
                    None if rps is None else rps >= b["mixed_load_rps"]))
    rows.append(row("mixed_load_p95_ms", f["mixed_load_p95_ms"], "", "(reported)", None))
    rows.append(row("mixed_load_errors", f["mixed_load_errors"], "", "0", within(f["mixed_load_errors"], 0)))
    rows.append(row("database_locked_errors", f["database_locked_errors"], "", "0",
                    within(f["database_locked_errors"], 0)))
    rows.append(row("worker_rss_mb", f["worker_rss_mb"], "", f"≤ {b['worker_rss_mb']:.0f} MB",
                    within(f["worker_rss_mb"], b["worker_rss_mb"])))
    rows.append(row("intake_page_kb", f["intake_page_kb"], "", f"≤ {b['page_kb']:.0f} KB",
                    within(f["intake_page_kb"], b["page_kb"])))
    return rows


def write_markdown(path: Path, results: dict) -> None:
    m, d, f = results["machine"], results["dataset"], results["figures"]
    lines = [
        "# Benchmark results", "",
        f"Generated by `make bench` on {results['finished_at']} in {results['seconds']:.0f} s. "
        "Bars from DESIGN.md §8. Latency figures depend on what else the machine runs (see the notes); "
        "re-run to compare.", "",
        "## Machine", "",
        f"- {m['os']}; {m['cpu']}; {m['cores']} cores; {m['memory']} memory",
        f"- Python {m['python']}, SQLite {m['sqlite']}; load average at start {m['load_average_at_start']}", "",
        "## Dataset", "",
        f"- Engine **{d['engine']}**, preset **{d['preset']}**, seed {d['seed']}: **{d['people']:,} people**, "
        f"**{d['rows']:,} rows of casework** ({d['rows_all_tables']:,} rows in all tables), generated in "
        f"{d['generate_seconds']} s ({d['rows_per_second']:,} rows/s).",
        "- Tables: " + ", ".join(f"{k} {v:,}" for k, v in d["tables"].items()),
        f"- The 10k comparison dataset: {results['dataset_10k']['people']:,} people, "
        f"{results['dataset_10k']['rows']:,} rows of casework.", "",
        "## Figures against their bars", "",
        "| figure | value | same-run ceiling | bar | result |", "|---|---|---|---|---|",
    ]
    for r in results["verdicts"]:
        value = "null" if r["value"] is None else r["value"]
        lines.append(f"| {r['figure']} | {value} | {r['ceiling']} | {r['bar']} | **{r['result']}** |")
    lines += ["", "## Null figures", ""]
    lines += [f"- `{k}`: {v}" for k, v in results["nulls"].items()] or ["- none"]
    lines += ["", "## Other figures", ""]
    for key in sorted(f):
        if key not in REQUIRED_FIGURES:
            lines.append(f"- `{key}`: {f[key]}")
    ip = results["details"]["server"].get("intake_page", {})
    gz = "on" if ip.get("gzip") else "off (the server does not compress)"
    lines += [f"- intake page: {ip.get('parts')} bytes, gzip {gz}"]
    mixed = results["details"]["server"].get("mixed")
    if mixed:
        lines += [f"- mixed load: {mixed.get('requests')} requests in {mixed.get('duration_us', 0) / 1e6:.0f} s, "
                  f"{mixed.get('users')} logged-in collaborators over 20 connections; 30 % caseload list, 30 % case "
                  "page, 20 % person search, 20 % note added (POST); p50 "
                  f"{mixed.get('p50_ms')} ms, p99 {mixed.get('p99_us', 0) / 1000:.0f} ms; errors by kind: connect "
                  f"{mixed.get('connect')}, read {mixed.get('read')}, write {mixed.get('write')}, status "
                  f"{mixed.get('status')}, timeout {mixed.get('timeout')}"]
    lines += ["", "## J8 figures from the hand-written SQL (province, year to date)", "", "```",
              json.dumps(results["details"]["indicator_sql"]["figures"], ensure_ascii=False)[:3000], "```", ""]
    if results.get("notes"):
        lines += ["## Notes", "", *results["notes"], ""]
    path.write_text("\n".join(lines) + "\n")


def run(*, preset: str = "province", out_dir: Path, data_dir: Path, database_url: str | None = None,
        run_load: bool = True, requests: int = 60, load_seconds: int = 20, seed: int = 1,
        notes_path: Path | None = None) -> dict:
    started = time.time()
    from casework.core.formatting import local_today

    year = local_today().year
    results: dict = {"machine": machine()}
    log("[1/5] the ≈10,000-row dataset")
    url10k = prepare_database(database_url, data_dir, "10k")
    ds10k = build_dataset(url10k, "small", seed)
    m10k = measure_in_process(url10k, requests)
    if preset == "small":
        urlfull, dsfull, mfull = url10k, ds10k, m10k
    else:
        log(f"[2/5] the {preset} dataset")
        urlfull = prepare_database(database_url, data_dir, "full")
        dsfull = build_dataset(urlfull, preset, seed)
        log("[3/5] in-process latency and SQL statements")
        mfull = measure_in_process(urlfull, requests)
    bare = measure_bare_route(200)
    log("[4/5] indicator dashboard and its hand-written SQL")
    dash = measure_indicator_dashboard(urlfull, year)
    sql = measure_indicator_sql(urlfull, year)
    log("[5/5] gunicorn (2 workers)" + (" and wrk" if run_load else ""))
    work = data_dir / "server"
    work.mkdir(parents=True, exist_ok=True)
    server = server_checks(urlfull, work, run_load=run_load, seconds=load_seconds)
    figures, nulls = assemble(ds10k, dsfull, m10k, mfull, bare, dash, sql, server, run_load)
    results.update({
        "dataset": {k: dsfull[k] for k in ("preset", "people", "rows", "rows_all_tables", "engine", "seed",
                                           "generate_seconds", "rows_per_second", "tables")},
        "dataset_10k": {k: ds10k[k] for k in ("people", "rows", "engine")},
        "figures": figures, "nulls": nulls, "bars": BARS,
        "details": {"in_process_10k": m10k, "in_process_full": mfull, "indicator_sql": sql, "server": server},
        "finished_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "seconds": round(time.time() - started),
        # Read at the end, so notes written while a long run goes on are included.
        "notes": notes_path.read_text().splitlines() if notes_path and notes_path.exists() else [],
    })
    results["verdicts"] = verdicts(figures)
    if dsfull["engine"] == "postgresql":
        results["dataset"]["engine"] = "postgresql"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
    write_markdown(out_dir / "RESULTS.md", results)
    failed = [r["figure"] for r in results["verdicts"] if r["result"] == "fail"]
    log(f"Wrote {out_dir / 'results.json'} and RESULTS.md; failing bars: {', '.join(failed) or 'none'}")
    return results


def main(argv: list[str] | None = None) -> int:
    from casework.bench.generate import PRESETS

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--preset", choices=sorted(PRESETS), default="province")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"),
                        help="PostgreSQL server to generate into (new databases <name>_10k and <name>_full)")
    parser.add_argument("--out", default=str(ROOT / "bench"))
    parser.add_argument("--data", default=str(ROOT / "bench" / "data"))
    parser.add_argument("--requests", type=int, default=60, help="requests per page for p50/p95")
    parser.add_argument("--load-seconds", type=int, default=20)
    parser.add_argument("--no-load", action="store_true", help="skip wrk (the test suite's mode)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--notes", default=str(ROOT / "bench" / "NOTES.md"),
                        help="a Markdown file of notes copied into RESULTS.md when it exists")
    args = parser.parse_args(argv)
    run(preset=args.preset, out_dir=Path(args.out), data_dir=Path(args.data), database_url=args.database_url,
        run_load=not args.no_load, requests=args.requests, load_seconds=args.load_seconds, seed=args.seed,
        notes_path=Path(args.notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
