"""The AR dashboard's charts in Debian's chromium: DSO over time, cash collected against
due, exposure against limits (issue #20), each an svg with data, on a phone with no
horizontal scroll; the auditor's as-of picker redraws them. Screenshots land in
$TMPDIR/arledger-web."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.browsers import chromium
from tests.e2e.conftest import Client
from tests.e2e.web.test_browser import (
    DESK,
    PHONE,
    as_demo_user,
    serious_axe_violations,
    settle,
    shot,
)

pytestmark = pytest.mark.postgres
CHARTS = ("dso-chart", "cash-chart", "exposure-chart")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


DRAWN = """id => {
  const fig = document.querySelector(`[data-testid=${id}]`);
  const area = (e) => e.getBoundingClientRect().width * e.getBoundingClientRect().height;
  const svgs = [...fig.querySelectorAll('svg.recharts-surface')];
  const svg = svgs.sort((a, b) => area(b) - area(a))[0];
  const bars = [...svg.querySelectorAll('.recharts-bar-rectangle path')].filter((b) => area(b) > 0);
  const lines = [...svg.querySelectorAll('.recharts-line-curve')];
  return {
    width: Math.round(fig.getBoundingClientRect().right),
    bars: bars.length,
    lines: lines.filter((l) => (l.getAttribute('d') || '').length > 10).length,
    summary: (fig.querySelector('.sr-only')?.textContent || '').length,
  };
}"""


def drawn(page: Any, chart: str) -> dict[str, int]:
    """What the chart's svg holds (the largest svg: legends draw small ones): lines,
    bars of some size, and the length of its screen-reader summary."""
    page.get_by_test_id(chart).first.locator("svg.recharts-surface").first.wait_for()
    return dict(page.evaluate(DRAWN, chart))


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["375", "1280"])
def test_the_ar_dashboard_draws_the_three_charts_and_fits_a_phone(
    browser: Any, web: str, viewport: dict[str, int]
) -> None:
    page = as_demo_user(browser, web, "ar@seller.example", viewport)
    page.goto("/")
    settle(page)
    assert page.locator(".error").count() == 0, page.locator(".error").first.inner_text()
    seen = {chart: drawn(page, chart) for chart in CHARTS}
    assert seen["dso-chart"]["lines"] >= 1, seen
    assert seen["cash-chart"]["bars"] >= 3, seen  # collected and due over several months
    assert seen["exposure-chart"]["bars"] >= 4, seen  # exposure and limit, several customers
    assert all(s["summary"] > 20 for s in seen.values()), seen  # a sentence for screen readers
    assert page.get_by_test_id("exposure-chart").locator("tbody tr").count() <= 10
    if viewport is PHONE:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert all(s["width"] <= 375 for s in seen.values()), seen
    assert serious_axe_violations(page) == []
    shot(page, f"ar-dashboard-charts-{viewport['width']}")
    page.context.close()


def test_the_auditors_as_of_picker_redraws_the_trend_and_exposure(browser: Any, web: str) -> None:
    page = as_demo_user(browser, web, "auditor@seller.example", PHONE)
    page.goto("/")
    settle(page)
    for chart in CHARTS:
        drawn(page, chart)
    before = {c: page.get_by_test_id(c).first.inner_text() for c in ("dso-chart", "exposure-chart")}
    first = Client(web, "auditor@seller.example")(
        "{ ledgerEvents(first: 1) { edges { node { occurredAt } } } }"
    )["data"]["ledgerEvents"]["edges"][0]["node"]["occurredAt"]
    moment = datetime.fromisoformat(first) + timedelta(days=40)
    page.get_by_test_id("as-of").fill(moment.strftime("%Y-%m-%dT%H:%M"))
    page.wait_for_function(
        "t => document.querySelector('[data-testid=exposure-chart]')?.innerText !== t",
        arg=before["exposure-chart"],
    )
    settle(page)
    assert page.get_by_test_id("dso-chart").first.inner_text() != before["dso-chart"]
    label = moment.strftime("%b %Y")  # the trend now ends with the as-of month
    summary = page.get_by_test_id("dso-chart").first.locator(".sr-only").text_content()
    assert f"days in {label}" in summary, summary
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "auditor-dashboard-as-of-375")
    page.context.close()
