"""Process analytics as an .xlsx workbook (openpyxl): one sheet of figures per step, one of
the flows taken. Headers in the user's language."""
from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from web.round_workbook import XLSX

__all__ = ["XLSX", "workbook"]
COLUMNS = ("element", "name", "passed", "waiting_now", "median_days", "p90_days", "median_working_days",
           "p90_working_days", "longest_waiting_days", "overdue", "sent_back")


def headers():
    return [_("Element"), _("Step"), _("Completed (cases)"), _("Waiting now"), _("Median days"), _("P90 days"),
            _("Median working days"), _("P90 working days"), _("Longest waiting (days)"), _("Overdue"),
            _("Sent back")]


def workbook(result):
    book = Workbook()
    steps = book.active
    steps.title = _("Steps")
    steps.append(headers())
    for item in [*result["containers"], *result["items"]]:
        steps.append([item[c] for c in COLUMNS])
    flows = book.create_sheet(_("Flows taken"))
    flows.append([_("Sequence flow"), _("Cases")])
    for flow in result["flows"]:
        flows.append([flow["id"], flow["taken"]])
    for sheet in (steps, flows):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
