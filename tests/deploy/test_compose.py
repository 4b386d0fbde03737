"""docker-compose.yml and the image it builds, checked offline (no Docker daemon needed)."""

import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
APP_SERVICES = ("migrate", "web", "worker", "beat")
REQUIRED_SECRETS = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "POSTGRES_PASSWORD": "not-a-real-password",
    "PUBLIC_DOMAIN": "console.repairs.example",
}
_VARIABLE = re.compile(r"\$\$|\$\{(\w+)(?::([-?])([^}]*))?\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def interpolate(value: str, variables: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default}, ${NAME:?error} and $$, for the forms this file uses."""

    def substitute(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name, operator, argument = match.groups()
        if variables.get(name):
            return variables[name]
        if operator == "?":
            raise KeyError(f"{name}: {argument}")
        return argument or ""

    return _VARIABLE.sub(substitute, value)


def test_compose_file_matches_the_compose_specification():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema",
         "vendor.compose-spec", str(COMPOSE)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_services_images_and_commands(compose):
    services = compose["services"]

    assert set(services) == {"postgres", "redis", *APP_SERVICES}
    assert services["postgres"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    assert services["web"]["command"][:2] == ["gunicorn", "config.wsgi"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]
    assert services["migrate"]["command"] == ["sh", "docker/release.sh"]
    assert services["migrate"]["restart"] == "no"


def test_app_services_share_one_image_build_and_environment(compose):
    services = compose["services"]
    web = services["web"]

    assert web["build"] == {"context": ".", "dockerfile": "Dockerfile"}
    for name in APP_SERVICES:
        assert services[name]["image"] == web["image"], name
        assert services[name]["build"] == web["build"], name
        assert services[name]["environment"] == web["environment"], name
    environment = web["environment"]
    assert environment["DJANGO_SETTINGS_MODULE"] == "config.settings.prod"
    assert {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "PUBLIC_DOMAIN"} <= set(
        environment
    )
    assert "@postgres:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379/")


def test_processes_start_only_after_healthy_services_and_a_finished_release(compose):
    services = compose["services"]
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"] == {
            "postgres": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }, name
    assert services["migrate"]["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    for name in ("postgres", "redis", "web", "worker", "beat"):
        assert services[name]["healthcheck"]["test"], name
    for path in ("docker/release.sh", "docker/healthcheck.py", "docker/gunicorn.conf.py"):
        assert (ROOT / path).is_file(), path


def test_release_script_migrates_before_setting_up_the_platform():
    script = (ROOT / "docker" / "release.sh").read_text()

    assert "set -eu" in script
    assert script.index("manage.py migrate_schemas") < script.index("manage.py setup_platform")


def test_dockerfile_builds_the_production_image():
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert dockerfile.startswith("#") and "\nFROM python:3.11-slim\n" in dockerfile
    assert "DJANGO_SETTINGS_MODULE=config.settings.prod" in dockerfile
    assert "RUN pip install ." in dockerfile
    assert "manage.py collectstatic --noinput" in dockerfile
    assert "\nUSER app\n" in dockerfile
    assert 'CMD ["gunicorn", "config.wsgi"' in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", ".env", "var"} <= set(ignored)


def test_compose_refuses_to_start_without_its_secrets(compose):
    environment = compose["services"]["web"]["environment"]

    for missing in REQUIRED_SECRETS:
        variables = {k: v for k, v in REQUIRED_SECRETS.items() if k != missing}
        with pytest.raises(KeyError, match=missing):
            for value in environment.values():
                interpolate(str(value), variables)


def test_compose_environment_passes_the_deploy_check(compose, tmp_path):
    # given: the web service's environment as Compose would pass it, secrets filled in
    environment = {
        key: interpolate(str(value), REQUIRED_SECRETS)
        for key, value in compose["services"]["web"]["environment"].items()
    }
    environment.update(AWAL_VAR_DIR=str(tmp_path), PATH="/usr/bin:/bin", PYTHONWARNINGS="error")

    # when
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    # then
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
