"""Token-authenticated JSON API for ticket agencies (and venues' own systems).

Two endpoints with the desk's rules: check a card, record a use (or a group visit). Writes require an
``Idempotency-Key`` header: a replay with the same key and the same request returns the original
records with status 200 instead of recording again; the same key with a different request is
refused with 422 (``idempotency_key_mismatch``). Rate limits: core/ratelimits.py, per account
(settings.RATE_LIMITS).
"""

import datetime
import threading
import uuid

from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotFound, ParseError, PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ratelimits import RateLimitThrottle
from core.roles import is_national
from shows import tickets

from . import api_limits, permissions, rules, services
from .authentication import CachedTokenAuthentication
from .models import Organisation, Use

USE_DESKS = (Organisation.Kind.VENUE, Organisation.Kind.TICKET_AGENCY)


class RefusalSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    advice = serializers.CharField(allow_blank=True)


class CardStatusSerializer(serializers.Serializer):
    number = serializers.CharField()
    valid = serializers.BooleanField()
    refusal = RefusalSerializer(allow_null=True)
    kind = serializers.CharField(allow_null=True)
    community_name = serializers.CharField(allow_blank=True, allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    children_allowed = serializers.IntegerField(allow_null=True)


_per_thread = threading.local()


class FieldsPerThread:
    """A serializer whose fields are built once per thread and bound to each new instance.

    DRF deep-copies a serializer's declared fields (and builds a ModelSerializer's from the model)
    for every instance: on the desk API that cost more than validating the request or writing the
    answer. A field keeps no state of one validation or answer, so a thread's copy serves each
    instance made in that thread, one after another (DRF binds it to its serializer anew)."""

    def get_fields(self):
        made = _per_thread.__dict__.setdefault("fields", {})
        found = made.get(type(self))
        if found is None:
            fields = super().get_fields()
            found = made[type(self)] = (fields, {name: f.source for name, f in fields.items()})
        fields, sources = found
        for name, field in fields.items():
            field.source = sources[name]  # as declared: binding sets a missing source to the name
        return fields


def represent(serializer_class, instance):
    """``serializer_class(instance).data``, by this thread's one instance of the serializer."""
    made = _per_thread.__dict__.setdefault("serializers", {})
    serializer = made.get(serializer_class)
    if serializer is None:
        serializer = made[serializer_class] = serializer_class()
    return serializer.to_representation(instance)


class MemberSerializer(FieldsPerThread, serializers.Serializer):
    number = serializers.CharField(max_length=20)
    children = serializers.IntegerField(min_value=0, max_value=rules.MAX_CHILDREN, default=0)


class UseRequestSerializer(FieldsPerThread, serializers.Serializer):
    organisation = serializers.IntegerField(
        required=False, help_text="The venue or ticket agency; needed if the account has several."
    )
    kind = serializers.ChoiceField(choices=Use.Kind.choices, default=Use.Kind.TICKET)
    show = serializers.UUIDField(
        required=False,
        help_text="Optional: the show the tickets are for (its id in the JSON feed).",
    )
    number = serializers.CharField(max_length=20, required=False, help_text="A single use.")
    children = serializers.IntegerField(min_value=0, max_value=rules.MAX_CHILDREN, default=0)
    community_number = serializers.CharField(
        max_length=20, required=False, help_text="A group visit: the community card."
    )
    community_children = serializers.IntegerField(
        min_value=0, max_value=rules.MAX_CHILDREN, default=0
    )
    # Bounded here, before any card is looked up.
    members = MemberSerializer(
        many=True,
        required=False,
        max_length=services.GROUP_MAX_MEMBERS,
        error_messages={"max_length": _("A group visit has at most {max_length} members.")},
    )

    def validate(self, data):
        if bool(data.get("number")) == bool(data.get("community_number")):
            raise ValidationError(_("Send either a card number or a community card with members."))
        if data.get("community_number") and not data.get("members"):
            raise ValidationError({"members": _("Add the card of each group member.")})
        return data


class UseSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="card.number")

    class Meta:
        model = Use
        fields = ["id", "number", "kind", "adults", "children", "group_visit", "recorded_at"]


# --- The documented error answers (tests/fuzz/test_api_schema.py holds the API to them) ----------

# Raw schemas, each built anew where used: a shared dict would come out as a YAML alias.


def _detail_schema(**more):
    """``{"detail": "…"}``, with the ``more`` properties first if any."""
    properties = {**more, "detail": {"type": "string"}}
    return {"type": "object", "properties": properties, "required": [*more, "detail"]}


def _field_errors(*names, nested=()):
    """DRF's validation errors: a list of messages per field named (or a nested structure)."""
    properties = {
        name: {"type": "array", "items": {"type": "string"}}
        for name in ("non_field_errors", *names)
    }
    for name in nested:
        properties[name] = {"oneOf": [{"type": "array"}, {"type": "object"}]}
    return {"type": "object", "properties": properties, "additionalProperties": False}


def _use_refused_schema():
    """A use refused by the desk's rules: a refusal (registry/rules.py) per field."""
    refusal = {
        "type": "object",
        "properties": {name: {"type": "string"} for name in ("code", "message", "advice")},
        "required": ["code", "message", "advice"],
    }
    return {
        "type": "object",
        "properties": {"errors": {"type": "object", "additionalProperties": refusal}},
        "required": ["errors"],
    }


def _detail(description):
    return OpenApiResponse(_detail_schema(), description=description)


def _common_errors(body=False):
    """401, 403 and 429; with ``body``, first 413 and 415 (registry/api_limits.py)."""
    errors = {}
    if body:
        errors[413] = _detail("The body is larger than 64 kB (registry/api_limits.py).")
        errors[415] = _detail("The body is not JSON or a form (multipart data is not accepted).")
    return errors | {
        401: _detail("No token, or an unknown one."),
        403: _detail(
            "The account may not use the API for this organisation (or, signed in on the "
            "website, has not given its second factor)."
        ),
        429: _detail("Too many requests: wait as long as the Retry-After header says."),
    }


def _refusal(refusal):
    if refusal is None:
        return None
    return {"code": refusal.code, "message": str(refusal.message), "advice": str(refusal.advice)}


class RegistryAPIView(APIView):
    # The token first: a call with a valid token is that token's account, never the session's
    # (accounts/middleware.py lets only such calls skip the session's second factor).
    authentication_classes = [CachedTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    parser_classes = api_limits.PARSER_CLASSES  # JSON or a form, at most 64 kB; no multipart
    renderer_classes = [JSONRenderer]
    throttle_classes = [RateLimitThrottle]  # settings.RATE_LIMITS[throttle_scope]

    def desk(self, organisation_id=None):
        """The venue or ticket agency this call acts for; only its members (or the national office)."""
        user = self.request.user
        own = permissions.member_organisations(user, USE_DESKS)
        if organisation_id is None:
            if len(own) == 1:
                return own[0]
            if not own:
                raise PermissionDenied(
                    _("This account does not belong to a venue or ticket agency.")
                )
            # A list of messages per field, as a serializer answers (outside one, DRF keeps a string).
            raise ValidationError({"organisation": [_("Say which organisation records the use.")]})
        found = next((o for o in own if o.pk == organisation_id), None)
        if found is None and is_national(user):
            desks = Organisation.objects.filter(kind__in=USE_DESKS, is_active=True)
            found = desks.filter(pk=organisation_id).first()
        if found:
            return found
        raise PermissionDenied(_("This account cannot record uses for that organisation."))


# The card check by URL (GET cards/<number>/) put card numbers into access logs and proxies' logs.
# It answers until this date for the ticket agencies' existing clients, saying so in its headers
# (RFC 9745 Deprecation, RFC 8594 Sunset); README and the API docs page give the same date.
CARD_CHECK_GET_DEPRECATED = datetime.datetime(2026, 12, 5, tzinfo=datetime.UTC)
CARD_CHECK_GET_SUNSET = datetime.date(2027, 6, 30)
CARD_CHECK_GET_SUNSET_HTTP = http_date(
    datetime.datetime.combine(CARD_CHECK_GET_SUNSET, datetime.time(), datetime.UTC).timestamp()
)


class CardCheckQuerySerializer(serializers.Serializer):
    organisation = serializers.IntegerField(
        required=False,
        help_text="The venue or ticket agency; needed if the account has several.",
        error_messages={"invalid": _("Not a number."), "max_string_length": _("Not a number.")},
    )


class CardCheckRequestSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=20, help_text="The card number, as typed or scanned.")
    organisation = serializers.IntegerField(
        required=False, help_text="The venue or ticket agency; needed if the account has several."
    )


class CardCheckView(RegistryAPIView):
    """Deprecated: the number in the URL. CardCheckByBodyView is the same check by POST."""

    throttle_scope = "registry_check"

    @extend_schema(
        summary="Check a card (deprecated: POST /api/registry/cards/check/)",
        description="Whether the card can be used today, until when, and how many children's "
        "tickets it allows. Never returns background data. Deprecated: the number in the URL "
        f"ends up in access logs. Answers until {CARD_CHECK_GET_SUNSET.isoformat()} (Sunset "
        "header); use POST /api/registry/cards/check/.",
        deprecated=True,
        parameters=[CardCheckQuerySerializer],
        responses={
            200: CardStatusSerializer,
            400: OpenApiResponse(
                _field_errors("organisation"),
                description="The organisation is not a number, or the account has several and "
                "none was named.",
            ),
            **_common_errors(),
        },
    )
    def get(self, request, number):
        query = CardCheckQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        response = self.check(number, query.validated_data.get("organisation"))
        response["Deprecation"] = f"@{int(CARD_CHECK_GET_DEPRECATED.timestamp())}"
        response["Sunset"] = CARD_CHECK_GET_SUNSET_HTTP
        response["Link"] = f'<{reverse("registry_api_card_check")}>; rel="successor-version"'
        return response

    def check(self, number, organisation_id):
        self.desk(organisation_id)
        parsed, card, refusal = services.find_card(number)
        if card is not None or refusal is None:  # else the number's own refusal (mistyped, …)
            refusal = rules.card_refusal(card, services.today())
        body = {
            "number": parsed.text,
            "valid": refusal is None,
            "refusal": _refusal(refusal),
            "kind": card.kind if card else None,
            "community_name": card.community_name if card else None,
            "valid_until": card.valid_until if card else None,
            "children_allowed": card.children_count if card else None,
        }
        return Response(represent(CardStatusSerializer, body))


class CardCheckByBodyView(CardCheckView):
    """The card check with the number in a JSON body, so that it stays out of URLs and logs."""

    http_method_names = ["post", "options"]

    @extend_schema(
        summary="Check a card",
        description="Whether the card can be used today, until when, and how many children's "
        "tickets it allows. Never returns background data. The number is sent in the body so "
        "that it never appears in a URL or an access log.",
        request=CardCheckRequestSerializer,
        responses={
            200: CardStatusSerializer,
            400: OpenApiResponse(
                {"oneOf": [_field_errors("number", "organisation"), _detail_schema()]},
                description="No number, the organisation is not a number, or the account has "
                "several and none was named (a list of messages per field); or a body that "
                "cannot be read (`detail`).",
            ),
            **_common_errors(body=True),
        },
    )
    def post(self, request):
        serializer = CardCheckRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        return self.check(data["number"], data.get("organisation"))


IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.UUID,
    OpenApiParameter.HEADER,
    required=True,
    description="A UUID made by the client for this record; resend it on every retry.",
)


class UseCreateView(RegistryAPIView):
    throttle_scope = "registry_write"

    @extend_schema(
        summary="Record a use or a group visit",
        parameters=[IDEMPOTENCY_HEADER],
        request=UseRequestSerializer,
        responses={
            201: UseSerializer(many=True),
            200: UseSerializer(many=True),
            400: OpenApiResponse(
                {
                    "oneOf": [
                        _use_refused_schema(),
                        _field_errors(
                            *(n for n in UseRequestSerializer().fields if n != "members"),
                            nested=["members"],
                        ),
                        _detail_schema(),
                    ]
                },
                description="Refused by the desk's rules (`errors`: a refusal per field), a "
                "malformed request (a list of messages per field), or a missing or malformed "
                "Idempotency-Key header or body (`detail`).",
            ),
            404: _detail("This Idempotency-Key was already used by another organisation."),
            422: OpenApiResponse(
                _detail_schema(code={"type": "string", "enum": ["idempotency_key_mismatch"]}),
                description="This Idempotency-Key was first sent with a different request: "
                "nothing was recorded or replayed. A new request needs a new key.",
            ),
            **_common_errors(body=True),
        },
    )
    def post(self, request):
        try:
            key = uuid.UUID(request.headers.get("Idempotency-Key", ""))
        except ValueError:
            raise ParseError(_("The Idempotency-Key header must be a UUID.")) from None
        serializer = UseRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        venue = self.desk(data.get("organisation"))
        show = None
        if "show" in data:
            show = tickets.desk_show(venue, data["show"])
            if show is None:
                raise ValidationError({"show": [_("No such show at this venue.")]})
        if data.get("community_number"):
            community = services.Entry.named(data, "community_number", "community_children")
            entries = [
                services.Entry(m["number"], m["children"], f"members.{i}", f"members.{i}.children")
                for i, m in enumerate(data["members"])
            ]
        else:
            community = None
            entries = [services.Entry(data["number"], data["children"], "number")]
        try:
            result = services.record_uses(
                venue=venue,
                user=request.user,
                key=key,
                kind=data["kind"],
                entries=entries,
                community=community,
                show=show,
            )
        except services.RegistryError as error:
            if any(r.code == "key_reused" for r in error.errors.values()):
                raise NotFound(error.first.message) from None
            if error.first.code == "key_mismatch":
                # The key was first sent with another request: nothing recorded, nothing replayed.
                detail = _(
                    "This Idempotency-Key was already used with a different request. "
                    "Send a new key for a new request."
                )
                body = {"code": "idempotency_key_mismatch", "detail": str(detail)}
                return Response(body, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
            errors = {field or "non_field_errors": _refusal(r) for field, r in error.errors.items()}
            return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            [represent(UseSerializer, use) for use in result.uses],
            status=status.HTTP_200_OK if result.replayed else status.HTTP_201_CREATED,
        )
