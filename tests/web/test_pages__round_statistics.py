"""The round's figures on its statistics page and the dashboard, and the .xlsx export from
the round page: SAMR sees every province, a province its own, an applicant nothing."""
import re
from io import BytesIO

from openpyxl import load_workbook

from tests.helpers.api_journey import round_at_four_points
from tests.helpers.page_client import login


def cells(html, key):
    """The figures of one table row (data-province / data-zone / data-total) as ints."""
    row = re.search(rf'<tr {key}[^>]*>(.*?)</tr>', html, re.S).group(1)
    return [int(v) for v in re.findall(r'data-(?:milestone|outcome)="[a-z_]+">(\d+)<', row)]


def test_samr_reads_the_figures_and_exports_the_round(app, client, api):
    rid, _ = round_at_four_points(api)
    login(client, "samr")
    page = client.get(f"/rounds/{rid}/statistics").data.decode()
    assert "各省进度" in page and "各区域进度" in page
    # applied, reviewed, recommended, approved; then withdrawn, rejected, not recommended, declined
    assert cells(page, "data-total") == [4, 2, 1, 1, 0, 0, 1, 0]
    assert cells(page, 'data-zone="central"')[:2] == [2, 1]
    assert cells(page, 'data-province="河南省市场监督管理局"')[:2] == [1, 0]

    dashboard = client.get(f"/dashboard?round={rid}").data.decode()
    assert "批次统计" in dashboard and cells(dashboard, "data-total")[:4] == [4, 2, 1, 1]
    round_page = client.get(f"/rounds/{rid}").data.decode()
    assert f"/rounds/{rid}/cases.xlsx" in round_page
    export = client.get(f"/rounds/{rid}/cases.xlsx")
    assert export.status_code == 200 and "attachment" in export.headers["Content-Disposition"]
    assert len(list(load_workbook(BytesIO(export.data)).worksheets[0].values)) == 1 + 4


def test_a_province_reads_its_own_and_an_applicant_is_refused(app, client, api):
    rid, _ = round_at_four_points(api)
    login(client, "prov-henan")
    page = client.get(f"/rounds/{rid}/statistics").data.decode()
    assert "河南省市场监督管理局" in page and "山西省市场监督管理局" not in page
    assert cells(page, "data-total")[:1] == [1]
    applicant = app.test_client()
    login(applicant, "app-yuncheng")
    assert applicant.get(f"/rounds/{rid}/statistics").status_code == 403
    assert applicant.get(f"/rounds/{rid}/cases.xlsx").status_code == 403
    assert f"/rounds/{rid}/cases.xlsx" not in applicant.get(f"/rounds/{rid}").data.decode()
