"""axe-core (npm, node_modules/axe-core) run inside the page a browser test is looking at.

`page.add_script_tag` would insert an inline <script>, which the pages' Content-Security-Policy
blocks (and the tests' CSP watch would fail on); the script's source is evaluated through
Playwright instead, which the policy does not govern, so the page is checked as it is served."""
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`)}));
}"""


def violations(page):
    """Every violation axe-core finds on the page, of any impact."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    return page.evaluate(RUN)


def assert_accessible(page, name):
    """No serious or critical violation on the page `name` (the message lists where)."""
    found = [v for v in violations(page) if v["impact"] in BLOCKING]
    lines = [f"{v['impact']} {v['id']} ({v['help']}):\n    " + "\n    ".join(v["nodes"]) for v in found]
    assert not found, f"{name} ({page.url}) has accessibility violations:\n" + "\n".join(lines)


def assert_fits(page, name):
    """Nothing wider than the window: no horizontal scrolling (checked on a phone's width)."""
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"{name} ({page.url}) scrolls sideways: {widths[0]} px content in {widths[1]} px"
