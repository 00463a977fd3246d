"""Per-object answers to "may this user act on this region?". Every app asks here."""

from core.roles import is_national

from .models import Region


def regions_coordinated_by(user):
    """The regions this user coordinates (all of them for the national office)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Region.objects.none()
    if is_national(user):
        return Region.objects.all()
    return Region.objects.filter(coordinators_group__in=user.groups.all())


def can_coordinate(user, region) -> bool:
    if region is None:
        return is_national(user)
    return regions_coordinated_by(user).filter(pk=region.pk).exists()
