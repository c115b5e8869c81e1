"""Every page checks role and region: another region's case, task and documents are refused."""
import io

from tests.helpers.page_client import csrf, login, task_id
from tests.web.test_task_form__validation import start_case


def test_another_regions_case_task_and_document_are_refused(app, client, api):
    applicant, case_id = start_case(api)
    tid = task_id(applicant, "application", case_id)
    login(client, "app-yuncheng")
    page = client.get(f"/tasks/{tid}").data.decode()
    client.post(f"/tasks/{tid}", data={"csrf_token": csrf(page), "action": "draft",
                                       "upload__creation_plan": (io.BytesIO(b"%PDF-1.4 x"), "plan.pdf")},
                content_type="multipart/form-data")
    assert client.get(f"/cases/{case_id}").status_code == 200
    from models import Document
    with app.app_context():
        doc_id = Document.query.first().id
    client.post("/logout", data={"csrf_token": csrf(client.get("/inbox").data.decode())})

    for other in ("prov-chongqing", "app-yangpu", "expert1"):
        other_client = app.test_client()
        login(other_client, other)
        response = other_client.get(f"/cases/{case_id}")
        assert response.status_code == 403, other
        assert "其他地区" in response.data.decode()
        assert other_client.get(f"/tasks/{tid}").status_code == 403, other
        assert other_client.get(f"/documents/{doc_id}").status_code == 403, other
        assert str(case_id) not in other_client.get("/cases").data.decode().split("<main")[1].split("</h1>")[1] \
            or f"/cases/{case_id}\"" not in other_client.get("/cases").data.decode()

    own_province = app.test_client()
    login(own_province, "prov-shanxi")
    assert own_province.get(f"/cases/{case_id}").status_code == 200


def test_pages_of_one_role_are_refused_to_the_others(app, client):
    login(client, "app-yuncheng")
    assert client.get("/dashboard").status_code == 403
    assert client.get("/admin/clock").status_code == 403
    assert client.get("/rounds/1/recommendations").status_code == 403
    assert client.get("/account/password").status_code == 200
