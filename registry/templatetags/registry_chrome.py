"""The registry's slim service header: who is signed in, for which organisation, and the links
between the desks, the cards, the statistics and the account's two-factor settings.

A template tag rather than view context, so that every desk has it without each view passing it."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext

from registry import permissions
from registry.models import Organisation

register = template.Library()

# Views that work for one organisation (its `organisation` in the context): the unit's card desk
# and the venue's use desk. A coordinator's view of an organisation is not working for it.
WORKING_FOR = {"unit_cards", "unit_register", "unit_card", "unit_reissue", "unit_card_action"}
WORKING_FOR |= {"venue_desk", "venue_record", "venue_group", "venue_undo"}


def registry_links(user, current):
    """[(label, url, is current)] for the signed-in user: only what they may open."""
    namespace, name = current
    at_desk = (namespace, name) == ("registry", "home") or name in WORKING_FOR - {"unit_cards"}
    links = [(gettext("Desk"), reverse("registry:home"), at_desk)]
    units = permissions.member_organisations(user, [Organisation.Kind.DISTRIBUTOR])
    if len(units) == 1:
        cards = reverse("registry:unit_cards", kwargs={"org": units[0].pk})
        links.append((gettext("Cards"), cards, name in {"unit_cards", "unit_card"}))
    if permissions.may_see_statistics(user):
        links.append((gettext("Statistics"), reverse("stats:dashboards"), namespace == "stats"))
    two_factor = gettext("Two-factor authentication")
    links.append((two_factor, reverse("accounts:manage"), namespace == "accounts"))
    return links


@register.inclusion_tag("registry/_header.html", takes_context=True)
def registry_header(context):
    request = context["request"]
    user = request.user
    match = getattr(request, "resolver_match", None)
    current = (match.namespace, match.url_name) if match else (None, None)
    organisation = context.get("organisation") if current[1] in WORKING_FOR else None
    return {
        "request": request,
        "user": user,
        "organisation": organisation,
        "links": registry_links(user, current) if user.is_authenticated else [],
        "PLAIN_FINNISH": context.get("PLAIN_FINNISH"),
    }


@register.simple_tag(takes_context=True)
def may_see_statistics(context):
    return permissions.may_see_statistics(context["request"].user)
