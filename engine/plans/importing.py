"""Creation plans from spreadsheets: read xlsx or CSV, check every row, report row numbers.

A workbook has a `tasks` sheet (the first sheet) and optionally an `indicators` sheet (an
indicator decomposition: indicator → lead and responsible units → tasks). CSV carries one
sheet per file. Row numbers are the spreadsheet's own: the header is row 1.

`check` either returns clean rows or raises InvalidInput listing every bad cell, so the
caller writes nothing unless the whole sheet is good (no half-imported plan).
"""
import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeAlias

from engine import archives, text
from engine.clock import CHINA
from engine.errors import InvalidInput, Text
from engine.scoring.indicators import IndicatorSystem
from models import Org

# member units are matched by their names and the aliases the seeds give them
ORGS = Path(__file__).resolve().parents[2] / "seeds" / "orgs.json"

TASK_COLUMNS = ("number", "title", "description", "lead_unit", "responsible_units", "indicators",
                "horizon", "due_date", "milestones", "section")
INDICATOR_COLUMNS = ("indicator_number", "lead_unit", "responsible_units", "tasks", "measures")
REQUIRED = {"tasks": ("number", "title"), "indicators": ("indicator_number",)}
# Headers people write in Chinese templates map to the same columns.
HEADER_ALIASES = {"序号": "number", "编号": "number", "任务": "title", "任务名称": "title",
                  "具体举措": "description", "任务内容": "description", "牵头单位": "lead_unit",
                  "责任单位": "responsible_units", "关联指标": "indicators", "时限": "horizon",
                  "完成时限": "due_date", "节点": "milestones", "里程碑": "milestones", "分组": "section",
                  "指标序号": "indicator_number", "对应任务": "tasks", "保障措施": "measures"}
MAX_ROWS = 2000
MAX_UNPACKED = 32 * 1024 * 1024  # 2000 rows × 40 columns of long texts unpack to far less
MAX_COLUMNS = 40
SEPARATORS = (";", "；", "\n")
Rows: TypeAlias = list[tuple[int, dict[str, str]]]  # [(spreadsheet row number, {column: text})]


def _problem(problems: dict[str, list[str]], sheet: str, row: int, column: str | None, message: str) -> None:
    key = f"row {row}" if sheet == "tasks" else f"indicators row {row}"
    problems.setdefault(f"{key}.{column}" if column else key, []).append(f"row {row}: {message}")


# ---------------------------------------------------------------- reading
def read(content: bytes, filename: str | None) -> dict[str, Rows]:
    """{sheet name: [(row number, {column: text})]} from an xlsx or CSV file."""
    name = (filename or "").lower()
    if name.endswith(".xlsx") or content[:2] == b"PK":
        archives.check(content, filename or "plan.xlsx", max_bytes=MAX_UNPACKED)  # before openpyxl
        return _read_xlsx(content)
    if name.endswith(".csv") or name.endswith(".txt") or not name:
        return {"tasks": _read_csv(content)}
    raise InvalidInput("send an .xlsx or .csv file", fields={"file": ["expected .xlsx or .csv"]})


def _read_csv(content: bytes) -> Rows:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("gb18030")
        except UnicodeDecodeError:
            raise InvalidInput("the CSV file is neither UTF-8 nor GB18030",
                               fields={"file": ["unreadable encoding"]}) from None
    rows = []
    for row in csv.reader(io.StringIO(text)):
        rows.append(row[:MAX_COLUMNS])
        if len(rows) > MAX_ROWS + 1:
            raise InvalidInput("at most {max_rows} rows", fields={"file": [Text("more than {max_rows} rows", max_rows=MAX_ROWS)]}, max_rows=MAX_ROWS)
    return _table(rows)


def _read_xlsx(content: bytes) -> dict[str, Rows]:
    from openpyxl import load_workbook
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors alike
        raise InvalidInput("not a readable xlsx workbook ({name})",
                           fields={"file": ["not a readable xlsx workbook"]}, name=type(exc).__name__) from None
    sheets = {}
    for i, ws in enumerate(book.worksheets):
        title = ws.title.strip().lower()
        key = "indicators" if title in ("indicators", "指标分解") else ("tasks" if i == 0 or title in (
            "tasks", "任务") else None)
        if key and key not in sheets:
            rows = []
            for row in ws.iter_rows(max_col=MAX_COLUMNS, values_only=True):  # streamed, bounded
                rows.append(list(row))
                if len(rows) > MAX_ROWS + 1:
                    raise InvalidInput("at most {max_rows} rows", fields={"file": [Text("more than {max_rows} rows", max_rows=MAX_ROWS)]}, max_rows=MAX_ROWS)
            sheets[key] = _table(rows)
    book.close()
    return sheets


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(rows: list[list[Any]]) -> Rows:
    rows = [[_cell(v) for v in r] for r in rows]
    while rows and not any(rows[0]):
        rows.pop(0)
    if not rows:
        return []
    header = [HEADER_ALIASES.get(h.strip(), h.strip().lower()) for h in rows[0]]
    out = []
    for number, values in enumerate(rows[1:], start=2):
        if not any(values):
            continue  # blank lines are not rows
        out.append((number, {h: (values[i] if i < len(values) else "") for i, h in enumerate(header) if h}))
    return out


# ---------------------------------------------------------------- checking
def split(text: str) -> list[str]:
    for sep in SEPARATORS[1:]:
        text = text.replace(sep, SEPARATORS[0])
    return [p.strip() for p in text.split(SEPARATORS[0]) if p.strip() and p.strip() not in ("-", "——")]


class UnitResolver:
    """Names to member units, inside one region only: canonical name, code, or a seed alias."""

    def __init__(self, region: Org, units: Iterable[Org]) -> None:
        self.region = region
        self.by_key: dict[str, Org] = {}
        aliases = _aliases()
        for org in units:
            for key in (org.name, org.code, *aliases.get(org.code, ())):
                self.by_key.setdefault(key, org)

    def __call__(self, name: str) -> Org | None:
        return self.by_key.get(name.strip())


def _aliases() -> dict[str, list[str]]:
    try:
        return {o["code"]: o.get("aliases", []) for o in json.loads(ORGS.read_text(encoding="utf-8"))["orgs"]}
    except (OSError, ValueError, KeyError):
        return {}


def _due(text: str) -> datetime:
    """A date (YYYY-MM-DD) means the end of that day in Beijing."""
    return datetime.combine(date.fromisoformat(text[:10]), time(23, 59, 59), CHINA)


def _milestones(text: str) -> list[dict[str, str]]:
    out = []
    for part in split(text):
        when, _, title = part.partition(" ")
        _due(when)  # raises ValueError on a bad date
        out.append({"due": when[:10], "title": title.strip()})
    return out


def check(sheets: dict[str, Rows], resolve: UnitResolver,
          system: IndicatorSystem | None = None) -> dict[str, list[dict[str, Any]]]:
    """Clean rows or InvalidInput: {"tasks": [...], "indicators": [...]}."""
    problems: dict[str, list[str]] = {}
    task_rows = sheets.get("tasks") or []
    if not task_rows:
        raise InvalidInput("the sheet has no task rows", fields={"file": ["no task rows below the header"]})
    if len(task_rows) > MAX_ROWS:
        raise InvalidInput("at most {max_rows} rows", fields={"file": [Text("more than {max_rows} rows", max_rows=MAX_ROWS)]}, max_rows=MAX_ROWS)
    indicator_numbers = {i["number"] for i in system.indicators} if system else None
    seen: dict[str, int]
    tasks, seen = [], {}
    for row, values in task_rows:
        task = _check_task(problems, row, values, resolve, indicator_numbers, seen)
        if task:
            tasks.append(task)
    indicators = []
    for row, values in sheets.get("indicators") or []:
        item = _check_indicator(problems, row, values, resolve, indicator_numbers, seen)
        if item:
            indicators.append(item)
    if problems:
        rows = sorted({int(k.split(" ")[-1].split(".")[0]) for k in problems if "row" in k})
        raise InvalidInput("{count} problem(s) in rows {str}; nothing was imported",
                           fields=problems, count=len(problems), str=', '.join(map(str, rows)))
    return {"tasks": tasks, "indicators": indicators}


def _check_text(bad: Callable[[str, str], None], values: dict[str, str]) -> None:
    """Cells typed or pasted anywhere meet the text policy of every other field."""
    for column, value in values.items():
        if text.has_forbidden(value):
            bad(column, text.MESSAGE)


def _check_task(problems: dict[str, list[str]], row: int, values: dict[str, str], resolve: UnitResolver,
                indicator_numbers: set[int] | None, seen: dict[str, int]) -> dict[str, Any]:
    bad = lambda column, message: _problem(problems, "tasks", row, column, message)  # noqa: E731
    _check_text(bad, values)
    number, title = _task_identity(bad, row, values, seen)
    units = _task_units(bad, values, resolve)
    linked = _task_indicators(bad, values, indicator_numbers)
    due_at, milestones = _task_dates(bad, values)
    return {"row": row, "number": number, "title": title, "description": values.get("description", ""),
            "section": values.get("section", "")[:200], "horizon": values.get("horizon", "")[:100],
            "due_at": due_at, "indicators": sorted(set(linked)), "milestones": milestones or [],
            "units": units}


def _task_identity(bad: Callable[[str, str], None], row: int, values: dict[str, str],
                   seen: dict[str, int]) -> tuple[str, str]:
    """The task's number (unique in the sheet; `seen` maps it to its first row) and title."""
    for column in REQUIRED["tasks"]:
        if not values.get(column):
            bad(column, f"{column} is required")
    number, title = values.get("number", ""), values.get("title", "")
    if number and number in seen:
        bad("number", f"task number {number} repeats row {seen[number]}")
    elif number:
        seen[number] = row
    if len(number) > 20 or len(title) > 300:
        bad("title" if len(title) > 300 else "number", "too long")
    return number, title


def _task_units(bad: Callable[[str, str], None], values: dict[str, str], resolve: UnitResolver) -> list[tuple[Org, str]]:
    """[(org, role)]: the lead and the responsible units; a lead may be named again as responsible."""
    units: list[tuple[Org, str]] = []
    for column, role in (("lead_unit", "lead"), ("responsible_units", "responsible")):
        for name in split(values.get(column, "")):
            org = resolve(name)
            if org is None:
                bad(column, f"unknown unit {name!r} in {resolve.region.name}")
            elif any(u[0].id == org.id for u in units):
                if role == "lead" or not any(u[0].id == org.id and u[1] == "lead" for u in units):
                    bad(column, f"unit {name!r} is named twice")
            else:
                units.append((org, role))
    return units


def _task_indicators(bad: Callable[[str, str], None], values: dict[str, str], indicator_numbers: set[int] | None) -> list[int]:
    """The indicator numbers the task is linked to (of the case's system, when it has one)."""
    linked = []
    for ref in split(values.get("indicators", "")):
        if not ref.isdigit():
            bad("indicators", f"indicator {ref!r} is not a number")
        elif indicator_numbers is not None and int(ref) not in indicator_numbers:
            bad("indicators", f"indicator {ref} is not in the case's indicator system")
        else:
            linked.append(int(ref))
    return linked


def _task_dates(bad: Callable[[str, str], None], values: dict[str, str]) -> tuple[datetime | None, list[dict[str, str]] | None]:
    """(due_at, milestones); None for what does not parse (reported through `bad`)."""
    due_at = milestones = None
    try:
        due_at = _due(values["due_date"]) if values.get("due_date") else None
    except ValueError:
        bad("due_date", f"due date {values['due_date']!r} is not YYYY-MM-DD")
    try:
        milestones = _milestones(values.get("milestones", ""))
    except ValueError:
        bad("milestones", "milestones are 'YYYY-MM-DD title' separated by ';'")
    return due_at, milestones


def _check_indicator(problems: dict[str, list[str]], row: int, values: dict[str, str], resolve: UnitResolver,
                     indicator_numbers: set[int] | None, tasks_seen: dict[str, int]) -> dict[str, Any] | None:
    bad = lambda column, message: _problem(problems, "indicators", row, column, message)  # noqa: E731
    _check_text(bad, values)
    ref = values.get("indicator_number", "")
    if not ref.isdigit():
        bad("indicator_number", f"indicator number {ref!r} is not a number")
        return None
    if indicator_numbers is not None and int(ref) not in indicator_numbers:
        bad("indicator_number", f"indicator {ref} is not in the case's indicator system")
    units = []
    for column, role in (("lead_unit", "lead"), ("responsible_units", "responsible")):
        for name in split(values.get(column, "")):
            org = resolve(name)
            if org is None:
                bad(column, f"unknown unit {name!r} in {resolve.region.name}")
            elif (org, role) not in units:
                units.append((org, role))
    tasks = split(values.get("tasks", ""))
    for number in tasks:
        if number not in tasks_seen:
            bad("tasks", f"task {number} is not in the tasks sheet")
    return {"row": row, "indicator": int(ref), "units": units, "tasks": tasks,
            "measures": values.get("measures", "")[:200]}


# ---------------------------------------------------------------- writing files
def to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([r.get(c, "") for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 CSV correctly


def to_xlsx(sheets: Iterable[tuple[str, Sequence[str], Iterable[dict[str, Any]]]]) -> bytes:
    """sheets: [(title, columns, rows)] → an xlsx workbook."""
    from openpyxl import Workbook
    book = Workbook()
    book.remove(book.active)
    for title, columns, rows in sheets:
        ws = book.create_sheet(title)
        ws.append(list(columns))
        for r in rows:
            ws.append([r.get(c, "") for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


TEMPLATE_ROW = {"number": "1", "title": "加快电子商务产业园提质升级", "description": "任务的具体举措……",
                "lead_unit": "（牵头单位的规范名称）", "responsible_units": "（责任单位一）;（责任单位二）",
                "indicators": "1;2", "horizon": "2025年", "due_date": "2025-12-31",
                "milestones": "2025-06-30 完成方案; 2025-12-31 通过验收", "section": "（一）促进发展"}


def template(fmt: str) -> bytes:
    if fmt == "csv":
        return to_csv([TEMPLATE_ROW], TASK_COLUMNS)
    return to_xlsx([("tasks", TASK_COLUMNS, [TEMPLATE_ROW]),
                    ("indicators", INDICATOR_COLUMNS, [{"indicator_number": "1", "lead_unit": "（牵头单位）",
                                                        "responsible_units": "（责任单位）", "tasks": "1"}])])
