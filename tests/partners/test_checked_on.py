"""Every listing says when it was last checked (issue 21.2): the date on the page and in the
finder, the 18-month marker, the yearly reminder and its one-time link, the coordinators' weekly
digest and the admin report. The clock is frozen with unittest.mock (django.utils.timezone.now,
and the signer's time for the link's age)."""

import contextlib
import datetime
import re
import types
from unittest import mock
from urllib.parse import urlsplit

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.models import GroupApprovalTask, Revision, Workflow, WorkflowTask
from wagtail_localize.synctree import create_aliases_for_new_page

import pytest

from accounts.models import PartnerInvitation
from partners import reminders
from partners.freshness import SentNotice, months_before
from partners.models import VenuePage
from tests.accounts.factories import CoordinatorFactory, NationalEditorFactory, UserFactory
from tests.home.factories import national_site
from tests.partners.factories import DistributorPageFactory, VenuePageFactory
from tests.regions.factories import RegionFactory, region_page, regions_index

pytestmark = pytest.mark.django_db

STALE = "<strong>Tiedot voivat olla vanhentuneita.</strong>"  # "Information may be out of date."
HELSINKI = datetime.timezone(datetime.timedelta(hours=2))


@contextlib.contextmanager
def clock(day):
    """Freeze the clock at noon (Helsinki) of `day`: Django's now() and the signer's time()."""
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=HELSINKI)
    fake_time = types.SimpleNamespace(time=lambda: moment.timestamp())
    with (
        mock.patch("django.utils.timezone.now", return_value=moment),
        mock.patch("django.core.signing.time", fake_time),
    ):
        yield


def venue(parent, day, **fields):
    """A venue published on `day`, with aliases in the other languages (made from the published
    page, as the admin's wagtail-localize hook makes them)."""
    with clock(day):
        page = VenuePageFactory(parent=parent, **fields)
        page.refresh_from_db()  # the publish saved another instance
        create_aliases_for_new_page(page)
    return page


@pytest.fixture
def world():
    """Two regions under the national site: "a" (its yearly check in March) and "b" (in June)."""
    home = national_site().root_page
    index = regions_index(home)
    a = RegionFactory(name_fi="Testikainuu", reconfirmation_month=3)
    b = RegionFactory(name_fi="Testilappi", reconfirmation_month=6)
    return types.SimpleNamespace(
        a=a, b=b, page_a=region_page(a, parent=index), page_b=region_page(b, parent=index)
    )


# The date and the marker -----------------------------------------------------------------------


def test_checked_on_is_the_later_of_publish_and_confirmation(world):
    theatre = venue(world.page_a, datetime.date(2026, 3, 12))
    assert theatre.checked_on == datetime.date(2026, 3, 12)
    VenuePage.objects.filter(pk=theatre.pk).update(reconfirmed_at=datetime.date(2026, 5, 2))
    theatre.refresh_from_db()
    assert theatre.checked_on == datetime.date(2026, 5, 2)
    VenuePage.objects.filter(pk=theatre.pk).update(reconfirmed_at=datetime.date(2025, 1, 1))
    theatre.refresh_from_db()
    assert theatre.checked_on == datetime.date(2026, 3, 12)


def test_a_revision_never_brings_an_older_confirmation_back(world):
    theatre = venue(world.page_a, datetime.date(2026, 3, 12))
    draft = theatre.save_revision()  # made before the confirmation
    VenuePage.objects.filter(pk=theatre.pk).update(reconfirmed_at=datetime.date(2026, 4, 1))
    # As the admin and the workflow publish it: the revision read anew, its page from the database.
    Revision.objects.get(pk=draft.pk).publish()
    theatre.refresh_from_db()
    assert theatre.reconfirmed_at == datetime.date(2026, 4, 1)


@pytest.mark.parametrize(
    "path, shown",
    [
        ("/fi/alueet/{region}/{slug}/", "12.3.2026"),
        ("/sv/regioner/{region}/{slug}/", "12.3.2026"),
        ("/en/regions/{region}/{slug}/", "12 March 2026"),
        ("/fi-x-selko/alueet/{region}/{slug}/", "12.3.2026"),
    ],
)
def test_the_page_shows_the_date_in_a_time_element(client, world, path, shown):
    theatre = venue(world.page_a, datetime.date(2026, 3, 12))
    with clock(datetime.date(2026, 4, 1)):
        body = client.get(path.format(region=world.page_a.slug, slug=theatre.slug)).content.decode()
    assert f'<time datetime="2026-03-12">{shown}</time>' in body
    assert "checked-on__stale" not in body  # the marker's class, in any language


def test_the_finder_shows_each_results_date_and_marks_the_old_ones(client, world):
    venue(world.page_a, datetime.date(2026, 2, 12), title="Tuore teatteri")
    venue(world.page_a, datetime.date(2024, 9, 1), title="Vanha museo")
    with clock(datetime.date(2026, 3, 2)):  # 18 months after 2.9.2024
        body = client.get("/fi/kohteet/", {"region": world.a.slug}).content.decode()
    cards = {
        re.search(r">([^<]+)</a>", card).group(1): card
        for card in body.split('<li class="card venue-card">')[1:]
    }
    assert set(cards) == {"Tuore teatteri", "Vanha museo"}  # the old one is not hidden
    assert '<time datetime="2026-02-12">12.2.2026</time>' in cards["Tuore teatteri"]
    assert STALE not in cards["Tuore teatteri"]
    assert '<time datetime="2024-09-01">1.9.2024</time>' in cards["Vanha museo"]
    assert STALE in cards["Vanha museo"]


def test_the_marker_starts_after_18_months(world):
    museum = venue(world.page_a, datetime.date(2024, 9, 1))
    with clock(datetime.date(2026, 2, 28)):
        assert not museum.may_be_out_of_date
    with clock(datetime.date(2026, 3, 1)):
        assert museum.may_be_out_of_date


def test_a_distributor_page_shows_its_date_and_marker(client, world):
    with clock(datetime.date(2024, 1, 10)):
        unit = DistributorPageFactory(parent=world.page_a)
    unit.refresh_from_db()
    with clock(datetime.date(2026, 3, 1)):
        body = client.get(unit.url).content.decode()
    assert '<time datetime="2024-01-10">10.1.2024</time>' in body
    assert STALE in body


def test_months_before_keeps_the_day_or_the_months_last():
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 3, 2), 18) == datetime.date(2024, 9, 2)
    assert months_before(datetime.date(2026, 1, 15), 11) == datetime.date(2025, 2, 15)


# The yearly reminder ---------------------------------------------------------------------------


def reminder_link(message):
    return re.search(r"http://\S+/kohteet/tarkistus/\S+/", message.body).group(0)


def local(url):
    return urlsplit(url).path


@pytest.fixture
def due(world):
    """A venue of region "a" (checked in January 2025) with a contact e-mail, due in March 2026."""
    return venue(world.page_a, datetime.date(2025, 1, 10), contact_email="kohde@example.fi")


def test_a_reminder_goes_once_in_the_regions_month(world, due):
    venue(world.page_a, datetime.date(2025, 1, 10), contact_email="")  # no e-mail: none
    venue(world.page_a, datetime.date(2025, 6, 1), contact_email="tuore@example.fi")  # 9 months
    venue(world.page_b, datetime.date(2025, 1, 10), contact_email="lappi@example.fi")  # June
    with clock(datetime.date(2026, 2, 27)):
        assert reminders.send_reminders() == 0  # not the month yet
    with clock(datetime.date(2026, 3, 5)):
        assert reminders.send_reminders() == 1
        assert reminders.send_reminders() == 0  # the same day again: nothing
        call_command("send_partner_reminders", stdout=mock.Mock())  # the command too
    assert [m.to for m in mail.outbox] == [["kohde@example.fi"]]
    assert due.title in mail.outbox[0].subject
    with clock(datetime.date(2026, 3, 6)):
        assert reminders.send_reminders() == 0  # reminded this year already
    notice = SentNotice.objects.get()
    assert (notice.page_id, notice.sent_on) == (due.pk, datetime.date(2026, 3, 5))


def test_the_record_comes_first_so_a_second_run_never_sends(world, due):
    with clock(datetime.date(2026, 3, 5)):
        SentNotice.objects.create(
            page_id=due.pk, kind=SentNotice.Kind.YEARLY_CHECK, sent_on=datetime.date(2026, 3, 5)
        )
        # Another run made the record a moment ago: this run's get_or_create finds it.
        with mock.patch.object(reminders, "due_reminders", return_value=[due]):
            assert reminders.send_reminders() == 0
    assert mail.outbox == []


def test_the_link_confirms_the_listing_once(client, world, due):
    with clock(datetime.date(2026, 3, 5)):
        reminders.send_reminders()
    url = local(reminder_link(mail.outbox[0]))
    with clock(datetime.date(2026, 3, 9)):
        page = client.get(url)
        assert page.status_code == 200
        assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
        assert reverse("wagtailadmin_pages:edit", args=[due.pk]) in page.content.decode()
        done = client.post(url)
        assert done.status_code == 200
        assert '<time datetime="2026-03-09">9.3.2026</time>' in done.content.decode()
        again = client.post(url)
        assert again.status_code == 410
        assert client.get(url).status_code == 410
        public = client.get(due.url).content.decode()
    due.refresh_from_db()
    assert due.reconfirmed_at == datetime.date(2026, 3, 9)
    assert '<time datetime="2026-03-09">9.3.2026</time>' in public
    # Every language version of the listing is confirmed with it.
    assert set(
        VenuePage.objects.filter(translation_key=due.translation_key).values_list(
            "reconfirmed_at", flat=True
        )
    ) == {datetime.date(2026, 3, 9)}


def test_the_link_expires_after_30_days(client, world, due):
    with clock(datetime.date(2026, 3, 5)):
        reminders.send_reminders()
    url = local(reminder_link(mail.outbox[0]))
    with clock(datetime.date(2026, 4, 3)):  # 29 days
        assert client.get(url).status_code == 200
    with clock(datetime.date(2026, 4, 5)):  # 31 days
        assert client.get(url).status_code == 410
        assert client.post(url).status_code == 410
    due.refresh_from_db()
    assert due.reconfirmed_at is None


def test_the_link_cannot_be_used_for_another_partner(client, world, due):
    other = venue(world.page_a, datetime.date(2025, 1, 10), contact_email="toinen@example.fi")
    with clock(datetime.date(2026, 3, 5)):
        reminders.send_reminders()
    links = {m.to[0]: local(reminder_link(m)) for m in mail.outbox}
    mine = links["kohde@example.fi"]
    token = mine.rstrip("/").rsplit("/", 1)[1]
    forged = reverse("partner_reconfirm", kwargs={"page_id": other.pk, "token": token})
    with clock(datetime.date(2026, 3, 6)):
        assert client.get(forged).status_code == 404
        assert client.post(forged).status_code == 404
        assert client.get(mine.replace(token, token[:-2] + "xx")).status_code == 404
    other.refresh_from_db()
    assert other.reconfirmed_at is None


# The weekly digest -----------------------------------------------------------------------------


def test_the_digest_lists_the_regions_own_partners(world):
    coordinator = CoordinatorFactory(region=world.a, email="koordinaattori@example.fi")
    old = venue(world.page_a, datetime.date(2024, 12, 1), title="Vanha teatteri")
    venue(world.page_a, datetime.date(2025, 12, 1), title="Tuore museo")
    submitted = venue(world.page_a, datetime.date(2025, 12, 1), title="Odottava uimahalli")
    venue(world.page_b, datetime.date(2024, 1, 1), title="Lapin vanha kohde")
    task = GroupApprovalTask.objects.create(name="Testihyväksyntä")
    task.groups.set([world.a.coordinators_group])
    workflow = Workflow.objects.create(name="Testityönkulku")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    workflow.start(submitted, coordinator)
    lapland = venue(world.page_b, datetime.date(2025, 12, 1), title="Lapin kutsuttu kohde")
    for page, accepted in [(old, None), (submitted, timezone.now()), (lapland, None)]:
        PartnerInvitation.objects.create(
            page=page, user=UserFactory(), email="yhteys@example.fi", accepted_at=accepted
        )

    with clock(datetime.date(2026, 1, 5)):
        found = reminders.digest(world.a, datetime.date(2026, 1, 5))
        assert [p.title for p in found["waiting"]] == ["Odottava uimahalli"]
        assert [p.title for p in found["stale"]] == ["Vanha teatteri"]
        assert found["stale"][0].pk == old.pk
        assert [i.page_id for i in found["invitations"]] == [old.pk]
        assert reminders.send_digests() == 1  # region b has no coordinators to write to
        assert reminders.send_digests() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["koordinaattori@example.fi"]
    body = mail.outbox[0].body
    assert "Odottava uimahalli" in body and "Vanha teatteri" in body
    assert "Tuore museo" not in body and "Lapin" not in body


def test_the_command_sends_the_digest_on_mondays(world):
    CoordinatorFactory(region=world.a, email="koordinaattori@example.fi")
    venue(world.page_a, datetime.date(2024, 12, 1))
    with clock(datetime.date(2026, 1, 6)):  # a Tuesday
        call_command("send_partner_reminders", stdout=mock.Mock())
        assert mail.outbox == []
        call_command("send_partner_reminders", "--digest", stdout=mock.Mock())
        assert len(mail.outbox) == 1
    with clock(datetime.date(2026, 1, 12)):  # the next Monday
        call_command("send_partner_reminders", stdout=mock.Mock())
        assert len(mail.outbox) == 2


# The admin report ------------------------------------------------------------------------------


def report_titles(client, **params):
    """The titles of the report's rows (each links to the page's editor)."""
    response = client.get(reverse("partner_check_report"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return set(re.findall(r'href="/admin/pages/\d+/edit/"[^>]*>\s*([^<]+?)\s*<', html))


def test_the_report_shows_coordinators_their_own_region(client, world):
    with clock(datetime.date(2026, 1, 5)):
        venue(world.page_a, datetime.date(2024, 12, 1), title="Vanha teatteri")
        venue(world.page_a, datetime.date(2025, 12, 1), title="Tuore museo")
        DistributorPageFactory(parent=world.page_a, title="Sosiaalitoimisto")
        venue(world.page_b, datetime.date(2024, 1, 1), title="Lapin vanha kohde")
        client.force_login(CoordinatorFactory(region=world.a))
        assert report_titles(client) == {"Vanha teatteri", "Tuore museo", "Sosiaalitoimisto"}
        assert report_titles(client, not_checked="on") == {"Vanha teatteri"}
        assert report_titles(client, region=world.b.pk) == {
            "Vanha teatteri",
            "Tuore museo",
            "Sosiaalitoimisto",
        }  # another region is not a choice: the filter is refused and left out

        client.force_login(NationalEditorFactory())
        assert report_titles(client, region=world.b.pk) == {"Lapin vanha kohde"}
        assert report_titles(client, not_checked="on") == {"Vanha teatteri", "Lapin vanha kohde"}
        export = client.get(
            reverse("partner_check_report"), {"export": "csv", "region": world.a.pk}
        )
    rows = b"".join(export.streaming_content).decode().splitlines()
    assert len(rows) == 4
    assert any(
        r.startswith("Vanha teatteri,") and "Testikainuu" in r and "2024-12-01" in r for r in rows
    )


def test_the_report_is_refused_to_others(client, world):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("partner_check_report")).status_code in (302, 403)
