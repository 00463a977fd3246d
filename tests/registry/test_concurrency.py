"""Many parallel writers, a share of them replaying the same keys: 0 lost and 0 duplicated."""

import threading
import uuid

from django.db import connection, connections

import pytest

from registry import services
from registry.models import Use

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL's concurrency"),
]

THREADS = 10
WRITES_PER_THREAD = 12


def test_parallel_writers_with_replays(venue, users, family_card):
    # Half of the keys are shared by every thread (replays racing each other); half are private.
    shared = [uuid.uuid4() for _ in range(WRITES_PER_THREAD // 2)]
    private = {t: [uuid.uuid4() for _ in range(WRITES_PER_THREAD // 2)] for t in range(THREADS)}
    barrier = threading.Barrier(THREADS)
    errors = []
    results = []
    lock = threading.Lock()

    def writer(index):
        try:
            barrier.wait()
            for key in [*shared, *private[index]]:
                result = services.record_uses(
                    venue=venue,
                    user=users["venue"],
                    key=key,
                    kind="ticket",
                    entries=[services.Entry(family_card.number, 1)],
                )
                with lock:
                    results.append((key, result.uses[0].pk, result.replayed))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    expected_keys = set(shared) | {k for keys in private.values() for k in keys}
    stored = list(
        Use.objects.filter(idempotency_key__in=expected_keys).values_list(
            "idempotency_key", flat=True
        )
    )
    assert len(stored) == len(set(stored))  # 0 duplicated
    assert set(stored) == expected_keys  # 0 lost
    # Every writer of a shared key got the same record back; exactly one of them created it.
    for key in shared:
        answers = [(pk, replayed) for k, pk, replayed in results if k == key]
        assert len(answers) == THREADS
        assert len({pk for pk, _ in answers}) == 1
        assert sum(not replayed for _, replayed in answers) == 1
