"""A skipped test shows nothing, so the suite fails when any test is skipped for a reason not
allowed here. Today one reason is: ``../shared`` (real blogs by other people, beside the
checkout) is absent. A test that needs a tool the machine lacks fails and says how to get it.

The hooks run in the process that reports (the controller under ``pytest -n 2``), where every
worker's reports arrive; ``tests/conftest.py`` loads them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
"""``../shared`` beside the checkout (the repository's sibling)."""
SHARED_ABSENT = "../shared is absent: the real blogs by other people in ../shared/data are not here"

ALLOWED = frozenset({SHARED_ABSENT})
"""Every reason a test may be skipped for."""


def shared_data(*parts: str) -> Path:
    """A path in ``../shared/data``; skips the test (the one allowed reason) when ``../shared``
    is absent."""
    if not SHARED.is_dir():
        pytest.skip(SHARED_ABSENT)
    return SHARED.joinpath("data", *parts)


class SkipGuard:
    """Collects the skips whose reason is not allowed, and fails the run if there are any."""

    def __init__(self) -> None:
        self.unallowed: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self._note(report)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        self._note(report)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.unallowed and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.unallowed:
            terminalreporter.section("skipped without an allowed reason (tests/skips.py)", red=True)
            for line in self.unallowed:
                terminalreporter.line(line, red=True)

    def _note(self, report: pytest.TestReport | pytest.CollectReport) -> None:
        if not report.skipped or hasattr(report, "wasxfail"):
            return
        reason = _reason(report)
        if reason not in ALLOWED:
            self.unallowed.append(f"{report.nodeid}: {reason}")


def _reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple):  # (file, line, "Skipped: reason")
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # not an xdist worker: the process that reports
        config.pluginmanager.register(SkipGuard(), "plnpress-skip-guard")
