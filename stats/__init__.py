"""Registry statistics: dashboards per role, the public statistics page, live figures, exports and
the cardholder's own "check my card" view. Every number passes through :mod:`stats.disclosure`.

An app of its own that reads :mod:`registry` and is never imported by it (import-linter's contract in
pyproject.toml, run by ``make test``). Named ``stats``, not ``statistics``: a top-level package
``statistics`` would shadow Python's standard-library module of that name, which Django's SQLite
backend (``django/db/backends/sqlite3/_functions.py``) and bench/ import."""
