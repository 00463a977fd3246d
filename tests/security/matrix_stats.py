"""Counters for the permission matrix, printed at the end of the run (tests/security/conftest.py)."""

COUNTS = {"declared_cells": 0, "patterns": 0, "requested_patterns": 0, "checked_cells": 0}


def declared(*, cells, patterns, requested):
    COUNTS.update(declared_cells=cells, patterns=patterns, requested_patterns=requested)


def checked(cells):
    COUNTS["checked_cells"] += cells
