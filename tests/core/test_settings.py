"""Production settings refuse to start without their secrets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _import_production(env):
    return subprocess.run(
        [sys.executable, "-c", "import config.settings.production"],
        cwd=ROOT / "site",
        env={
            **{k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")},
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _import_production({"ALLOWED_HOSTS": "kaikukortti.fi"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _import_production({"SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_starts_with_its_secrets():
    result = _import_production({"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "kaikukortti.fi"})
    assert result.returncode == 0, result.stderr
