"""Build the benchmark data set into the PostgreSQL database of DATABASE_URL, reproducibly.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kaiku_bench \\
        .venv/bin/python -m bench.generate --scale quick [--fresh]

Starts from the demo data (`migrate` + `load_demo`), then adds, with a fixed random seed:
regions with their municipalities up to the scale's count, distributor and venue organisations in every region (bulk_create), extra public venue pages
(Wagtail pages created one by one with treebeard's add_child, linked to their venue organisation),
upcoming shows (bulk), locations of the venue pages and municipality centres (issues 20, 21),
card batches, cards and their "registered" events, and uses (the big tables through PostgreSQL's
COPY). `--fresh` drops and recreates the database first; without it, an existing bench data set
is deleted before the new one is written (slow at full scale: prefer `--fresh`).
"""

import argparse
import datetime
import decimal
import io
import os
import random
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "site"))
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kaiku_bench"

# total venues / distributors (registry organisations), cards, uses, public venue pages to add
SCALES = {
    "quick": {
        "regions": 20,
        "venues": 300,
        "distributors": 300,
        "cards": 20_000,
        "uses": 100_000,
        "venue_pages": 100,
        "shows": 1_000,
    },
    # Issues 20 and 21: the finder sorted by distance and the national what's-on page need every
    # venue page and show of full scale; the registry's cards and uses stay small.
    "venues": {
        "regions": 20,
        "venues": 1_000,
        "distributors": 1_000,
        "cards": 100_000,
        "uses": 1_000_000,
        "venue_pages": 1_000,
        "shows": 20_000,
    },
    "full": {
        "regions": 20,
        "venues": 1_000,
        "distributors": 1_000,
        "cards": 1_000_000,
        "uses": 10_000_000,
        "venue_pages": 1_000,
        "shows": 20_000,
    },
}
SEED = 20_260_701
BENCH_PREFIX = "Bench"  # names of the generated organisations
BENCH_LETTER = "B"  # card numbers B0000001CC …: the demo uses K, L and the legacy A
BENCH_SLUG_PREFIX = "bench-kohde-"
BENCH_REGION_PREFIX = "bench-alue-"  # regions added to reach the scale's count
MUNICIPALITIES_PER_BENCH_REGION = 8
BENCH_API_USER = "bench-lipputoimisto"
COPY_CHUNK = 50_000
CATEGORIES = [
    "museum",
    "theatre",
    "concert",
    "festival",
    "cinema",
    "college",
    "cultural_centre",
    "dance",
    "library",
    "swimming_hall",
    "gym",
    "outdoor",
]


def log(message, started=[None]):  # noqa: B006 (a tiny shared clock)
    now = time.monotonic()
    if started[0] is None:
        started[0] = now
    print(f"[{now - started[0]:7.1f}s] {message}", flush=True)


def recreate_database(url):
    """DROP and CREATE the database of `url` (connected to the server's `postgres` database)."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    cfg = dj_database_url.parse(url)
    name = cfg["NAME"]
    conninfo = {
        "host": cfg.get("HOST") or "127.0.0.1",
        "port": cfg.get("PORT") or 5432,
        "user": cfg.get("USER") or "postgres",
        "dbname": "postgres",
    }
    if cfg.get("PASSWORD"):
        conninfo["password"] = cfg["PASSWORD"]
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    log(f"database {name} recreated")


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench.generate needs PostgreSQL: set DATABASE_URL=postgres://…")


def load_demo():
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    log("migrated")
    call_command("load_demo", stdout=io.StringIO())
    log("demo data loaded")


def delete_previous():
    """Remove an earlier bench data set (everything it creates is recognisable)."""
    from django.db import connection

    from partners.models import VenuePage
    from registry.models import Organisation

    orgs = list(
        Organisation.objects.filter(name__startswith=f"{BENCH_PREFIX} ").values_list(
            "pk", flat=True
        )
    )
    with connection.cursor() as cur:
        cur.execute(
            "DELETE FROM registry_use WHERE card_id IN (SELECT c.id FROM registry_card c "
            "JOIN registry_cardbatch b ON b.id = c.batch_id WHERE b.letter = %s)"
            " OR venue_id = ANY(%s)",
            [BENCH_LETTER, orgs],
        )
        cur.execute(
            "DELETE FROM registry_cardevent WHERE card_id IN (SELECT c.id FROM registry_card c "
            "JOIN registry_cardbatch b ON b.id = c.batch_id WHERE b.letter = %s)",
            [BENCH_LETTER],
        )
        cur.execute(
            "DELETE FROM registry_card WHERE batch_id IN "
            "(SELECT id FROM registry_cardbatch WHERE letter = %s)",
            [BENCH_LETTER],
        )
        cur.execute("DELETE FROM registry_cardbatch WHERE letter = %s", [BENCH_LETTER])
    from registry.models import Membership

    Membership.objects.filter(organisation__in=orgs).delete()
    Organisation.objects.filter(pk__in=orgs).delete()
    pages = VenuePage.objects.filter(slug__startswith=BENCH_SLUG_PREFIX)
    for page in pages:
        page.delete()
    from django.contrib.auth.models import Group

    from regions.models import Municipality, Region

    bench_regions = Region.objects.filter(slug__startswith=BENCH_REGION_PREFIX)
    groups = list(bench_regions.values_list("coordinators_group", flat=True))
    Municipality.objects.filter(region__in=bench_regions).delete()
    bench_regions.delete()
    Group.objects.filter(pk__in=[g for g in groups if g]).delete()
    log(f"previous bench data deleted ({len(orgs)} organisations)")


def create_regions(scale):
    """Regions (each with its municipalities) up to the scale's count; the demo has fewer."""
    from regions.models import Municipality, Region

    missing = max(0, scale["regions"] - Region.objects.count())
    for i in range(1, missing + 1):
        region = Region.objects.create(  # one by one: its signal makes the coordinators' group
            slug=f"{BENCH_REGION_PREFIX}{i:02d}",
            name_fi=f"{BENCH_PREFIX}-alue {i:02d}",
            name_sv=f"{BENCH_PREFIX}-område {i:02d}",
            population=50_000 + 10_000 * i,
        )
        Municipality.objects.bulk_create(
            Municipality(region=region, name_fi=f"{BENCH_PREFIX}-kunta {i:02d}-{m}")
            for m in range(1, MUNICIPALITIES_PER_BENCH_REGION + 1)
        )
    log(f"regions: {missing} added, {Region.objects.count()} in all")


def create_organisations(rng, scale):
    from regions.models import Region
    from registry.models import Organisation

    create_regions(scale)
    regions = list(Region.objects.order_by("slug"))
    created = {}
    for kind, total in (
        (Organisation.Kind.DISTRIBUTOR, scale["distributors"]),
        (Organisation.Kind.VENUE, scale["venues"]),
    ):
        missing = max(0, total - Organisation.objects.filter(kind=kind).count())
        objs = [
            Organisation(
                name=f"{BENCH_PREFIX} {kind} {i:05d}",
                kind=kind,
                region=regions[i % len(regions)],
            )
            for i in range(missing)
        ]
        Organisation.objects.bulk_create(objs, batch_size=1000)
        created[kind] = missing
    log(
        f"organisations: {created[Organisation.Kind.DISTRIBUTOR]} distributors and "
        f"{created[Organisation.Kind.VENUE]} venues added in {len(regions)} regions"
    )
    return regions


def create_venue_pages(rng, count):
    """Public VenuePages under the Finnish region pages, each linked to a bench venue organisation."""
    from wagtail.models import Locale

    from partners.models import VenuePage
    from regions.models import Municipality, RegionPage
    from registry.models import Organisation

    fi = Locale.objects.get(language_code="fi")
    region_pages = list(RegionPage.objects.filter(locale=fi).order_by("path"))
    municipalities = {}
    for m in Municipality.objects.order_by("pk"):
        if m.latitude is None:  # a centre point for the finder's "nearest first"
            m.latitude, m.longitude = _point(rng, 60.3, 68.5, 21.5, 30.0)
            m.save(update_fields=["latitude", "longitude"])
        municipalities.setdefault(m.region_id, []).append(m)
    region_pages = [p for p in region_pages if municipalities.get(p.region_id)]
    orgs = {}
    for org in Organisation.objects.filter(
        name__startswith=f"{BENCH_PREFIX} venue", partner_page__isnull=True
    ).order_by("pk"):
        orgs.setdefault(org.region_id, []).append(org)
    for i in range(count):
        parent = region_pages[i % len(region_pages)]
        municipality = rng.choice(municipalities[parent.region_id])
        category = rng.choice(CATEGORIES)
        slug = f"{BENCH_SLUG_PREFIX}{i:04d}"
        page = parent.add_child(
            instance=VenuePage(
                title=f"{municipality.name_fi}n {category.replace('_', ' ')} {i}",
                slug=slug,
                municipality=municipality,
                category=category,
                address=f"Testikatu {i % 90 + 1}, {municipality.name_fi}",
                website=f"https://www.example.fi/{slug}",
                joined_on=datetime.date(2024, 1, 1),
                scope="<p>Kohteen oma tarjonta on mukana. Museo, teatteri ja konsertit.</p>",
                accessibility="<p>Esteetön sisäänkäynti.</p>",
                step_free_access=rng.random() < 0.7,
                hearing_loop=rng.random() < 0.3,
                ticket_agency=rng.choice(["", "", "lippupiste", "ticketmaster"]),
                contact_name="Bench-yhteyshenkilö",
                # About 10 km around the municipality's centre.
                latitude=_near(rng, municipality.latitude),
                longitude=_near(rng, municipality.longitude),
            )
        )
        pool = orgs.get(parent.region_id)
        if pool:
            org = pool.pop()
            Organisation.objects.filter(pk=org.pk).update(
                partner_page=page, name=page.title, category=page.category
            )
        if (i + 1) % 100 == 0:
            log(f"venue pages: {i + 1}/{count}")
    log(f"venue pages: {count} added")


def _point(rng, lat_low, lat_high, lon_low, lon_high):
    return _round(rng.uniform(lat_low, lat_high)), _round(rng.uniform(lon_low, lon_high))


def _near(rng, degrees):
    return _round(float(degrees) + rng.uniform(-0.1, 0.1))


def _round(value):
    return decimal.Decimal(f"{value:.5f}")


def create_shows(rng, count):
    """Upcoming shows (Finnish rows) over the bench venue pages, the next 90 days, in bulk: some
    with a cap of their own, some cancelled, some with a booking opening date."""
    from django.utils import timezone

    from wagtail.models import Locale

    from partners.models import VenuePage
    from shows.models import Show

    fi = Locale.objects.get(language_code="fi")
    venues = list(
        VenuePage.objects.filter(locale=fi, slug__startswith=BENCH_SLUG_PREFIX).order_by("path")
    )
    start = timezone.now().replace(minute=0, second=0, microsecond=0)
    shows = []
    for i in range(count):
        when = start + datetime.timedelta(days=rng.randrange(1, 90), hours=rng.randrange(0, 10))
        shows.append(
            Show(
                venue=venues[i % len(venues)],
                locale=fi,
                translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
                title=f"Bench-esitys {i}",
                start=when,
                end=when + datetime.timedelta(hours=2),
                cap=rng.choice([None, 2, 5, 10, 20]),
                audience=rng.choice([None, 200, 400]),
                booking_opens_on=(when - datetime.timedelta(days=30)).date()
                if rng.random() < 0.2
                else None,
                cancelled=rng.random() < 0.03,
            )
        )
    Show.objects.bulk_create(shows, batch_size=2_000)
    log(f"shows: {count} added")


def create_api_account():
    """A ticket agency user with an API token, for the registry endpoints' benchmark."""
    from rest_framework.authtoken.models import Token

    from core.demo import ensure_user
    from registry.models import Membership, Organisation

    agency = (
        Organisation.objects.filter(kind=Organisation.Kind.TICKET_AGENCY).order_by("pk").first()
    )
    user = ensure_user(BENCH_API_USER)
    Membership.objects.get_or_create(user=user, organisation=agency)
    token, _created = Token.objects.get_or_create(user=user)
    return token.key


def _copy(cursor, table, columns, rows_text):
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        copy.write(rows_text)


def create_cards(rng, scale, regions):
    """Batches (one per region, letter B, contiguous serials) and cards + events through COPY."""
    from django.db import connection
    from django.utils import timezone

    from registry import cardnumbers, rules
    from registry.models import Card, CardBatch, Organisation

    today = timezone.localdate()
    total = scale["cards"]
    per_region = -(-total // len(regions))
    units = {}
    for pk, region_id in Organisation.objects.filter(
        kind=Organisation.Kind.DISTRIBUTOR, region__isnull=False
    ).values_list("pk", "region_id"):
        units.setdefault(region_id, []).append(pk)
    batches = []
    for i, region in enumerate(regions):
        batches.append(
            CardBatch(
                region=region,
                letter=BENCH_LETTER,
                first_serial=i * per_region + 1,
                last_serial=(i + 1) * per_region,
            )
        )
    CardBatch.objects.bulk_create(batches)
    valid_until_cache = {}
    now = timezone.now().isoformat()
    columns = [
        "number",
        "kind",
        "batch_id",
        "is_legacy",
        "region_id",
        "issued_by_id",
        "issued_on",
        "valid_until",
        "children_count",
        "birth_year",
        "mother_tongue",
        "gender",
        "postal_code",
        "life_situation",
        "community_name",
        "status",
        "registered_at",
    ]
    tongues = ["fi"] * 6 + ["sv", "ru", "ar", "so", "et", "uk", "en", ""]
    genders = ["woman", "woman", "man", "", "other"]
    situations = ["unemployed", "pensioner", "student", "rehabilitation", "employed", "home", ""]
    written = 0
    with connection.cursor() as cur:
        raw = cur.cursor
        buf = []
        for serial in range(1, total + 1):
            bi = (serial - 1) // per_region
            batch = batches[bi]
            region = regions[bi]
            unit = rng.choice(units[region.pk])
            issued_on = today - datetime.timedelta(days=rng.randint(0, 3650))
            key = (issued_on, region.pk)
            valid_until = valid_until_cache.get(key)
            if valid_until is None:
                valid_until = rules.default_valid_until(issued_on, region)
                valid_until_cache[key] = valid_until
            community = serial % 97 == 0
            status = rng.choices(["active", "ended", "withdrawn"], weights=[90, 6, 4])[0]
            children = rng.choice([0, 0, 0, 1, 2, 3])
            if community:
                fields = ["community", "\\N", "", "", "", "", f"{BENCH_PREFIX} yhteisö {serial}"]
            else:
                fields = [
                    "personal",
                    str(rng.randint(1940, issued_on.year - 16)),
                    rng.choice(tongues),
                    rng.choice(genders),
                    f"{rng.randint(0, 99):02d}{rng.choice('0123456789')}00",
                    rng.choice(situations),
                    "",
                ]
            kind, birth_year, tongue, gender, postal, situation, community_name = fields
            buf.append(
                "\t".join(
                    [
                        cardnumbers.make_number(BENCH_LETTER, serial),
                        kind,
                        str(batch.pk),
                        "f",
                        str(region.pk),
                        str(unit),
                        issued_on.isoformat(),
                        valid_until.isoformat(),
                        str(children),
                        birth_year,
                        tongue,
                        gender,
                        postal,
                        situation,
                        community_name,
                        status,
                        now,
                    ]
                )
            )
            if len(buf) >= COPY_CHUNK or serial == total:
                _copy(raw, "registry_card", columns, "\n".join(buf) + "\n")
                written += len(buf)
                buf = []
                if written % (COPY_CHUNK * 10) == 0 or written == total:
                    log(f"cards: {written}/{total}")
        cur.execute(
            "INSERT INTO registry_cardevent (card_id, action, at, organisation_id, changes) "
            "SELECT c.id, 'registered', c.registered_at, c.issued_by_id, '{}'::jsonb "
            "FROM registry_card c JOIN registry_cardbatch b ON b.id = c.batch_id "
            "WHERE b.letter = %s",
            [BENCH_LETTER],
        )
    log(f"cards: {total} and their registration events written")
    assert Card.objects.filter(batch__letter=BENCH_LETTER).count() == total


def create_uses(rng, scale):
    """Uses of personal cards at venues (mostly of the card's own region), through COPY."""
    from django.db import connection
    from django.utils import timezone

    from registry.models import Organisation

    total = scale["uses"]
    now = timezone.now()
    venues = {}
    all_venues = []
    for pk, region_id in Organisation.objects.filter(
        kind__in=[Organisation.Kind.VENUE, Organisation.Kind.TICKET_AGENCY]
    ).values_list("pk", "region_id"):
        all_venues.append(pk)
        if region_id is not None:
            venues.setdefault(region_id, []).append(pk)
    with connection.cursor() as cur:
        cur.execute(
            "SELECT c.id, c.region_id, c.children_count, c.issued_on, c.valid_until "
            "FROM registry_card c JOIN registry_cardbatch b ON b.id = c.batch_id "
            "WHERE b.letter = %s AND c.kind = 'personal' ORDER BY c.id",
            [BENCH_LETTER],
        )
        cards = cur.fetchall()
    log(f"uses: {len(cards)} personal cards to draw from")
    columns = [
        "card_id",
        "venue_id",
        "kind",
        "adults",
        "children",
        "recorded_at",
        "undone_at",
        "idempotency_key",
    ]
    today = now.date()
    tz = now.tzinfo
    written = 0
    with connection.cursor() as cur:
        raw = cur.cursor
        buf = []
        for n in range(1, total + 1):
            card_id, region_id, children_count, issued_on, valid_until = cards[
                rng.randrange(len(cards))
            ]
            pool = venues.get(region_id) if rng.random() < 0.9 else None
            venue = rng.choice(pool or all_venues)
            course = rng.random() < 0.15
            children = 0 if course else rng.randint(0, children_count)
            last = min(valid_until, today)
            span = max(0, (last - issued_on).days)
            day = issued_on + datetime.timedelta(days=rng.randint(0, span))
            at = datetime.datetime.combine(
                day, datetime.time(rng.randint(9, 21), rng.randint(0, 59)), tzinfo=tz
            )
            if at > now:
                at = now - datetime.timedelta(minutes=rng.randint(1, 600))
            undone = (
                (at + datetime.timedelta(minutes=5)).isoformat() if rng.random() < 0.01 else "\\N"
            )
            buf.append(
                f"{card_id}\t{venue}\t{'course' if course else 'ticket'}\t1\t{children}\t"
                f"{at.isoformat()}\t{undone}\t{uuid.UUID(int=rng.getrandbits(128), version=4)}"
            )
            if len(buf) >= COPY_CHUNK or n == total:
                _copy(raw, "registry_use", columns, "\n".join(buf) + "\n")
                written += len(buf)
                buf = []
                if written % (COPY_CHUNK * 10) == 0 or written == total:
                    log(f"uses: {written}/{total}")
    log(f"uses: {total} written")


def refresh_statistics():
    """The statistics' materialized views from the rows just written (stats/facts.py)."""
    from django.core.management import call_command

    call_command("refresh_stats", stdout=io.StringIO())
    log("statistics views refreshed")


def analyze():
    """VACUUM (ANALYZE): planner statistics, and the hint bits and visibility map that a bulk load
    leaves unset. Without it the benchmark's first reads of each freshly copied page write it back
    (and autovacuum runs during the measurements): a settled production database has neither."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE)")
    log("vacuumed and analyzed")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="quick")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--fresh", action="store_true", help="drop and recreate the database first (fastest)"
    )
    parser.add_argument("--skip-demo", action="store_true", help="assume migrate + load_demo ran")
    args = parser.parse_args(argv)
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    if not os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        sys.exit("bench.generate needs DATABASE_URL=postgres://…")
    scale = SCALES[args.scale]
    log(f"scale {args.scale}: {scale}, seed {args.seed}")
    if args.fresh:
        recreate_database(os.environ["DATABASE_URL"])
    setup_django()
    if not args.skip_demo:
        load_demo()
    from django.db import transaction

    rng = random.Random(args.seed)
    if not args.fresh:
        with transaction.atomic():
            delete_previous()
    with transaction.atomic():
        regions = create_organisations(rng, scale)
        create_venue_pages(rng, scale["venue_pages"])
        create_shows(rng, scale["shows"])
        token = create_api_account()
    with transaction.atomic():
        create_cards(rng, scale, regions)
    with transaction.atomic():
        create_uses(rng, scale)
    refresh_statistics()
    analyze()
    log(f"done; API token of {BENCH_API_USER}: {token[:6]}…")


if __name__ == "__main__":
    main()
