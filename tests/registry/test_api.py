import re
import uuid

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from registry.models import Use

pytestmark = [pytest.mark.django_db]


def test_check_card_without_background_data(api, family_card):
    response = api.get(f"/api/registry/cards/{family_card.number.lower()}/")
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] and body["children_allowed"] == 2 and body["number"] == family_card.number
    assert set(body) == {
        "number",
        "valid",
        "refusal",
        "kind",
        "community_name",
        "valid_until",
        "children_allowed",
    }


def test_check_refusals(api, expired_card):
    body = api.get(f"/api/registry/cards/{expired_card.number}/").json()
    assert not body["valid"] and body["refusal"]["code"] == "expired" and body["refusal"]["advice"]
    body = api.get("/api/registry/cards/K000000199/").json()
    assert body["refusal"]["code"] == "number_mistyped"


def test_record_use_replay_records_once(api, agency, family_card):
    key = str(uuid.uuid4())
    payload = {"number": family_card.number, "children": 2}
    first = api.post("/api/registry/uses/", payload, format="json", HTTP_IDEMPOTENCY_KEY=key)
    again = api.post("/api/registry/uses/", payload, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json() == again.json()
    assert Use.objects.filter(idempotency_key=key, venue=agency).count() == 1


def test_writes_need_an_idempotency_key(api, family_card):
    response = api.post("/api/registry/uses/", {"number": family_card.number}, format="json")
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["detail"]


def test_api_applies_the_desk_rules(api, family_card, community_card):
    response = api.post(
        "/api/registry/uses/",
        {"number": family_card.number, "children": 3},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert response.status_code == 400
    assert response.json()["errors"]["children"]["code"] == "too_many_children"
    response = api.post(
        "/api/registry/uses/",
        {"number": community_card.number, "kind": "course"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert response.json()["errors"]["number"]["code"] == "community_card_course"


def test_api_group_visit(api, community_card, make_card):
    member = make_card()
    response = api.post(
        "/api/registry/uses/",
        {"community_number": community_card.number, "members": [{"number": member.number}]},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert response.status_code == 201 and len(response.json()) == 2


def test_api_permissions(users, family_card, other_venue):
    anonymous = APIClient()
    assert anonymous.get(f"/api/registry/cards/{family_card.number}/").status_code == 401
    for role in ["distributor", "coordinator"]:
        token, _ = Token.objects.get_or_create(user=users[role])
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        assert client.get(f"/api/registry/cards/{family_card.number}/").status_code == 403
    token, _ = Token.objects.get_or_create(user=users["venue"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post(
        "/api/registry/uses/",
        {"organisation": other_venue.pk, "number": family_card.number},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert response.status_code == 403


def _throttled(api, number, rate, count):
    """``count`` checks of a card under a ``rate`` for the API's card checks; the answers."""
    from django.conf import settings
    from django.test import override_settings

    with override_settings(RATE_LIMITS={**settings.RATE_LIMITS, "registry_check": rate}):
        return [api.get(f"/api/registry/cards/{number}/") for _ in range(count)]


def test_api_is_throttled_with_a_translated_answer_and_when_to_retry(api, family_card):
    from django.core.cache import cache

    cache.clear()
    answers = _throttled(api, family_card.number, "2/min", 3)
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert 0 < int(answers[2]["Retry-After"]) <= 60
    assert answers[2].json()["detail"].startswith("Pyyntö hidastettu.")  # DRF's, in Finnish
    cache.clear()


def test_throttle_counts_per_window_then_lets_through_again(api, family_card, monkeypatch):
    """N requests per window, then 429 until the window ends (Retry-After says when), then N again."""
    from django.core.cache import cache

    import core.ratelimits

    cache.clear()
    clock = [1_000_000.0]
    monkeypatch.setattr(core.ratelimits.time, "time", lambda: clock[0])
    first = _throttled(api, family_card.number, "3/min", 4)
    assert [a.status_code for a in first] == [200, 200, 200, 429]
    clock[0] += int(first[3]["Retry-After"]) + 1
    again = _throttled(api, family_card.number, "3/min", 4)
    assert [a.status_code for a in again] == [200, 200, 200, 429]


def test_schema_is_published(client):
    response = client.get("/api/registry/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/registry/uses/" in text and "Idempotency-Key" in text
    assert "/api/registry/cards/{number}/" in text
    assert client.get("/api/registry/docs/").status_code == 200


REAL_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/12",
    }
}
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
    }
}


def test_throttle_on_redis_counts_in_one_expiring_key_one_round_trip_a_request(
    api, family_card, monkeypatch
):
    """With Redis (production), the window's counter is one key, incremented by one command a
    request (created by the window's first) and expiring after the window; the third request of a
    2/min rate is refused. Its name holds the account's id and the window, no address."""
    from django.core.cache import cache
    from django.test import override_settings

    import redis

    commands = []
    execute = redis.Redis.execute_command

    def counted(self, *args, **options):
        if any("throttle" in str(arg) for arg in args):  # the throttle's, not the token's
            commands.append(args[0])
        return execute(self, *args, **options)

    with override_settings(CACHES=REAL_REDIS):
        cache.clear()
        codes = [a.status_code for a in _throttled(api, family_card.number, "2/min", 1)]
        monkeypatch.setattr(redis.Redis, "execute_command", counted)
        codes += [a.status_code for a in _throttled(api, family_card.number, "2/min", 2)]
        monkeypatch.undo()
        client = cache.client.get_client(write=True)
        keys = client.keys("*throttle*")
        assert len(keys) == 1
        assert int(client.get(keys[0])) == 3
        assert 0 < client.ttl(keys[0]) <= 65  # the window, and a 5 s margin
        user_id = Token.objects.get(key=api._credentials["HTTP_AUTHORIZATION"].split()[1]).user_id
        assert re.fullmatch(rf":1:throttle:registry_check:{user_id}:[0-9]+", keys[0].decode())
        cache.clear()
    assert codes == [200, 200, 429]
    assert commands == ["EVAL", "EVAL"]  # one round trip a request once the window's key exists


def test_throttle_lets_desks_work_when_redis_is_down(api, family_card):
    from django.core.cache import cache
    from django.test import override_settings

    with override_settings(CACHES=UNREACHABLE_REDIS, DJANGO_REDIS_IGNORE_EXCEPTIONS=True):
        assert cache.client.__class__.__name__ == "DefaultClient"
        codes = [a.status_code for a in _throttled(api, family_card.number, "2/min", 3)]
    assert codes == [200, 200, 200]
