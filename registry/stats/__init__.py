"""Registry statistics: dashboards per role, the public statistics page, live figures, exports and
the cardholder's own "check my card" view. Every number passes through :mod:`registry.disclosure`."""
