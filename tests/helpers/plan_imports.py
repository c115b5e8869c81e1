"""Helpers for the plan tests: a case in creation with an example plan imported, and
the seed figures the imports are checked against."""
import csv
import io
from pathlib import Path

from sqlalchemy import text

from models import db
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


def under_system(case_id, key):
    """Score a case under another indicator system (as if approved while it was current)."""
    from models import Case
    if hasattr(Case, "indicator_system"):
        db.session.execute(text("UPDATE cases SET indicator_system = :k WHERE id = :id"), {"k": key, "id": case_id})
        db.session.commit()


def case_in_creation(api, app, applicant="app-yongchuan", system=None):
    journey = Journey(api, applicant).to_creation()
    assert journey.stage == "creation"
    if system:
        with app.app_context():
            under_system(journey.case_id, system)
    return journey


def import_example(user, case_id, key, **extra):
    response = user.post(f"/api/v1/cases/{case_id}/plan/import", json={"example": key, **extra})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def upload(user, case_id, content, filename="plan.csv", **form):
    data = {"file": (io.BytesIO(content), filename), **form}
    return user.client.post(f"/api/v1/cases/{case_id}/plan/import", data=data, headers=user.headers,
                            content_type="multipart/form-data")
