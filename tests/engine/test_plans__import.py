"""Reading and checking plan sheets without a database: CSV (UTF-8, GB18030, Chinese headers,
blank lines), xlsx with two sheets, every bad cell reported by row, aliases only in-region."""
from datetime import date
from types import SimpleNamespace

import pytest

from engine.errors import InvalidInput, NotFound
from engine.plans import examples, importing

REGION = SimpleNamespace(name="永川区")
UNITS = [SimpleNamespace(id=1, code="yongchuan-commerce", name="永川区商务委"),
         SimpleNamespace(id=2, code="yongchuan-statistics", name="永川区统计局"),
         SimpleNamespace(id=3, code="yongchuan-new-city", name="永川区新城建管委")]
SYSTEM = SimpleNamespace(indicators=[{"number": n} for n in range(1, 42)])


def resolver():
    return importing.UnitResolver(REGION, UNITS)


def test_csv_with_chinese_headers_gb18030_and_blank_lines():
    text = "序号,任务名称,牵头单位,责任单位,关联指标,完成时限\n1,建设基地,区商务委,永川区统计局；永川区新城建管委,1;2,2025-06-30\n,,,,,\n"
    sheets = importing.read(text.encode("gb18030"), "方案.csv")
    rows = importing.check(sheets, resolver(), SYSTEM)["tasks"]
    assert len(rows) == 1
    task = rows[0]
    assert [(o.name, role) for o, role in task["units"]] == [
        ("永川区商务委", "lead"), ("永川区统计局", "responsible"), ("永川区新城建管委", "responsible")]
    assert task["indicators"] == [1, 2]
    assert task["due_at"].date() == date(2025, 6, 30) and task["due_at"].utcoffset().total_seconds() == 8 * 3600


def test_every_bad_cell_is_reported_with_its_row():
    text = ("number,title,lead_unit,responsible_units,indicators,milestones\n"
            "1,甲,永川区商务委,永川区商务委,1,\n"        # row 2: lead also responsible → accepted (lead covers it)
            "2,乙,运城市商务局,,x;50,\n"                 # row 3: unknown unit, bad and unknown indicator
            "3,丙,,永川区统计局;永川区统计局,,明年 验收\n"  # row 4: unit twice, bad milestone
            "2,丁,,,,\n")                               # row 5: number repeats row 3
    with pytest.raises(InvalidInput) as caught:
        importing.check(importing.read(text.encode(), "p.csv"), resolver(), SYSTEM)
    fields = caught.value.fields
    assert sorted(fields) == ["row 3.indicators", "row 3.lead_unit", "row 4.milestones",
                              "row 4.responsible_units", "row 5.number"]
    assert fields["row 3.indicators"] == ["row 3: indicator 'x' is not a number",
                                          "row 3: indicator 50 is not in the case's indicator system"]
    assert "rows 3, 4, 5" in caught.value.message and "nothing was imported" in caught.value.message


def test_required_columns_and_empty_files():
    with pytest.raises(InvalidInput) as caught:
        importing.check(importing.read(b"number,title\n", "p.csv"), resolver(), SYSTEM)
    assert "file" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        importing.check(importing.read(b"title\n\xe7\x94\xb2\n", "p.csv"), resolver(), SYSTEM)
    assert caught.value.fields == {"row 2.number": ["row 2: number is required"]}
    with pytest.raises(InvalidInput):
        importing.read(b"PK\x03\x04 not really a zip", "p.xlsx")
    with pytest.raises(InvalidInput):
        importing.read(b"anything", "plan.pdf")


def test_xlsx_with_an_indicator_sheet_links_tasks_both_ways():
    content = importing.to_xlsx([
        ("tasks", ("number", "title", "lead_unit"), [{"number": "1", "title": "甲", "lead_unit": "永川区商务委"},
                                                     {"number": "2", "title": "乙", "lead_unit": "永川区统计局"}]),
        ("indicators", ("indicator_number", "lead_unit", "responsible_units", "tasks"),
         [{"indicator_number": "7", "lead_unit": "永川区商务委", "responsible_units": "-", "tasks": "1;2"},
          {"indicator_number": "8", "lead_unit": "永川区统计局", "responsible_units": "", "tasks": "9"}])])
    with pytest.raises(InvalidInput) as caught:
        importing.check(importing.read(content, "p.xlsx"), resolver(), SYSTEM)
    assert caught.value.fields == {"indicators row 3.tasks": ["row 3: task 9 is not in the tasks sheet"]}


def test_aliases_resolve_only_inside_the_region():
    assert resolver()("区商务委").name == "永川区商务委"
    assert resolver()("yongchuan-commerce").name == "永川区商务委"
    assert resolver()("市商务局") is None  # Yuncheng's and Yuzhou's alias, not Yongchuan's


def test_the_example_files_are_the_seeds():
    catalogue = {e["key"]: e for e in examples.catalogue()}
    assert (catalogue["yongchuan"]["tasks"], catalogue["yongchuan"]["indicators"]) == (24, 41)
    assert (catalogue["yuncheng"]["tasks"], catalogue["yuncheng"]["indicators"]) == (22, 0)
    sheets = importing.read(examples.workbook("yongchuan"), "yongchuan.xlsx")
    assert (len(sheets["tasks"]), len(sheets["indicators"])) == (24, 41)
    assert sheets["tasks"][0][1]["title"] == "加快电子商务产业园提质升级"
    with pytest.raises(NotFound):
        examples.get("nowhere")


def test_oversized_sheets_are_refused_while_reading():
    rows = "number,title\n" + "".join(f"{n},任务{n}\n" for n in range(1, importing.MAX_ROWS + 2))
    with pytest.raises(InvalidInput) as caught:
        importing.read(rows.encode(), "big.csv")
    assert "more than" in caught.value.fields["file"][0]
    many = [{"number": str(n), "title": "t"} for n in range(1, importing.MAX_ROWS + 2)]
    with pytest.raises(InvalidInput):
        importing.read(importing.to_xlsx([("tasks", ("number", "title"), many)]), "big.xlsx")
