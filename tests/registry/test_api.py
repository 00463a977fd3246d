import uuid

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from registry.models import Use

pytestmark = pytest.mark.django_db


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


def test_api_permissions(users, family_card, lappi_venue):
    anonymous = APIClient()
    assert anonymous.get(f"/api/registry/cards/{family_card.number}/").status_code == 401
    for role in ["distributor", "kainuu_coordinator"]:
        token, _ = Token.objects.get_or_create(user=users[role])
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        assert client.get(f"/api/registry/cards/{family_card.number}/").status_code == 403
    token, _ = Token.objects.get_or_create(user=users["venue"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post(
        "/api/registry/uses/",
        {"organisation": lappi_venue.pk, "number": family_card.number},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert response.status_code == 403


def test_api_is_throttled(api, family_card, settings):
    from django.core.cache import cache

    cache.clear()
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
    from rest_framework.throttling import ScopedRateThrottle

    original = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = {**rates, "registry_check": "2/min"}
    try:
        codes = [
            api.get(f"/api/registry/cards/{family_card.number}/").status_code for _ in range(3)
        ]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = original
        cache.clear()
    assert codes == [200, 200, 429]


def test_throttle_counts_per_window_and_says_when_to_retry(monkeypatch):
    """The counter throttle: N requests per window, then 429 with Retry-After until the window
    ends, then N again; its cache entry is one number, whatever the rate."""
    from django.core.cache import cache

    from rest_framework.test import APIRequestFactory

    from registry.api import CountingScopedRateThrottle

    cache.clear()
    clock = [1_000_000.0]
    monkeypatch.setattr(CountingScopedRateThrottle, "timer", lambda self: clock[0])
    monkeypatch.setattr(CountingScopedRateThrottle, "THROTTLE_RATES", {"registry_check": "3/min"})

    class View:
        throttle_scope = "registry_check"

    request = APIRequestFactory().get("/")
    request.user = type("U", (), {"is_authenticated": True, "pk": 7})()

    def allowed():
        throttle = CountingScopedRateThrottle()
        return throttle.allow_request(request, View()), throttle

    assert [allowed()[0] for _ in range(3)] == [True, True, True]
    refused, throttle = allowed()
    assert refused is False
    window_end = (int(clock[0] // 60) + 1) * 60
    assert throttle.wait() == window_end - clock[0]
    clock[0] = window_end + 0.5
    assert [allowed()[0] for _ in range(4)] == [True, True, True, False]
    assert cache.get(f"throttle_registry_check_7:{int(clock[0] // 60)}") == 4  # one number


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


def _throttled_codes(api, number, rate, count):
    from rest_framework.throttling import ScopedRateThrottle

    original = ScopedRateThrottle.THROTTLE_RATES
    ScopedRateThrottle.THROTTLE_RATES = {**original, "registry_check": rate}
    try:
        return [api.get(f"/api/registry/cards/{number}/").status_code for _ in range(count)]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = original


def test_throttle_on_redis_counts_in_one_expiring_key(api, family_card, users):
    """With Redis (production), the window's counter is one INCR'd key that expires after the
    window; the third request of a 2/min rate is refused."""
    from django.core.cache import cache
    from django.test import override_settings

    with override_settings(CACHES=REAL_REDIS):
        cache.clear()
        codes = _throttled_codes(api, family_card.number, "2/min", 3)
        client = cache.client.get_client(write=True)
        keys = client.keys("*throttle_registry_check_*")
        assert len(keys) == 1
        assert int(client.get(keys[0])) == 3
        assert 0 < client.ttl(keys[0]) <= 61
        cache.clear()
    assert codes == [200, 200, 429]


def test_throttle_lets_desks_work_when_redis_is_down(api, family_card):
    from django.core.cache import cache
    from django.test import override_settings

    with override_settings(CACHES=UNREACHABLE_REDIS, DJANGO_REDIS_IGNORE_EXCEPTIONS=True):
        assert cache.client.__class__.__name__ == "DefaultClient"
        codes = _throttled_codes(api, family_card.number, "2/min", 3)
    assert codes == [200, 200, 200]
