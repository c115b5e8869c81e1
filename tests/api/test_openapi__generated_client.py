"""A Python client generated from the live /api/v1/openapi.json (openapi-python-client, into a
temporary directory: nothing generated is kept) drives a case from its application to the
creation approval, each role signing in for its own token, as another system would.

The client speaks to the app through httpx's WSGI transport: the same requests as over a
socket, without a server process.
"""

import importlib
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.helpers.api_journey import REGIONS
from tests.helpers.lifecycle_driver import application_form

CONFIG = """project_name_override: dzbpm-client
package_name_override: dzbpm_client
post_hooks: []
content_type_overrides:
  application/pdf: application/octet-stream
  application/xml: application/octet-stream
  text/csv: application/octet-stream
  application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: application/octet-stream
"""


@pytest.fixture(scope="module")
def generated(app, tmp_path_factory):
    """The generated package, imported from a temporary directory."""
    workdir = tmp_path_factory.mktemp("client")
    document = app.test_client().get("/api/v1/openapi.json")
    assert document.status_code == 200
    (workdir / "openapi.json").write_text(json.dumps(document.get_json()), encoding="utf-8")
    (workdir / "config.yaml").write_text(CONFIG, encoding="utf-8")
    generator = Path(sys.executable).with_name("openapi-python-client")
    done = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            "openapi.json",
            "--output-path",
            "out",
            "--config",
            "config.yaml",
            "--meta",
            "none",
            "--fail-on-warning",
        ],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (workdir / "pkg").mkdir()
    (workdir / "out").rename(workdir / "pkg" / "dzbpm_client")
    sys.path.insert(0, str(workdir / "pkg"))
    try:
        yield importlib.import_module("dzbpm_client")
    finally:
        sys.path.remove(str(workdir / "pkg"))
        for name in [m for m in sys.modules if m == "dzbpm_client" or m.startswith("dzbpm_client.")]:
            del sys.modules[name]


class Role:
    """One account speaking through the generated client with its own token."""

    def __init__(self, pkg, app, username):
        self.pkg, self.username = pkg, username
        transport = httpx.WSGITransport(app=app)
        anonymous = pkg.Client(base_url="http://localhost", httpx_args={"transport": transport})
        from dzbpm_client.api.api_auth import auth_token
        from dzbpm_client.models import TokenRequest

        answer = auth_token.sync_detailed(
            client=anonymous, body=TokenRequest(username=username, password="demo-password")
        )
        assert answer.status_code == 200, answer.content
        self.token = answer.parsed.token
        self.client = pkg.AuthenticatedClient(
            base_url="http://localhost", token=self.token, httpx_args={"transport": transport}
        )

    def open_task(self, name, case_id):
        from dzbpm_client.api.api_tasks import tasks_inbox

        inbox = tasks_inbox.sync_detailed(client=self.client, case_id=case_id, per_page=500)
        assert inbox.status_code == 200, inbox.content
        matching = [t for t in inbox.parsed.items if t.name == name]
        assert matching, f"{self.username} has no open task {name}"
        return matching[0]

    def complete(self, name, case_id, form):
        from dzbpm_client.api.api_tasks import tasks_complete
        from dzbpm_client.models import TasksCompleteBody

        task = self.open_task(name, case_id)
        answer = tasks_complete.sync_detailed(task.id, client=self.client, body=TasksCompleteBody.from_dict(form))
        assert answer.status_code == 200, answer.content
        return answer.parsed.case


def test_a_case_goes_from_application_to_creation_through_the_generated_client(app, generated):
    from dzbpm_client.api.api_cases import cases_get_case, cases_start_case
    from dzbpm_client.api.api_rounds import rounds_list_rounds, rounds_submit_recommendations
    from dzbpm_client.models import CaseStart, RecommendationList

    applicant = Role(generated, app, "app-yuncheng")
    province = Role(generated, app, REGIONS["app-yuncheng"])
    samr = Role(generated, app, "samr")
    assert len({applicant.token, province.token, samr.token}) == 3

    rounds = rounds_list_rounds.sync(client=applicant.client).items
    round_id = next(r.id for r in rounds if r.kind == "application")
    started = cases_start_case.sync_detailed(client=applicant.client, body=CaseStart(round_id=round_id))
    assert started.status_code == 201, started.content
    case_id = started.parsed.id

    case = applicant.complete("application", case_id, application_form(creation_period="P2Y"))
    assert case.stage != "application"
    province.complete("initial_review", case_id, {"decision": "pass"})
    listed = rounds_submit_recommendations.sync_detailed(
        round_id,
        client=province.client,
        body=RecommendationList.from_dict(
            {"items": [{"case_id": case_id, "decision": "recommend", "rank": 1, "reasons": "择优推荐。"}]}
        ),
    )
    assert listed.status_code == 200, listed.content

    active = {t.name for t in cases_get_case.sync(case_id, client=samr.client).active_tasks}
    if "period_exception" in active:
        samr.complete("period_exception", case_id, {"decision": "grant", "reasons": "任务量大。"})
    case = samr.complete("creation_approval", case_id, {"decision": "approve", "reasons": "研究决定。"})
    assert (case.stage, case.status) == ("creation", "active")


def test_the_generated_client_reads_refusals_in_the_error_shape(app, generated):
    """A province may not start a case: the client parses the 403 as the document's Error."""
    from dzbpm_client.api.api_cases import cases_start_case
    from dzbpm_client.models import CaseStart, Error

    province = Role(generated, app, "prov-shanxi")
    refused = cases_start_case.sync_detailed(client=province.client, body=CaseStart(round_id=1))
    assert refused.status_code == 403
    assert isinstance(refused.parsed, Error) and refused.parsed.error.code == "forbidden"
