"""Entry point for `gunicorn wsgi` from the repository root (equivalent: `gunicorn --pythonpath site config.wsgi`)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))

from config.wsgi import application  # noqa: E402

__all__ = ["application"]
