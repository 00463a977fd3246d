from . import matrix_stats


def pytest_terminal_summary(terminalreporter):
    counts = matrix_stats.COUNTS
    if counts["checked_cells"] or counts["declared_cells"]:
        terminalreporter.write_line(
            "permission matrix: {checked_cells} cells checked of {declared_cells} declared "
            "({patterns} URL patterns classified, {requested_patterns} requested)".format(**counts)
        )
