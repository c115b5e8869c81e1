"""Running cases and their definitions: migration, incidents, suspend/resume, the trail."""
from flask import g

from engine.casework import cases
from engine.definitions import migration
from engine.operations import incidents, recovery
from engine.runtime import trail
from web.api import Blueprint, protected, requires
from web.api.schemas.common import CaseSchema
from web.api.schemas.definitions import (
    BulkMigrationResultSchema,
    BulkMigrationSchema,
    CaseMigratedSchema,
    IncidentListSchema,
    IncidentQuerySchema,
    IncidentSchema,
    MigrateSchema,
    SuspendSchema,
    TrailSchema,
)
from web.views import case_view

blp = protected(Blueprint("api_operations", __name__, url_prefix="/api/v1",
                          description="Migration, incidents, suspend and resume (admin)"))


@blp.route("/cases/<int:case_id>/migrate", methods=["POST"])
@requires("admin")
@blp.arguments(MigrateSchema)
@blp.response(200, CaseMigratedSchema)
def migrate_case(args, case_id):
    """Move one case to a newer version of its process; 409 with the reason if it cannot."""
    try:
        case, report = migration.migrate(g.user, case_id, args["version"])
    except migration.NotMigratable as exc:
        migration._record_refusal(g.user, case_id, args["version"], exc.message)
        raise
    return {"case": case_view(case), "migration": report}


def _selection(args):
    return {k: args.get(k) for k in ("from_version", "case_ids", "stage")}


@blp.route("/migrations/preview", methods=["POST"])
@requires("admin")
@blp.arguments(BulkMigrationSchema)
@blp.response(200, BulkMigrationResultSchema)
def preview(args):
    """Per chosen case: can it move, why not, and which waiting tasks change. Writes nothing."""
    items = migration.preview(args["key"], args["to_version"], **_selection(args))
    return _result(items)


@blp.route("/migrations", methods=["POST"])
@requires("admin")
@blp.arguments(BulkMigrationSchema)
@blp.response(200, BulkMigrationResultSchema)
def migrate_many(args):
    """Move the chosen cases, one transaction each; refused cases stay as they were."""
    return _result(migration.migrate_many(g.user, args["key"], args["to_version"], **_selection(args)))


def _result(items):
    moved = sum(1 for i in items if i["can_migrate"])
    return {"items": items, "total": len(items), "migrated": moved, "refused": len(items) - moved}


@blp.route("/incidents")
@requires("admin")
@blp.arguments(IncidentQuerySchema, location="query")
@blp.response(200, IncidentListSchema)
def list_incidents(args):
    """Failed steps (open by default), newest first."""
    query = incidents.open_incidents() if args["state"] == "open" else incidents.all_incidents(args["state"])
    items = query.limit(500).all()
    return {"items": items, "total": len(items)}


@blp.route("/incidents/<int:incident_id>/retry", methods=["POST"])
@requires("admin")
@blp.response(200, IncidentSchema)
def retry(incident_id):
    """Run the failed step again on the case's current version (migrate it to the fix first)."""
    return recovery.retry(g.user, incident_id)


@blp.route("/cases/<int:case_id>/suspend", methods=["POST"])
@requires("admin")
@blp.arguments(SuspendSchema)
@blp.response(200, CaseSchema)
def suspend(args, case_id):
    """Nobody completes its tasks and its timers wait until it is resumed."""
    return case_view(recovery.suspend(g.user, case_id, args["reason"]))


@blp.route("/cases/<int:case_id>/resume", methods=["POST"])
@requires("admin")
@blp.response(200, CaseSchema)
def resume(case_id):
    """Free a suspended or errored case (its open incidents are dismissed)."""
    return case_view(recovery.resume(g.user, case_id))


@blp.route("/cases/<int:case_id>/trail")
@blp.response(200, TrailSchema)
def case_trail(case_id):
    """Element ids a diagram viewer highlights: completed, active, and the path taken."""
    case = cases.get(g.user, case_id)
    return {"case_id": case.id, "hold": case.hold, "file": trail.main_file(case.definition),
            "definition": {"key": case.definition.key, "version": case.definition.version,
                           "id": case.definition.id}, **trail.of_case(case)}
