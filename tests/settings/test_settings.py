import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from intranet.settings.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "intranet.settings.production",
    "SECRET_KEY": "k7$Qz!9vR2#mW8pL4^tY6&nB1*cX5@hJ3%dF0(gS)aE-uI+oP=",
    "ALLOWED_HOSTS": "guild.norrvik.example",
    "DATABASE_URL": "sqlite:////tmp/guild-deploy-check.sqlite3",
}


def manage(*args, env):
    dropped = {*PRODUCTION, "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}  # the browser tests set it
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable." in result.stderr


def test_a_bad_boolean_stops_start_up_with_a_clear_message():
    result = manage("check", env={"DEBUG": "yes please"})
    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'yes please'." in result.stderr


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("FLAG", "On")
    monkeypatch.setenv("COUNT", "12")
    monkeypatch.setenv("HOSTS", " a.example, ,b.example ")
    assert env_bool("FLAG") is True
    assert env_bool("UNSET_FLAG", default=True) is True
    assert env_int("COUNT", 1) == 12
    assert env_list("HOSTS") == ["a.example", "b.example"]
    assert env_str("UNSET_VALUE", "fallback") == "fallback"
    monkeypatch.setenv("COUNT", "twelve")
    with pytest.raises(ImproperlyConfigured, match="COUNT must be a whole number"):
        env_int("COUNT", 1)


def test_redis_and_postgres_switch_on_through_variables():
    code = (
        "from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND']);print(s.DATABASES['default']['ENGINE'])"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "intranet.settings.dev",
        "REDIS_URL": "redis://127.0.0.1:6379/1",
        "DATABASE_URL": "postgres://guild@db.example:5432/guild",
    }
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "django.db.backends.postgresql",
    ]
