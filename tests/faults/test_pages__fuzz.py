"""Fuzzing the HTML pages (hypothesis): every GET route of app.url_map, as each role and
anonymously, with generated query arguments — huge and negative numbers, `1e999`,
control and text-direction characters, other scripts, very long values — and generated
path segments, never meets a 5xx.

The argument names are the ones the pages read (found in web/ by their `args.get`,
`values.get` and `inputs.whole` calls) plus generated ones; the path ids are either
generated or ones that exist — a case in creation with its plan, a task, a document, a
report with evidence, the round, a definition — so that the arguments reach the code
behind the lookups too. Bounded and derandomized: MAX_EXAMPLES per route.
"""
import io
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from models import Document
from models.plans import PlanEvidence
from tests.helpers.api_journey import open_task
from tests.helpers.page_client import login
from tests.helpers.plan_imports import case_in_creation, import_example

pytestmark = pytest.mark.faults

MAX_EXAMPLES = 12
ROLES = (None, "samr", "admin", "app-yongchuan", "prov-chongqing", "unit-yongchuan-commerce", "expert1")
WEB = Path(__file__).resolve().parents[2] / "web"
READ = re.compile(r"""(?:args|values|form)\.(?:get|getlist)\(\s*["'](\w+)["']|whole\(\s*["'](\w+)["']""")
HUGE = str(2**70)
HOSTILE = ["", "0", "-1", str(2**31), str(2**63), HUGE, f"-{HUGE}", "1e999", "NaN", "1_000", " 7 ",
           "\x00", "\x1b[31m", "\u202e", "\u2066x\u2069", "\ufeff", "𠀀👍", "نعم", "9" * 5000, "长" * 3000,
           "../../etc/passwd", "<script>alert(1)</script>", "%", "doc:1", "P99999999999999Y", "2090-01-01"]
CHARACTERS = st.characters(blacklist_categories=("Cs",))  # a URL cannot carry a lone surrogate
PARAMETER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def argument_names():
    """The query and form argument names the pages read, from their source."""
    names = {"page", "lang", "next"}
    for source in WEB.rglob("*.py"):
        names |= {a or b for a, b in READ.findall(source.read_text(encoding="utf-8"))}
    return sorted(names)


NAMES = argument_names()
VALUES = st.one_of(st.sampled_from(HOSTILE), st.integers(-2**80, 2**80).map(str),
                   st.text(CHARACTERS, max_size=40))
QUERIES = st.dictionaries(st.one_of(st.sampled_from(NAMES), st.text(CHARACTERS, min_size=1, max_size=12)),
                          VALUES, max_size=4)


def get_routes(app):
    return sorted({r.rule for r in app.url_map.iter_rules()
                   if "GET" in r.methods and not r.rule.startswith(("/api/", "/static"))})


def test_argument_names_are_found():
    assert {"page", "case", "round", "region", "stage", "definition_id", "status"} <= set(NAMES)


@pytest.fixture
def known(app, api):
    """Ids of objects that exist, by the name of the path parameter that holds them."""
    journey = case_in_creation(api, app)
    office = journey.applicant
    import_example(office, journey.case_id, "yongchuan", cadence="P3M")
    unit = api("unit-yongchuan-commerce")
    report = unit.get("/api/v1/plan-work?per_page=1").get_json()["items"][0]
    unit.client.post(f"/api/v1/plan-work/{report['id']}/evidence", headers=unit.headers,
                     data={"file": (io.BytesIO(b"%PDF-1.4 photo"), "照片.pdf")}, content_type="multipart/form-data")
    task = open_task(office, journey.active()[0], journey.case_id)
    with app.app_context():
        from engine.casework import documents
        from models import Case, User, db
        user = User.query.filter_by(username="app-yongchuan").one()
        documents.store(user, db.session.get(Case, journey.case_id), io.BytesIO(b"%PDF-1.4 x"), "方案.pdf",
                        app.config["FILES_DIR"])
        db.session.commit()
        ids = {"document_id": Document.query.first().id, "evidence_id": PlanEvidence.query.first().id}
    definition = journey.samr.get("/api/v1/definitions").get_json()["items"][0]
    return {**ids, "case_id": journey.case_id, "task_id": task["id"], "report_id": report["id"], "number": 1,
            "definition_id": definition["id"], "round_id": office.get("/api/v1/rounds").get_json()["items"][0]["id"]}


@pytest.fixture
def clients(app):
    result = []
    for user in ROLES:
        client = app.test_client()
        if user:
            login(client, user)
        result.append(client)
    return result


def path_values(rule, known):
    """A strategy of {parameter: text} for the rule's path: known ids, generated numbers, text."""
    strategies = {}
    for converter, name in PARAMETER.findall(rule):
        if converter == "int":
            strategies[name] = st.one_of(st.just(known.get(name, 1)), st.integers(0, 2**70)).map(str)
        else:
            strategies[name] = st.one_of(st.sampled_from(["walking_skeleton.bpmn", "bpmn-js", "x.js", "zone_lifecycle"]),
                                         st.text(CHARACTERS, min_size=1, max_size=40))
    return st.fixed_dictionaries(strategies)


def url(rule, values):
    def fill(match):
        safe = "/" if match.group(1) == "path" else ""
        return quote(values[match.group(2)], safe=safe)
    return PARAMETER.sub(fill, rule)


def fuzz_route(rule, known, clients):
    everything = dict.fromkeys(NAMES, HUGE)  # first, every argument at once out of range
    ids = {k: str(v) for k, v in known.items()} | {"name": "x", "lib": "x", "filename": "x",
                                                    "key": "zone_lifecycle", "attachment_id": "1"}
    for client in clients:
        response = client.get(url(rule, ids), query_string=everything)
        assert response.status_code < 500, (rule, response.status_code)

    @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(path=path_values(rule, known), query=QUERIES)
    def fuzz(path, query):
        for role, client in zip(ROLES, clients, strict=True):
            response = client.get(url(rule, path), query_string=query)
            assert response.status_code < 500, (rule, role, path, query, response.status_code)

    fuzz()


def test_every_page_answers_hostile_arguments_without_a_server_error(app, known, clients):
    routes = get_routes(app)
    assert len(routes) > 25
    for rule in routes:
        fuzz_route(rule, known, clients)
