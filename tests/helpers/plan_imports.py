"""Helpers for the plan tests: a case in creation with an example plan imported, and
the seed figures the imports are checked against."""
import csv
import io
import json
from pathlib import Path

from tests.helpers.api_journey import Journey

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "plans"


def seed_rows(name):
    with open(SEEDS / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def seed_units(rows):
    """(distinct units, task–unit assignments) named by a plan CSV."""
    pairs = {(r["number"], u) for r in rows
             for u in (r["lead_unit"] + ";" + r["responsible_units"]).split(";") if u}
    return {u for _, u in pairs}, pairs


def case_in_creation(api, app, applicant="app-yongchuan"):
    """A case approved for creation through the API, scored under the system then current
    (the 2024 draft): plans linking other systems are mapped onto it, never the reverse."""
    journey = Journey(api, applicant).to_creation()
    assert journey.stage == "creation"
    return journey


def import_example(user, case_id, key, **extra):
    response = user.post(f"/api/v1/cases/{case_id}/plan/import", json={"example": key, **extra})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def upload(user, case_id, content, filename="plan.csv", query="", **form):
    data = {"file": (io.BytesIO(content), filename), **form}
    return user.client.post(f"/api/v1/cases/{case_id}/plan/import{query}", data=data, headers=user.headers,
                            content_type="multipart/form-data")


def mapping(source="2022-trial", target="2024-draft"):
    """{source indicator: [target indicators]} as bpmn/indicators/mappings/ has it."""
    path = SEEDS.parents[1] / "bpmn" / "indicators" / "mappings" / f"{source}__{target}.json"
    return {x["from"]: x["to"] for x in json.loads(path.read_text(encoding="utf-8"))["links"]}
