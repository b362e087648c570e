"""`make bench` keeps working: the harness runs end to end on the small preset and writes complete results.

Timings are never asserted here (the machine is shared); only that every figure is there, well formed, or
null with a reason. On PostgreSQL the harness generates into a new database beside TEST_DATABASE_URL's
(<name>_10k), dropped afterwards; on SQLite into a temporary directory. The wrk mixed load is skipped with
the harness's explicit --no-load switch; gunicorn still starts for the memory and page-size figures.
"""

from __future__ import annotations

import json
import os

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from casework.bench import harness
from tests.conftest import ENGINE


@pytest.fixture
def bench_database_url():
    if ENGINE != "postgresql":
        yield None
        return
    url = os.environ["TEST_DATABASE_URL"]
    yield url
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}_10k" WITH (FORCE)'))
    engine.dispose()


def test_the_harness_writes_complete_results_on_the_small_preset(tmp_path, bench_database_url):
    results = harness.run(preset="small", out_dir=tmp_path / "out", data_dir=tmp_path / "data",
                          database_url=bench_database_url, run_load=False, requests=5)

    written = json.loads((tmp_path / "out" / "results.json").read_text())
    assert written["dataset"]["engine"] == ("postgresql" if ENGINE == "postgresql" else "sqlite")
    assert written["dataset"]["people"] >= 400
    assert written["dataset"]["rows"] >= 8_000
    figures, nulls = written["figures"], written["nulls"]
    for key in harness.REQUIRED_FIGURES:
        assert key in figures, key
        value = figures[key]
        if value is None:
            assert nulls.get(key), f"{key} is null without a reason"
        else:
            assert isinstance(value, int | float) and not isinstance(value, bool) and value >= 0, (key, value)
    # Measured in this mode: the pages, their statements, the SQL ceiling, the worker and the page weight.
    for key in ("caseload_list_p95_ms", "case_page_queries", "person_search_p95_ms", "indicator_sql_ms",
                "worker_rss_mb", "intake_page_kb"):
        assert figures[key] is not None and figures[key] > 0, key
    assert "--no-load" in nulls["mixed_load_rps"]
    # The J8 figures of the hand-written SQL come from the generated casework.
    j8 = results["details"]["indicator_sql"]["figures"]
    assert j8["new_cases_by_sex"] and j8["support_value_by_source"]

    report = (tmp_path / "out" / "RESULTS.md").read_text()
    assert "## Machine" in report and "## Dataset" in report
    for row in written["verdicts"]:
        assert row["result"] in {"pass", "fail", "n/a"}
        assert f"| {row['figure']} |" in report
    for key, reason in nulls.items():
        assert f"`{key}`: {reason}" in report
