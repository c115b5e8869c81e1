"""Backup and restore: an empty database gets back every case, task, event and file."""
import subprocess
import sys
from pathlib import Path

import pytest

from models import AuditEvent, Case, HumanTask, db
from tests.helpers.api_journey import Journey
from tests.helpers.databases import empty_database

ROOT = Path(__file__).resolve().parents[2]


def flask(command, database_url, files_dir):
    env = {"DATABASE_URL": database_url, "FILES_DIR": str(files_dir), "SECRET_KEY": "x",
           "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *command], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_restore_into_an_empty_database_finds_everything(app, api, database_url, tmp_path):
    other = Journey(api, "app-yongchuan").apply()
    Journey(api).to_notice()
    source_files, restored_files = tmp_path / "files", tmp_path / "restored-files"
    (source_files / "ab").mkdir(parents=True)
    (source_files / "ab" / "abcdef").write_bytes(b"%PDF-1.4 evidence")
    with app.app_context():
        expected = {
            "cases": sorted((c.id, c.stage, c.state_json) for c in Case.query.all()),
            "tasks": sorted((t.id, t.name, t.completed_at is None) for t in HumanTask.query.all()),
            "events": AuditEvent.query.count(),
        }

    archive = tmp_path / "backup.tar.gz"
    flask(["backup", str(archive)], database_url, source_files)
    target = empty_database(database_url, tmp_path)
    out = flask(["restore", str(archive)], target, restored_files)
    assert "restored" in out
    assert (restored_files / "ab" / "abcdef").read_bytes() == b"%PDF-1.4 evidence"

    from web import create_app
    restored = create_app({"SQLALCHEMY_DATABASE_URI": target, "ADJUSTABLE_CLOCK": True, "SECRET_KEY": "x"})
    with restored.app_context():
        assert sorted((c.id, c.stage, c.state_json) for c in Case.query.all()) == expected["cases"]
        assert sorted((t.id, t.name, t.completed_at is None) for t in HumanTask.query.all()) == expected["tasks"]
        assert AuditEvent.query.count() == expected["events"]
        db.session.remove()
    # the restored system works: the province reviews the other case, new ids do not collide
    client = restored.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "prov-chongqing", "password": "demo-password"})
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    task = next(t for t in client.get("/api/v1/tasks", headers=headers).get_json()["items"]
                if t["case_id"] == other.case_id)
    response = client.post(f"/api/v1/tasks/{task['id']}/complete", json={"decision": "pass"}, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["case"]["stage"] == "recommendation"


def test_restore_refuses_a_database_with_data(app, database_url, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    flask(["backup", str(archive)], database_url, tmp_path / "none")
    env_url = database_url
    with pytest.raises(AssertionError) as refused:
        flask(["restore", str(archive)], env_url, tmp_path / "none")
    assert "restore needs an empty database" in str(refused.value)
