"""Helpers for the demo data loaders (each app has a `demo.py` with `load(report)`).

The loaders are idempotent: running `make demo` again updates the same pages and users.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Locale, Page

DEMO_PASSWORD = "kaiku-demo-2026"  # noqa: S105  (demo data only; printed for the person running it)
LANGS = ("fi", "sv", "en", "fi-x-selko")


def locales():
    return {loc.language_code: loc for loc in Locale.objects.filter(language_code__in=LANGS)}


def ensure_user(username, *, email=None, groups=(), superuser=False, first_name="", last_name=""):
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


def grant_admin_access(group):
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )


def paragraphs(*texts):
    """Rich text from plain paragraphs (each may contain inline HTML)."""
    return "".join(f"<p>{t}</p>" for t in texts)


def bullet_list(*items):
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def upsert_page(parent, model, slug, fields, *, locale=None):
    """Create or update a live page `slug` under `parent` with `fields`, and publish it."""
    locale = locale or parent.locale
    page = model.objects.filter(
        slug=slug, locale=locale, path__startswith=parent.path, depth=parent.depth + 1
    ).first()
    if page is None:
        page = model(slug=slug, locale=locale, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    page.save_revision().publish()
    return page


@transaction.atomic
def upsert_translation(source, locale, fields):
    """Create or update `source`'s translation into `locale` with `fields` (converting an alias)."""
    page = source.get_translation_or_none(locale)
    if page is None:
        page = source.copy_for_translation(locale, copy_parents=False)
    page = page.specific
    if page.alias_of_id:
        # An alias created by tree synchronisation becomes a real translation.
        page.alias_of = None
    for name, value in fields.items():
        setattr(page, name, value)
    page.save()
    page.save_revision().publish()
    return page


def ensure_tree_roots():
    """The root page and root collection that Wagtail's migrations create. A flushed database
    (after a transactional test) has lost them; the demo loaders need both."""
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if Page.get_first_root_node() is None:
        locale, _ = Locale.objects.get_or_create(language_code="fi")
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
