"""The registry API's token check: DRF's TokenAuthentication, its answer kept in the cache.

A desk's card check is one request; with DRF's own lookup it was three queries (the token with its
account, the account's memberships, the card), and the token and the memberships were 47 % of a
check's time in-process. At full scale (bench/RESULTS.md, 2026-12-06: 1 M cards, 8 desks) the
check-card p95 was then 24.8 ms against the 20 ms target. Here DRF answers once; the account (without
its password hash) and its memberships are kept in the default cache for ``TTL`` seconds under a keyed
hash of the token, and a check is one query (the card).

Kept exact: deleting a token or saving it, saving or deleting its account (deactivation, a new
password), and saving or deleting a membership or an organisation drop the answers they could change,
in every process at once (the cache is shared). With the cache down, every check asks DRF again.
"""

import copy

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.crypto import salted_hmac

from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from .models import Membership, Organisation
from .permissions import memberships

TTL = 60  # seconds: every change that matters drops the answer at once; this bounds a race with it


def _key(token_key: str) -> str:
    return "api-token:" + salted_hmac("registry-api-token", token_key).hexdigest()


class CachedTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        found = cache.get(_key(key))
        if found is not None:
            user, token, user._registry_memberships = found
            return user, token
        user, token = super().authenticate_credentials(key)
        kept = copy.copy(user)
        del kept.password  # deferred: read from the database if anything asks for it
        cache.set(_key(key), (kept, token, memberships(user)), TTL)
        return user, token


def _forget(keys):
    """Drop these answers now and again when the change commits (a check that read the database
    before the commit may have kept the old answer in between)."""
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def forget_tokens(user_ids):
    """Drop the cached answers of these accounts' tokens."""
    keys = Token.objects.filter(user_id__in=list(user_ids)).values_list("key", flat=True)
    _forget([_key(key) for key in keys])


def _token_changed(sender, instance, **kwargs):
    _forget([_key(instance.key)])


def _user_changed(sender, instance, **kwargs):
    forget_tokens([instance.pk])


def _membership_changed(sender, instance, **kwargs):
    forget_tokens([instance.user_id])


def _organisation_changed(sender, instance, **kwargs):
    forget_tokens(
        Membership.objects.filter(organisation=instance).values_list("user_id", flat=True)
    )


def connect():
    for sender, receiver in [
        (Token, _token_changed),
        (settings.AUTH_USER_MODEL, _user_changed),
        (Membership, _membership_changed),
        (Organisation, _organisation_changed),
    ]:
        post_save.connect(receiver, sender=sender)
        post_delete.connect(receiver, sender=sender)
