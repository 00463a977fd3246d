"""The registry's slim service header (issue 17, item 8): who is signed in, for which organisation,
and the links between the desks, the cards, the statistics and the account's two-factor settings.

A template tag rather than view context, so that every desk has it without each view passing it."""

from django import template
from django.urls import reverse

register = template.Library()

# Views that work for one organisation (its `organisation` in the context): the unit's card desk
# and the venue's use desk. A coordinator's view of an organisation is not working for it.
WORKING_FOR = {
    "unit_cards",
    "unit_register",
    "unit_card",
    "unit_reissue",
    "unit_card_action",
    "venue_desk",
    "venue_record",
    "venue_group",
    "venue_undo",
}


def _current(request):
    match = getattr(request, "resolver_match", None)
    return (match.namespace, match.url_name) if match else (None, None)


def registry_links(user, current):
    """[(label, url, is current)] for the signed-in user: only what they may open."""
    from django.utils.translation import gettext

    from registry import permissions
    from registry.models import Organisation

    namespace, name = current
    links = [
        (
            gettext("Desk"),
            reverse("registry:home"),
            (namespace, name) == ("registry", "home") or name in WORKING_FOR - {"unit_cards"},
        )
    ]
    units = list(permissions.member_organisations(user, [Organisation.Kind.DISTRIBUTOR]))
    if len(units) == 1:
        links.append(
            (
                gettext("Cards"),
                reverse("registry:unit_cards", kwargs={"org": units[0].pk}),
                name in {"unit_cards", "unit_card"},
            )
        )
    if permissions.may_see_statistics(user):
        links.append((gettext("Statistics"), reverse("stats:dashboards"), namespace == "stats"))
    links.append(
        (gettext("Two-factor authentication"), reverse("accounts:manage"), namespace == "accounts")
    )
    return links


@register.inclusion_tag("registry/_header.html", takes_context=True)
def registry_header(context):
    request = context["request"]
    user = request.user
    current = _current(request)
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
    from registry import permissions

    return permissions.may_see_statistics(context["request"].user)
