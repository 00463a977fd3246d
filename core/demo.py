"""The demo's shared login facts. The demo itself is data (demo/fixtures/, loaded by `load_demo`)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

DEMO_PASSWORD = "kaiku-demo-2026"  # noqa: S105  (demo data only; printed for the person running it)

# What `load_demo` prints: (role, username) of the demo users, in the fixtures' users.json.
DEMO_LOGINS = [
    ("national administrator (superuser)", "admin"),
    ("national editor", "toimittaja"),
    ("Kainuu coordinator (culture side)", "kainuu-kulttuuri"),
    ("Kainuu coordinator (social and health side)", "kainuu-sote"),
    ("Lappi coordinator (culture side)", "lappi-kulttuuri"),
    ("Registry: national administrator", "rekisteri-kansallinen"),
    ("Registry: Kainuu coordinator", "koordinaattori-kainuu"),
    ("Registry: Lappi coordinator", "koordinaattori-lappi"),
    ("Registry: distributor unit (Kajaani)", "jakaja-kajaani"),
    ("Registry: venue (Kajaani)", "kohde-kajaani"),
    ("Registry: ticket agency", "lipputoimisto"),
    ("Registry: distributor unit (Rovaniemi)", "jakaja-rovaniemi"),
    ("Registry: venue (Rovaniemi)", "kohde-rovaniemi"),
]


def ensure_user(username, *, email=None, groups=(), superuser=False, first_name="", last_name=""):
    """A user with the demo password (created or updated), for the bench and for tests."""
    User = get_user_model()
    user, _created = User.objects.get_or_create(username=username, defaults={"email": email or ""})
    user.email = email or f"{username}@example.fi"
    user.first_name, user.last_name = first_name, last_name
    user.is_staff = superuser
    user.is_superuser = superuser
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    for name in groups:
        user.groups.add(Group.objects.get(name=name) if isinstance(name, str) else name)
    return user
