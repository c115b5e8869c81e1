"""Score pages: a case's score report (charts per group, comparison of self, province and
expert scores, printable, and as PDF), and the administrators' list of indicator systems."""
from flask import Blueprint, Response, current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from engine.casework import cases
from engine.scoring import catalog, records
from web import ui
from web.pages import score_charts, score_pdf

bp = Blueprint("score_pages", __name__)


def source_label(key):
    if key.startswith("expert:"):
        return _("Expert %(name)s", name=key[7:])
    return {"self": _("Self-assessment"), "province": _("Provincial pre-review"),
            "samr": _("SAMR consolidated")}.get(key, key)


def _report(case_id):
    case = cases.get(current_user, case_id)  # 403 for another region's case
    return case, records.report(case, current_user)


def _charts(report):
    rate_min = float(report["pass_rule"]["group_rate_min"])
    charts = []
    for g in report["comparison"]["groups"]:
        series = []
        for key, r in report["sources"].items():
            grp = next(x for x in r["groups"] if x["number"] == g["number"])
            series.append((source_label(key), grp["score"], grp["max"]))
        title = f"{g['number']}. {g['name']}（{g['max']:g}）"
        charts.append(score_charts.group_bars(g, series, rate_min, title) if series else None)
    return charts


@bp.route("/cases/<int:case_id>/scores")
@login_required
def report(case_id):
    case, rep = _report(case_id)
    return render_template("scores/scores.html", case=case, report=rep, charts=_charts(rep), source_label=source_label,
                           names={i["number"]: i["name"] for i in rep["indicators"]})


@bp.route("/cases/<int:case_id>/scores.pdf")
@login_required
def report_pdf(case_id):
    case, rep = _report(case_id)
    labels = {"title": _("Score report"), "system": _("Indicator system"), "rule": _("Pass rule"),
              "summary": _("Results"), "source": _("Source"), "total": _("Total"), "result": _("Result"),
              "failing_groups": _("Groups below the rate"), "below": _("Indicators pulling a group down"),
              "passed": _("Passed"), "failed": _("Not passed"), "groups": _("Groups against the pass rate"),
              "indicators": _("Scores per indicator"), "indicator": _("Indicator"), "max": _("Max"),
              "province": _("Province"), "experts": _("Experts"), "spread": _("Spread"),
              "final": _("SAMR"), "sources": {k: source_label(k) for k in [*rep["sources"], "self"]}}
    try:
        body = score_pdf.render(rep, labels, current_app.config.get("PDF_FONT"))
    except score_pdf.FontMissing as e:
        current_app.logger.error("%s", e)
        return Response(str(e), status=503, mimetype="text/plain")
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="scores-case-{case.id}.pdf"'})


@bp.route("/admin/indicator-systems")
@ui.roles_required("admin", "samr")
def indicator_systems():
    """Every loaded version with its groups, maxima, pass rule and validation warnings."""
    systems = [catalog.detail(s) for _k, s in sorted(catalog.systems().items())]
    return render_template("scores/indicator_systems.html", systems=systems)
