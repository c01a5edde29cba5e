"""App Engine's warm-up request readies an instance and changes nothing."""
import pathlib

import yaml

ROOT_DIR = pathlib.Path(__file__).resolve().parents[2]


def test_warmup_loads_the_catalogue_and_templates(client):
    response = client.get("/_ah/warmup")
    assert response.status_code == 200
    body = response.get_json()
    assert body["badges"] >= 60 and body["exercises"] >= 80 and body["templates"] >= 5
    assert "Set-Cookie" not in response.headers  # no phantom was made


def test_app_yaml_asks_for_warmup_requests():
    app_yaml = yaml.safe_load((ROOT_DIR / "app.yaml").read_text())
    assert "warmup" in app_yaml["inbound_services"]
