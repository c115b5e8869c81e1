"""Every diagram of bpmn/ as the definition page draws it (bpmn-js viewer): no label over a
shape, across a flow or over another label, no flow through a shape or along another flow,
no task name out of its box, every shape and label inside its lane — measured on the
rendered SVG. A screenshot of each goes to test-output/screenshots/diagram-<name>.png for
review; docs/images/zone_lifecycle.png (the README's picture) is the lifecycle's."""
from pathlib import Path

import pytest

from engine.definitions import registry
from engine.runtime import trail
from tests.helpers import diagram_layout
from tests.helpers.browser_people import SCREENSHOTS
from tests.web.test_browser__inbox import log_in

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
DIAGRAMS = sorted(p.name for p in (ROOT / "bpmn").glob("*.bpmn"))
# The canvas grown to the diagram (at most 2400 px wide), so labels are read at their size.
FIT = """() => {
  const container = document.getElementById('canvas'), canvas = container.viewer.get('canvas');
  const inner = canvas.viewbox().inner, scale = Math.min(1, 2360 / inner.width);
  container.style.width = Math.ceil(inner.width * scale + 40) + 'px';
  container.style.height = Math.ceil(inner.height * scale + 40) + 'px';
  canvas.resized();
  canvas.zoom(canvas.zoom('fit-viewport', 'auto') * 0.97, 'auto');
}"""


@pytest.fixture(scope="module")
def bundles(app):
    """Which deployed version carries each file (a bundle carries every file it deployed with)."""
    with app.app_context():
        found = {}
        for key in ("zone_lifecycle", "walking_skeleton"):
            definition = registry.latest(key)
            for name in trail.sources(definition):
                found.setdefault(name, (definition.id, trail.source(definition, name)))
    return found


def test_every_diagram_is_deployed_as_it_is_in_bpmn(bundles):
    for name in DIAGRAMS:
        assert name in bundles, name
        assert bundles[name][1] == (ROOT / "bpmn" / name).read_text(encoding="utf-8"), name


@pytest.mark.parametrize("name", DIAGRAMS)
def test_the_diagram_reads_clearly_in_the_viewer(page, live_server, bundles, name):
    page.set_viewport_size({"width": 2460, "height": 1400})
    log_in(page, live_server, "admin")
    page.wait_for_url(f"{live_server}/inbox")
    definition_id, xml = bundles[name]
    page.goto(f"{live_server}/admin/definitions/{definition_id}?file={name}")
    page.wait_for_selector('#canvas[data-ready="yes"]', timeout=15000)
    page.evaluate(FIT)
    measured = page.evaluate(diagram_layout.MEASURE)
    assert measured["labels"] and measured["shapes"] and measured["flows"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#canvas").screenshot(path=str(SCREENSHOTS / f"diagram-{Path(name).stem}.png"))
    assert diagram_layout.problems(measured, xml.encode("utf-8")) == []

