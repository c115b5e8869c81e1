"""The access policy, declared once: every route of the app (pages and API) → who may call it.

`who` is ANONYMOUS (anyone), SIGNED_IN (any account) or a tuple of roles. `scoped` adds the
region rule of engine/access.py: SAMR and administrators reach every region's objects; a
province, an applicant (its leading-group office) and a member unit only their own region's;
an expert only cases it is assigned to (none in the matrix's world, so never).

Every route checks the caller before it reads the input, so a denied caller meets 401/403
(or 404 for an object it may not know of), never a 400 that depends on what it sent.
One flag describes a route's style rather than its policy:
- `redirects_home`: success is a redirect to the login page (logout), so only 401/403 deny.

tests/test_access__matrix.py checks every route × role × own/other region × anonymous
against this table, and fails on a route the table does not declare.
"""
from dataclasses import dataclass

ANONYMOUS = "anonymous"
SIGNED_IN = "signed-in"
NATIONAL = ("admin", "samr")
REGIONAL = ("province", "applicant", "member_unit")
CASE_READERS = ("admin", "samr", "province", "applicant", "member_unit")  # engine.access.case_filter
PLAN_VIEWERS = ("admin", "samr", "province", "applicant")  # engine.access.may_view_plan
PLAN_MANAGERS = ("admin", "applicant")  # engine.access.may_manage_plan


@dataclass(frozen=True)
class Rule:
    who: object
    methods: tuple = ("GET",)
    scoped: bool = False
    redirects_home: bool = False


def R(who, *methods, **flags):
    return Rule(who, tuple(methods) or ("GET",), **flags)


POLICY = {
    # -- public -----------------------------------------------------------------------
    "static": [R(ANONYMOUS)],
    "admin_definitions.vendor": [R(ANONYMOUS)],
    "dashboard_pages.asset": [R(ANONYMOUS)],
    "pages.index": [R(ANONYMOUS)],  # redirects to the inbox, which asks for a login
    "pages.favicon": [R(ANONYMOUS)],
    "pages.login": [R(ANONYMOUS, "GET", "POST")],
    "pages.logout": [R(ANONYMOUS, "POST", redirects_home=True)],
    "public_pages.notices": [R(ANONYMOUS)],
    "public_pages.zones": [R(ANONYMOUS)],
    "public_pages.objection": [R(ANONYMOUS, "GET", "POST")],
    "api-docs.openapi_json": [R(ANONYMOUS)],
    "api_auth.token": [R(ANONYMOUS, "POST")],
    "api_public.list_notices": [R(ANONYMOUS)],
    "api_public.list_zones": [R(ANONYMOUS)],
    "api_public.object_to": [R(ANONYMOUS, "POST")],
    "api_public.document_pdf": [R(ANONYMOUS)],
    "api_public.list_experiences": [R(ANONYMOUS)],  # the experience library (Art 20)
    "public_pages.experiences": [R(ANONYMOUS)],  # public kinds only (notice, certification, revocation)
    "letter_pages.public_letter": [R(ANONYMOUS)],
    # -- any account --------------------------------------------------------------------
    "account_pages.password": [R(SIGNED_IN, "GET", "POST")],
    "account_pages.mail": [R(SIGNED_IN, "POST")],
    "message_pages.message_list": [R(SIGNED_IN)],
    "message_pages.read": [R(SIGNED_IN, "POST")],  # the caller's own only
    "message_pages.read_all": [R(SIGNED_IN, "POST")],
    "api_messages.my_notifications": [R(SIGNED_IN)],
    "api_messages.mark_read": [R(SIGNED_IN, "POST")],
    "api_messages.get_mail": [R(SIGNED_IN)],
    "api_messages.put_mail": [R(SIGNED_IN, "PUT")],
    "pages.inbox": [R(SIGNED_IN)],
    "inbox_tools.save_filter": [R(SIGNED_IN, "POST")],  # the caller's own filters
    "inbox_tools.delete_filter": [R(SIGNED_IN, "POST")],  # another's: 404
    "inbox_tools.claim_selected": [R(SIGNED_IN, "POST")],  # each task checked by engine.access.may_act
    "case_pages.case_list": [R(SIGNED_IN)],
    "plan_pages.work": [R(SIGNED_IN)],
    "plan_pages.report": [R(SIGNED_IN, "GET", "POST")],  # engine checks the report's unit
    "plan_pages.evidence": [R(SIGNED_IN)],
    "case_pages.document": [R(SIGNED_IN)],  # engine checks the document's case
    "round_pages.rounds": [R(SIGNED_IN), R(("samr",), "POST")],
    "round_statistics_pages.statistics": [R(("samr", "admin", "province"))],
    "round_statistics_pages.export": [R(("samr", "admin", "province"))],
    "api_auth.me": [R(SIGNED_IN)],
    "api_comments.get_phrases": [R(SIGNED_IN)],
    "api_experience.list_experience": [R(NATIONAL)],
    "api_experience.curate_experience": [R(NATIONAL, "POST")],
    "api_comments.put_phrases": [R(SIGNED_IN, "PUT")],  # the caller's own list only
    "account_pages.phrases": [R(SIGNED_IN, "POST")],
    "api_orgs.list_orgs": [R(SIGNED_IN)],
    "api_rounds.list_rounds": [R(SIGNED_IN)],
    "api_cases.list_cases": [R(SIGNED_IN)],  # filtered by engine.access.case_filter
    "api_tasks.inbox": [R(SIGNED_IN)],  # filtered by engine.access.task_filter
    "api_tasks.claim_many": [R(SIGNED_IN, "POST")],  # each task refused or claimed by engine.access.may_act
    "api_filters.list_filters": [R(SIGNED_IN)],  # the caller's own
    "api_filters.save_filter": [R(SIGNED_IN, "POST")],
    "api_filters.delete_filter": [R(SIGNED_IN, "DELETE")],  # another's: 404
    "api_definitions.list_definitions": [R(SIGNED_IN)],
    "api_definitions.get_definition_detail": [R(SIGNED_IN)],
    "api_definitions.get_source": [R(SIGNED_IN)],
    "api_scores.list_systems": [R(SIGNED_IN)],
    "api_scores.get_system": [R(SIGNED_IN)],
    "api_scheduling.deadline": [R(SIGNED_IN)],
    "api_scheduling.list_notifications": [R(SIGNED_IN)],
    "api_scheduling.read_notification": [R(SIGNED_IN, "POST")],  # the caller's own only
    "api_plans.examples": [R(SIGNED_IN)],
    "api_plans.example_file": [R(SIGNED_IN)],
    "api_plans.template": [R(SIGNED_IN)],
    "api_plans.work": [R(SIGNED_IN)],
    "api_plans.participations": [R(SIGNED_IN)],  # a county's office: the cases it takes part in
    "api_plans.get_report": [R(SIGNED_IN)],
    "api_plans.submit": [R(SIGNED_IN, "POST")],
    "api_plans.download_evidence": [R(SIGNED_IN)],
    "api_plans.add_evidence": [R(("member_unit",), "POST")],
    # -- cases, scoped by region ---------------------------------------------------------
    "case_pages.case": [R(CASE_READERS, scoped=True)],
    "case_pages.audit_export": [R(CASE_READERS, scoped=True)],
    "admin_definitions.case_diagram": [R(CASE_READERS, scoped=True)],
    "score_pages.report": [R(CASE_READERS, scoped=True)],
    "score_pages.report_pdf": [R(CASE_READERS, scoped=True)],
    "api_cases.get_case": [R(CASE_READERS, scoped=True)],
    "api_cases.export_audit": [R(CASE_READERS, scoped=True)],
    "api_operations.case_trail": [R(CASE_READERS, scoped=True)],
    "api_scores.case_scores": [R(CASE_READERS, scoped=True)],
    "api_decisions.case_documents": [R(CASE_READERS, scoped=True)],
    "api_comments.list_comments": [R(CASE_READERS, scoped=True)],
    "api_experience.submit_experience": [R(("applicant",), "POST", scoped=True)],  # the zone's own office
    "api_experience.list_case_experience": [R(CASE_READERS, scoped=True)],
    "api_experience.add_support": [R(NATIONAL, "POST")],
    "api_experience.list_support": [R(CASE_READERS, scoped=True)],
    "api_comments.add_comment": [R(CASE_READERS, "POST", scoped=True)],
    "api_comments.approval_sheet_pdf": [R(CASE_READERS, scoped=True)],
    "case_pages.comment": [R(CASE_READERS, "POST", scoped=True)],
    "case_pages.approval_sheet": [R(CASE_READERS, scoped=True)],
    "api_decisions.case_document_pdf": [R(CASE_READERS, scoped=True)],
    "letter_pages.case_letter": [R(CASE_READERS, scoped=True)],
    "case_pages.start": [R(("applicant",), "POST")],
    "api_cases.start_case": [R(("applicant",), "POST")],
    # -- creation plans ---------------------------------------------------------------------
    "plan_pages.dashboard": [R(PLAN_VIEWERS, scoped=True), R(PLAN_MANAGERS, "POST", scoped=True)],
    "plan_pages.indicator_list": [R(PLAN_VIEWERS, scoped=True)],
    "plan_pages.indicator": [R(PLAN_VIEWERS, scoped=True)],
    "api_plans.get_plan": [R(PLAN_VIEWERS, scoped=True)],
    "api_plans.dashboard": [R(PLAN_VIEWERS, scoped=True)],
    "api_plans.indicator_list": [R(PLAN_VIEWERS, scoped=True)],
    "api_plans.indicator": [R(PLAN_VIEWERS, scoped=True)],
    "api_plans.create_plan": [R(PLAN_MANAGERS, "POST", scoped=True)],
    "api_plans.add_task": [R(PLAN_MANAGERS, "POST", scoped=True)],
    "api_plans.update_task": [R(PLAN_MANAGERS, "PATCH", "PUT", scoped=True)],
    "api_plans.import_plan": [R(PLAN_MANAGERS, "POST", scoped=True)],
    "api_plans.remind": [R(PLAN_MANAGERS, "POST", scoped=True)],
    "api_plans.update_item": [R(PLAN_MANAGERS, "PUT", scoped=True)],
    "api_plans.county_list": [R(PLAN_VIEWERS, scoped=True)],
    "api_plans.include_county": [R(PLAN_MANAGERS, "POST", scoped=True)],
    # -- tasks: the matrix's task is a province's initial review (engine.access.may_act) ---
    "task_pages.task": [R(("province",), "GET", "POST", scoped=True)],
    "task_pages.claim": [R(("province",), "POST", scoped=True)],
    "task_pages.unclaim": [R(("province",), "POST", scoped=True)],
    "task_pages.send_back": [R(("province",), "POST", scoped=True)],
    "task_pages.recall": [R(("province",), "POST", scoped=True)],  # then 409: nothing to recall
    "api_tasks.get_task": [R(("province",), scoped=True)],
    "api_tasks.claim": [R(("province",), "POST", scoped=True)],
    "api_tasks.unclaim": [R(("province",), "POST", scoped=True)],
    "api_tasks.complete": [R(("province",), "POST", scoped=True)],
    "api_tasks.send_back": [R(("province",), "POST", scoped=True)],
    "api_tasks.recall": [R(("province",), "POST", scoped=True)],  # then 409: nothing to recall
    "api_tasks.transfer": [R(("province",), "POST", scoped=True)],
    "api_tasks.delegate": [R(("province",), "POST", scoped=True)],
    "handover_pages.transfer": [R(("province",), "POST", scoped=True)],
    "handover_pages.delegate": [R(("province",), "POST", scoped=True)],
    # 催办: the role above the task's (a province's review: SAMR only; engine/casework/handover.py)
    "api_tasks.urge": [R(("samr",), "POST")],
    "handover_pages.urge": [R(("samr",), "POST")],
    # 抄送: the case's officers and the holders of its open tasks (engine/casework/copies.py)
    "api_cases.copy_case": [R(("samr", "province", "applicant"), "POST", scoped=True)],
    "handover_pages.copy_case": [R(("samr", "province", "applicant"), "POST", scoped=True)],
    # -- rounds -----------------------------------------------------------------------------
    "round_pages.recommendations": [R(("province",), "GET", "POST")],
    "api_rounds.waiting_recommendations": [R(("province",))],
    "api_rounds.submit_recommendations": [R(("province",), "POST")],
    "api_rounds.create_round": [R(("samr",), "POST")],
    "api_rounds.change_round": [R(("samr",), "PATCH")],
    "api_rounds.add_attachment": [R(("samr",), "POST")],
    "api_rounds.download_attachment": [R(SIGNED_IN)],  # whoever may read the round
    "api_rounds.remove_attachment": [R(("samr",), "DELETE")],
    "round_pages.round": [R(SIGNED_IN)],  # what it shows is filtered by engine.access.case_filter
    "round_pages.add_attachment": [R(("samr",), "POST")],
    "round_pages.attachment": [R(SIGNED_IN)],  # whoever may read the round
    "round_pages.remove_attachment": [R(("samr",), "POST")],
    "api_rounds.get_round": [R(SIGNED_IN)],
    "api_rounds.round_progress_view": [R(SIGNED_IN)],
    "api_rounds.round_statistics_view": [R(("samr", "admin", "province"))],  # a province: its own
    "api_rounds.round_cases_xlsx": [R(("samr", "admin", "province"))],
    "api_analytics.analytics_steps": [R(("samr", "admin", "province"))],  # a province: its own
    "api_analytics.analytics_steps_xlsx": [R(("samr", "admin", "province"))],
    "analytics_pages.analytics": [R(("samr", "admin", "province"))],
    "analytics_pages.export": [R(("samr", "admin", "province"))],
    "api_rounds.recommendation_lists": [R(("samr", "admin", "province"))],  # a province: its own list
    "round_pages.lists": [R(NATIONAL), R(("samr",), "POST")],
    "api_rounds.pending_approvals": [R(("samr",))],
    "api_rounds.decide_approvals": [R(("samr",), "POST")],
    "api_rounds.pending_notices": [R(("samr",))],
    "api_rounds.publish_notice": [R(("samr",), "POST")],
    "api_rounds.pending_certifications": [R(("samr",))],
    "api_rounds.decide_certifications": [R(("samr",), "POST")],
    "api_rounds.round_decisions": [R(NATIONAL)],
    # -- SAMR and administrators ------------------------------------------------------------
    "dashboard_pages.dashboard": [R(NATIONAL)],
    "score_pages.indicator_systems": [R(NATIONAL)],
    "clock_pages.clock": [R(NATIONAL, "GET", "POST")],
    "api_admin.get_clock": [R(NATIONAL)],
    "api_admin.move_clock": [R(NATIONAL, "POST")],
    "api_admin.run_timers": [R(NATIONAL, "POST")],
    # -- administrators ---------------------------------------------------------------------
    "admin_definitions.definitions": [R(("admin",))],
    "admin_definitions.definition": [R(("admin",))],
    "admin_definitions.download": [R(("admin",))],
    "admin_definitions.edit": [R(("admin",))],
    "admin_definitions.deploy": [R(("admin",), "POST")],
    "admin_definitions.upload": [R(("admin",), "POST")],
    "admin_definitions.hold": [R(("admin",), "POST")],
    "admin_definitions.incidents_page": [R(("admin",))],
    "admin_definitions.retry": [R(("admin",), "POST")],
    "admin_definitions.migrations": [R(("admin",), "GET", "POST")],
    "draft_pages.draft": [R(("admin",))],
    "draft_pages.upload": [R(("admin",), "POST")],
    "draft_pages.deploy": [R(("admin",), "POST")],
    "draft_pages.discard": [R(("admin",), "POST")],
    "draft_pages.form_editor": [R(("admin",))],
    "draft_pages.save_form": [R(("admin",), "POST")],
    "draft_pages.preview": [R(("admin",), "POST")],
    "admin_pages.jobs": [R(("admin",))],
    "admin_pages.change_setting": [R(("admin",), "POST")],
    "admin_pages.accounts": [R(("admin",))],
    "admin_pages.unlock_account": [R(("admin",), "POST")],
    "api_auth.unlock": [R(("admin",), "POST")],
    "letter_pages.numbers": [R(("admin",), "GET", "POST")],
    "api_decisions.list_patterns": [R(("admin",))],
    "api_decisions.put_pattern": [R(("admin",), "PUT")],
    "api_definitions.deploy": [R(("admin",), "POST")],
    "api_definitions.get_draft": [R(("admin",))],
    "api_definitions.put_draft_form": [R(("admin",), "PUT")],
    "api_definitions.post_draft_files": [R(("admin",), "POST")],
    "api_definitions.deploy_draft": [R(("admin",), "POST")],
    "api_definitions.delete_draft": [R(("admin",), "DELETE")],
    "api_operations.list_incidents": [R(("admin",))],
    "api_operations.retry": [R(("admin",), "POST")],
    "api_operations.suspend": [R(("admin",), "POST")],
    "api_operations.resume": [R(("admin",), "POST")],
    "api_operations.migrate_case": [R(("admin",), "POST")],
    "api_operations.migrate_many": [R(("admin",), "POST")],
    "api_operations.preview": [R(("admin",), "POST")],
    "api_scheduling.list_jobs": [R(("admin",))],
    "api_scheduling.list_runs": [R(("admin",))],
    "api_scheduling.run_job": [R(("admin",), "POST")],
    "api_scheduling.list_settings": [R(("admin",))],
    "api_scheduling.put_setting": [R(("admin",), "PUT")],
    "api_scheduling.get_calendar": [R(("admin",))],
    "api_scheduling.put_calendar": [R(("admin",), "PUT")],
    "api_webhooks.create_webhook": [R(("admin",), "POST")],
    "api_webhooks.list_webhooks": [R(("admin",))],
    "api_webhooks.get_webhook": [R(("admin",))],
    "api_webhooks.change_webhook": [R(("admin",), "PATCH")],
    "api_webhooks.delete_webhook": [R(("admin",), "DELETE")],
    "api_webhooks.list_deliveries": [R(("admin",))],
    "api_webhooks.retry_delivery": [R(("admin",), "POST")],
    "admin_pages.webhooks": [R(("admin",))],
    "admin_pages.webhook_create": [R(("admin",), "POST")],
    "admin_pages.webhook_change": [R(("admin",), "POST")],
    "admin_pages.webhook_retry": [R(("admin",), "POST")],
}


def rule_for(endpoint, method):
    """The declared rule of one route, or None when the table does not declare it."""
    return next((r for r in POLICY.get(endpoint, ()) if method in r.methods), None)


def allowed(rule, role, region):
    """Whether `role` (None: anonymous) may call a route of `rule` on an object of `region`."""
    if rule.who == ANONYMOUS:
        return True
    if role is None:
        return False
    if rule.who != SIGNED_IN and role not in rule.who:
        return False
    return not rule.scoped or role in NATIONAL or (role in REGIONAL and region == "own")
