#!/usr/bin/env python3
"""Runs one file of the Python binding's pytest suite (python/tests) as a
meson test. Exit status 77 (SKIP) when numpy or pytest is missing, or when
every test of the file was skipped; pytest's own status otherwise.

Usage: run-pytest.py TEST_FILE [PYTEST_ARGS...]
"""
import sys

try:
    import numpy  # noqa: F401
    import pytest
except ImportError as error:
    print(f"skipped: {error.name} is not installed for {sys.executable} "
          "(Debian: python3-numpy python3-pytest)")
    sys.exit(77)


class Outcomes:
    """Counts passed, failed and skipped tests, module-level skips included."""

    def __init__(self):
        self.counts = {"passed": 0, "failed": 0, "skipped": 0}

    def pytest_runtest_logreport(self, report):
        if report.when == "call" or report.outcome != "passed":
            self.counts[report.outcome] += 1

    def pytest_collectreport(self, report):
        if report.outcome != "passed":
            self.counts[report.outcome] += 1


outcomes = Outcomes()
status = pytest.main(["-q", "-rs", "-p", "no:cacheprovider", *sys.argv[1:]], plugins=[outcomes])
if status == 0 and outcomes.counts["skipped"] and not outcomes.counts["passed"]:
    sys.exit(77)
sys.exit(int(status))
