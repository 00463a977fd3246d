"""The registry API's token check: DRF's TokenAuthentication, its answer kept in the cache.

With DRF's own lookup a desk's card check was three queries (the token with its account, the
account's memberships, the card) and missed the 20 ms p95 target at full scale (bench/RESULTS.md).
Here DRF answers once; the account (without its password hash) and its memberships are kept in the
default cache for ``TTL`` seconds under a keyed hash of the token, and a check is one query.

Kept exact: deleting a token or saving it, deactivating its account or giving it a new password,
deleting the account, and saving or deleting a membership or an organisation drop the answers they
could change, in every process at once (the cache is shared). With the cache down, every check asks
DRF again. Other saves of an account (the ``last_login`` written at every sign-in) leave the answers
alone without a query: each account remembers the two fields as it was read (``post_init``).
"""

import copy

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
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
        kept.__dict__.pop(_SEEN, None)  # nor the hash as it was loaded (below)
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


# The account's fields a cached answer depends on (DRF refuses an inactive account; a new password
# is how an administrator locks a leaked account out).
WATCHED = ("is_active", "password")
_SEEN = "_token_fields_seen"


def _watched(user):
    """The watched fields as loaded (a deferred one, not loaded, counts as unknown)."""
    return tuple(user.__dict__.get(name, _SEEN) for name in WATCHED)


def _user_loaded(sender, instance, **kwargs):
    instance.__dict__[_SEEN] = _watched(instance)


def _user_saved(sender, instance, created, update_fields=None, **kwargs):
    before = instance.__dict__.get(_SEEN)
    instance.__dict__[_SEEN] = _watched(instance)
    if created or (update_fields is not None and not set(WATCHED) & set(update_fields)):
        return  # a new account has no token yet; a save that wrote neither field changes nothing
    if before is not None and _SEEN not in before and before == _watched(instance):
        return
    forget_tokens([instance.pk])


def _user_deleted(sender, instance, **kwargs):
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
        (Membership, _membership_changed),
        (Organisation, _organisation_changed),
    ]:
        post_save.connect(receiver, sender=sender)
        post_delete.connect(receiver, sender=sender)
    post_init.connect(_user_loaded, sender=settings.AUTH_USER_MODEL)
    post_save.connect(_user_saved, sender=settings.AUTH_USER_MODEL)
    post_delete.connect(_user_deleted, sender=settings.AUTH_USER_MODEL)
