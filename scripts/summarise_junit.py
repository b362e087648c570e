"""Print how many tests ran on each engine, from the JUnit files pytest wrote."""

import sys
import xml.etree.ElementTree as ET


def main(paths: list[str]) -> int:
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    for path in paths:
        try:
            suite = ET.parse(path).getroot()
        except (OSError, ET.ParseError):
            print(f"{path}: no results (the run did not finish)")
            return 1
        suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
        tests, failures = int(suite.get("tests")), int(suite.get("failures")) + int(suite.get("errors"))
        skipped = int(suite.get("skipped"))
        engine = "PostgreSQL" if "postgresql" in path else "SQLite"
        print(f"{engine}: {tests - failures - skipped} passed, {failures} failed, {skipped} skipped")
        totals["passed"] += tests - failures - skipped
        totals["failed"] += failures
        totals["skipped"] += skipped
    print(f"Total: {totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped")
    return 1 if totals["failed"] or totals["skipped"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
