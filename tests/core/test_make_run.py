"""`make run` from the README: migrate, load the demo, print the logins and serve the login page."""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return response.status, response.read().decode()


def test_make_run_serves_the_vietnamese_login_page_and_healthz(tmp_path):
    port = _free_port()
    env = {**os.environ, "CASEWORK_DATABASE_URL": f"sqlite:///{tmp_path}/run.db"}
    env.pop("CASEWORK_CONFIG", None)
    log = open(tmp_path / "make-run.log", "w+")
    proc = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                assert proc.poll() is None, (tmp_path / "make-run.log").read_text()[-3000:]
                assert time.monotonic() < deadline, "make run did not serve within 3 minutes"
                time.sleep(0.5)
        assert status == 200 and '"database":"ok"' in body.replace(" ", "")
        status, html = _get(f"http://127.0.0.1:{port}/login")
        assert status == 200
        assert 'lang="vi"' in html and "Đăng nhập Casework" in html
        output = (tmp_path / "make-run.log").read_text()
        assert f"Casework is starting on http://127.0.0.1:{port}" in output
        for username in ("admin", "quanly", "giamsat", "ctv", "bacsi.ctxh", "trungtam"):
            assert f"  {username} " in output
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        log.close()


def test_loading_the_demo_twice_changes_nothing(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["casework", "load-demo"])
    second = runner.invoke(args=["casework", "load-demo"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "added 2 facilities, 6 users and 4 cases" in first.output
    assert "added 0 facilities, 0 users and 0 cases" in second.output
