"""Nothing that identifies a person can be stored (DOMAIN.md, "Registration"; issue 5)."""

import re

from django.apps import apps
from django.db import models

FORBIDDEN = re.compile(
    r"(^|_)(name|first_?name|last_?name|surname|full_?name|holder_?name|person_?name|"
    r"birth_?date|date_of_birth|dob|birthday|ssn|hetu|henkilotunnus|identity|personal_?id|"
    r"id_?number|address|street|phone|mobile|gsm|email|notes?|comment|remarks?|description|free_?text)($|_)"
)


# Names of organisations, never of people (a community card carries its organisation's name).
ALLOWED = {"Organisation.name", "Card.community_name"}


def registry_models():
    return list(apps.get_app_config("registry").get_models())


def test_every_registry_model_is_checked():
    names = {m.__name__ for m in registry_models()}
    assert {"Card", "CardBatch", "CardEvent", "Organisation", "Membership", "Use"} <= names


def test_no_personal_field_names_in_any_registry_model():
    offending = [
        f"{model.__name__}.{field.name}"
        for model in registry_models()
        for field in model._meta.get_fields()
        if FORBIDDEN.search(field.name) and f"{model.__name__}.{field.name}" not in ALLOWED
    ]
    assert offending == []


def test_card_has_no_free_text_and_only_short_bounded_strings():
    for field in apps.get_model("registry", "Card")._meta.concrete_fields:
        assert not isinstance(field, models.TextField | models.JSONField), field.name
        if isinstance(field, models.CharField) and field.name != "community_name":
            # Codes and choices only: short, and either a choice list or a fixed format.
            assert field.max_length <= 16, field.name
            assert field.choices or field.name in {"number", "postal_code"}, field.name


def test_the_pattern_catches_what_it_should():
    for bad in ["name_of_holder", "first_name", "birth_date", "phone", "address", "notes", "hetu"]:
        assert FORBIDDEN.search(bad), bad
    for fine in ["birth_year", "postal_code", "number", "children_count"]:
        assert not FORBIDDEN.search(fine), fine
