"""Art 24: every case records the management measures it started under — the 2022 trial
measures or the current ones — keeps them when the measures change, and shows them on its
page and in the API."""
import pytest

from engine.config import configure, settings
from tests.helpers.api_journey import apply
from tests.helpers.page_client import login

TRIAL = "《网络市场监管与服务示范区创建管理办法（试行）》（2022年4月26日印发）"
CURRENT = "《网络市场监管与服务示范区创建管理办法》"


@pytest.fixture
def measures():
    """Sets the measures new cases start under, as MEASURES does at start; restored after."""
    before = settings.measures
    yield lambda key: configure(measures=key)
    configure(measures=before)


def case(api, case_id):
    return api("samr").get(f"/api/v1/cases/{case_id}").get_json()


def test_a_case_keeps_the_measures_it_started_under(api, client, measures):
    measures("2022-trial")
    early = apply(api("app-yuncheng"))
    measures("2024")
    late = apply(api("app-yongchuan"))
    assert (case(api, early)["measures"], case(api, early)["measures_title"]) == ("2022-trial", TRIAL)
    assert (case(api, late)["measures"], case(api, late)["measures_title"]) == ("2024", CURRENT)
    page = login(client, "samr").get(f"/cases/{early}").data.decode()
    assert "适用办法" in page and TRIAL in page
    history = case(api, early)["history"]
    assert [h["detail"]["measures"] for h in history if h["action"] == "case_started"] == ["2022-trial"]


def test_by_default_cases_run_under_the_current_measures(api):
    assert case(api, apply(api("app-yuncheng")))["measures"] == "2024"
