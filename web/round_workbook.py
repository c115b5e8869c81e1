"""A round's cases as an .xlsx workbook (openpyxl), the way offices keep their 台账: one sheet
of cases (where each stands, the milestones it reached, its document numbers) and one of
figures by province and zone. Headers and values in the user's language."""
from io import BytesIO

from flask import send_file
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from engine.clock import CHINA
from web.labels import milestone_label, stage_label, status_label, zone_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def send_workbook(stats):
    """The round's workbook as a download (its cases are the rows the figures were counted over)."""
    return send_file(BytesIO(workbook(stats, stats["rows"])), mimetype=XLSX, as_attachment=True,
                     download_name=f"round-{stats['round'].id}-cases.xlsx")


def workbook(stats, rows):
    book = Workbook()
    cases = book.active
    cases.title = _("Cases")
    milestones = stats["milestones"]
    cases.append([_("Case"), _("Region"), _("Province"), _("Economic zone"), _("Stage"), _("Status"), _("Created"),
                  *[str(milestone_label(m)) for m in milestones], _("Document numbers issued")])
    for r in rows:
        cases.append([r["id"], r["region_name"], r["province_name"], str(zone_label(r["zone"])),
                      str(stage_label(r["stage"])), str(status_label(r["status"])),
                      r["created_at"].astimezone(CHINA).strftime("%Y-%m-%d"),
                      *[_("Yes") if r["reached"][m] else "" for m in milestones],
                      "；".join(r["documents"])])
    figures = book.create_sheet(_("Figures by province"))
    header = [_("Province"), _("Economic zone"), _("Cases"), *[str(milestone_label(m)) for m in milestones],
              *[str(stage_label(o)) for o in stats["outcomes"]]]
    figures.append(header)
    for p in stats["by_province"]:
        figures.append([p["province"], str(zone_label(p["zone"])), *_figures(p, stats)])
    for z in stats["by_zone"]:
        figures.append([_("Zone total"), str(zone_label(z["zone"])), *_figures(z, stats)])
    figures.append([_("All provinces"), "", *_figures(stats["totals"], stats)])
    for sheet in (cases, figures):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _figures(tally, stats):
    return [tally["cases"], *[tally["milestones"][m] for m in stats["milestones"]],
            *[tally["outcomes"][o] for o in stats["outcomes"]]]
