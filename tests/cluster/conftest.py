"""The cluster test's static files are collected in the background from the start of the session:
WhiteNoise's compression takes most of a core for a while, and the demo data load that every
session begins with leaves the other core idle."""

import shutil
import tempfile
from pathlib import Path

import pytest

from bench import topology

_collect = {}


def pytest_collection_finish(session):
    if any("tests/cluster/test_two_instances.py" in item.nodeid for item in session.items):
        static_root = Path(tempfile.mkdtemp(prefix="kaiku-cluster-static-"))
        _collect["root"] = static_root
        _collect["proc"] = topology.start_collectstatic(static_root)


def pytest_sessionfinish(session):
    proc = _collect.pop("proc", None)
    if proc is not None:
        topology.stop(proc)
    root = _collect.pop("root", None)
    if root is not None:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def collected_static():
    """STATIC_ROOT with the production static files (collected since the session began)."""
    if "proc" not in _collect:
        pytest.fail("collectstatic was not started when the tests were collected")
    topology.wait_collectstatic(_collect["proc"])
    return _collect["root"]
