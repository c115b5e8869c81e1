"""Cases are stored without the process spec, and come back exactly as they were."""
import json

from engine.definitions import registry
from engine.runtime import instances, serializer
from models import Case, db
from tests.helpers.api_journey import apply


def test_state_holds_no_spec_and_round_trips(app, api):
    case_id = apply(api("app-yuncheng"))
    with app.app_context():
        case = db.session.get(Case, case_id)
        stored = json.loads(case.state_json)
        assert "spec" not in stored and "subprocess_specs" not in stored
        assert len(case.state_json) < 20_000
        workflow = instances.load(case)
        assert [t.task_spec.bpmn_id for t in instances.ready_user_tasks(workflow)] == ["initial_review"]
        assert instances.ready_user_tasks(workflow)[0].data["region_id"] == case.region_id
        assert serializer.dump_workflow(workflow) == case.state_json
        spec, _ = registry.specs(case.definition)
        assert workflow.spec is spec  # parsed once per definition, shared by its cases
