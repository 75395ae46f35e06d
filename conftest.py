"""pytest settings for the whole suite (pytest-odoo provides the Odoo fixtures)."""

import os

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Under CI a skipped test is a failure: a browser test skipped for want of Chromium,
    # websocket-client or an HTTP server would otherwise pass unnoticed.
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, which counts as a failure here: {reason}"
