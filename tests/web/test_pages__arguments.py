"""Page arguments under the input policy (web/inputs.py): a number out of range or not a
number is a 400 that names the argument in the user's language, an empty one is absent;
hidden characters in a query are refused; form fields read numbers and JSON within bounds."""
import pytest
from werkzeug.datastructures import MultiDict

from tests.helpers.page_client import login
from web.pages import form_ui


@pytest.mark.parametrize("query", ["page=abc", "page=-3", "page=0", f"page={2**31}", f"case={2**70}",
                                   "round=1.5", "region=" + "9" * 5000])
def test_a_number_argument_out_of_range_names_itself(client, query):
    login(client, "prov-shanxi")
    response = client.get(f"/inbox?{query}")
    assert response.status_code == 400
    name = query.split("=")[0]
    assert f"参数 {name} 须为 1 至 2147483647 之间的整数" in response.data.decode()


def test_empty_and_valid_number_arguments_are_taken(client):
    login(client, "prov-shanxi")
    for query in ("page=", "page=1&case=&round=", "page=2", "case=12345"):
        assert client.get(f"/inbox?{query}").status_code == 200, query


def test_hidden_characters_in_a_query_are_refused(client):
    login(client, "samr")
    response = client.get("/cases?stage=%E2%80%AEnoitaerc")
    assert response.status_code == 400 and "参数 stage 含有控制字符或文字方向字符" in response.data.decode()


def test_form_fields_read_finite_numbers_and_bounded_json(app):
    schema = {"properties": {"amount": {"type": "number"}, "extra": {"type": "object"}}}
    with app.test_request_context("/"):
        for raw in ("1e999", "nan", "-inf"):
            data, errors = form_ui.parse(schema, MultiDict({"amount": raw}))
            assert data == {} and errors == {"amount": ["请输入数字。"]}, raw
        data, errors = form_ui.parse(schema, MultiDict({"amount": "12.5", "extra": '{"a": [1, 2]}'}))
        assert data == {"amount": 12.5, "extra": {"a": [1, 2]}} and errors == {}
        _, errors = form_ui.parse(schema, MultiDict({"extra": "[" * 100_000}))
        assert errors == {"extra": ["该值嵌套过深或内容过多。"]}
        _, errors = form_ui.parse(schema, MultiDict({"extra": '{"a": NaN}'}))
        assert errors == {"extra": ["该值嵌套过深或内容过多。"]}
