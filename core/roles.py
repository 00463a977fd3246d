"""Who is who: the national office and the regions' coordinators.

Roles are Django groups. The national office's editors are one group; every region has its own
coordinators' group (``Region.coordinators_group``). Apps ask these functions, never group names.
"""

from django.contrib.auth.models import Group

NATIONAL_EDITORS = "Kansalliset toimittajat"


def national_editors_group() -> Group:
    group, _ = Group.objects.get_or_create(name=NATIONAL_EDITORS)
    return group


def is_national(user) -> bool:
    """The national office (Kaikukeskus): superusers and national editors see and approve everything."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_kaiku_is_national", None)
    if cached is None:
        cached = user.groups.filter(name=NATIONAL_EDITORS).exists()
        user._kaiku_is_national = cached
    return cached
