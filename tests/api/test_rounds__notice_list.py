"""Art 15 as SAMR does it: one public notice per evaluation round listing every passed region,
with SAMR's title and text and one document number, each region's 15 days running."""
from io import BytesIO

from pypdf import PdfReader

from tests.helpers.api_journey import NOTICE, evaluated_round


def test_samr_puts_three_regions_on_one_notice_with_one_number(api):
    samr = api("samr")
    rid, journeys = evaluated_round(api)
    pending = samr.get(f"/api/v1/rounds/{rid}/notices").get_json()
    assert sorted(p["case_id"] for p in pending["items"]) == sorted(j.case_id for j in journeys)

    items = [{"case_id": j.case_id} for j in journeys]
    missing = samr.post(f"/api/v1/rounds/{rid}/notices", json={"items": items, "title": NOTICE["title"]})
    assert missing.status_code == 400 and "text" in missing.get_json()["error"]["fields"]
    assert {j.stage for j in journeys} == {"evaluation"}  # nothing published

    response = samr.post(f"/api/v1/rounds/{rid}/notices", json={"items": items, **NOTICE})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["kind"] == "public_notice"
    assert {j.stage for j in journeys} == {"public_notice"}
    notices = api("app-yuncheng").get("/api/v1/public/notices").get_json()["items"]
    assert len(notices) == 3 and len({n["document_number"] for n in notices}) == 1  # one notice, one 文号
    regions = sorted(r["region_name"] for r in notices[0]["regions"])
    assert regions == sorted(["运城市", "永川区", "杨浦区"])
    assert (notices[0]["title"], notices[0]["text"]) == (NOTICE["title"], NOTICE["text"])

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(
        samr.get(notices[0]["url"]).data)).pages)
    assert notices[0]["document_number"] in text and all(name in text for name in regions)

    again = samr.post(f"/api/v1/rounds/{rid}/notices", json={"items": items, **NOTICE})
    assert again.status_code == 400 and "items" in again.get_json()["error"]["fields"]
    decisions = samr.get(f"/api/v1/rounds/{rid}/decisions").get_json()["items"]
    assert [(d["kind"], len(d["items"])) for d in decisions] == [("public_notice", 3)]

    journeys[0].advance("P16D")  # fifteen days pass for every region on it
    assert samr.get(f"/api/v1/rounds/{rid}/certifications").get_json()["total"] == 3


def test_only_samr_publishes_and_only_on_an_evaluation_round(api):
    rid, journeys = evaluated_round(api)
    items = [{"case_id": journeys[0].case_id}]
    assert api("prov-shanxi").post(f"/api/v1/rounds/{rid}/notices", json={"items": items, **NOTICE}).status_code == 403
    application_round = journeys[0].case["round_id"]
    assert api("samr").get(f"/api/v1/rounds/{application_round}/notices").status_code == 404
    late = journeys[0].publish()  # published on its own task: a list of one
    decisions = api("samr").get(f"/api/v1/rounds/{rid}/decisions").get_json()["items"]
    assert [(d["kind"], [i["case_id"] for i in d["items"]]) for d in decisions] == [("public_notice", [late.case_id])]
