"""Demo data of the regions: every region and municipality of DOMAIN.md (the deck's map slide,
updated 6.3.2023), their pages and subsites in four languages, coordinators and the yearly fee."""

import datetime
from decimal import Decimal

from wagtail.models import Locale, Site
from wagtail_localize.synctree import synchronize_tree

from core.demo import LANGS, ensure_user, paragraphs, upsert_page, upsert_translation
from home.models import HomePage

from .models import (
    Municipality,
    NationalFee,
    Region,
    RegionCoordinator,
    RegionIndexPage,
    RegionNewsPage,
    RegionPage,
)
from .signals import ensure_coordinators_group

IN_USE, PILOTING, COMING = Region.Status.IN_USE, Region.Status.PILOTING, Region.Status.COMING
PILOT_END = datetime.date(2027, 12, 31)


def m(name_fi, name_sv="", joined=True):
    return (name_fi, name_sv, joined)


# slug, Finnish, Swedish, status, wellbeing services county, population (participating
# municipalities, rounded), local web page, municipalities (Finnish, Swedish, takes part now).
REGIONS = [
    (
        "etela-karjala",
        "Etelä-Karjala",
        "Södra Karelen",
        IN_USE,
        "Etelä-Karjalan hyvinvointialue",
        98_000,
        "https://www.eksote.fi/eksote/hyvinvoinnin-ja-terveyden-edistaminen/kaikukortti",
        [m("Imatra"), m("Lappeenranta", "Villmanstrand")],
    ),
    (
        "etela-pohjanmaa",
        "Etelä-Pohjanmaa",
        "Södra Österbotten",
        IN_USE,
        "Etelä-Pohjanmaan hyvinvointialue",
        86_000,
        "https://www.seinajoki.fi/kulttuuri-ja-liikunta/kulttuuri/kulttuurikohteet/kaikukortti/",
        [
            m("Evijärvi"),
            m("Kauhava"),
            m("Lappajärvi"),
            m("Seinäjoki"),
            m("Alajärvi", joined=False),
            m("Vimpeli", "Vindala", joined=False),
        ],
    ),
    (
        "etela-savo",
        "Etelä-Savo",
        "Södra Savolax",
        IN_USE,
        "Etelä-Savon hyvinvointialue",
        32_000,
        "https://www.savonlinna.fi/asukas/kulttuuri/kaikukortti",
        [m("Savonlinna", "Nyslott")],
    ),
    (
        "kainuu",
        "Kainuu",
        "Kajanaland",
        IN_USE,
        "Kainuun hyvinvointialue",
        70_000,
        "https://sote.kainuu.fi/kaikukortti",
        [
            m("Hyrynsalmi"),
            m("Kajaani", "Kajana"),
            m("Kuhmo"),
            m("Paltamo"),
            m("Puolanka"),
            m("Ristijärvi"),
            m("Sotkamo"),
            m("Suomussalmi"),
        ],
    ),
    (
        "kanta-hame",
        "Kanta-Häme",
        "Egentliga Tavastland",
        IN_USE,
        "Kanta-Hämeen hyvinvointialue",
        170_000,
        "https://www.hameenlinna.fi/sosiaali-ja-terveys/kaikukortti",
        [
            m("Forssa"),
            m("Hausjärvi"),
            m("Humppila"),
            m("Hämeenlinna", "Tavastehus"),
            m("Jokioinen", "Jockis"),
            m("Loppi"),
            m("Riihimäki"),
            m("Tammela"),
            m("Ypäjä"),
        ],
    ),
    (
        "keski-pohjanmaa",
        "Keski-Pohjanmaa",
        "Mellersta Österbotten",
        IN_USE,
        "Keski-Pohjanmaan hyvinvointialue",
        68_000,
        "https://www.soite.fi/kaikukortti",
        [
            m("Halsua"),
            m("Kannus"),
            m("Kaustinen", "Kaustby"),
            m("Kokkola", "Karleby"),
            m("Lestijärvi"),
            m("Perho"),
            m("Toholampi"),
            m("Veteli", "Vetil"),
        ],
    ),
    (
        "keski-uusimaa",
        "Keski-Uusimaa",
        "Mellersta Nyland",
        IN_USE,
        "Keski-Uudenmaan hyvinvointialue",
        128_000,
        "https://www.jarvenpaa.fi/matkailu-ja-kulttuuri/kulttuuri/kaikukortti",
        [m("Järvenpää", "Träskända"), m("Nurmijärvi"), m("Tuusula", "Tusby")],
    ),
    (
        "kymenlaakso",
        "Kymenlaakso",
        "Kymmenedalen",
        PILOTING,
        "Kymenlaakson hyvinvointialue",
        51_000,
        "",
        [m("Kotka")],
    ),
    (
        "lappi",
        "Lappi",
        "Lappland",
        IN_USE,
        "Lapin hyvinvointialue",
        113_000,
        "https://www.rovaniemi.fi/Vapaa-aika/Yleiset-kulttuuripalvelut/Kaikukortti",
        [
            m("Kemi"),
            m("Keminmaa"),
            m("Rovaniemi"),
            m("Tornio", "Torneå"),
            m("Haaparanta", "Haparanda", joined=False),
        ],
    ),
    (
        "lansi-uusimaa",
        "Länsi-Uusimaa",
        "Västra Nyland",
        IN_USE,
        "Länsi-Uudenmaan hyvinvointialue",
        369_000,
        "https://www.espoo.fi/kaikukortti",
        [
            m("Espoo", "Esbo"),
            m("Karkkila", "Högfors"),
            m("Kauniainen", "Grankulla"),
            m("Lohja", "Lojo"),
        ],
    ),
    (
        "pirkanmaa",
        "Pirkanmaa",
        "Birkaland",
        IN_USE,
        "Pirkanmaan hyvinvointialue",
        249_000,
        "https://www.tampere.fi/kulttuuri-ja-vapaa-aika/kulttuuri/kaikukortti",
        [m("Tampere", "Tammerfors")],
    ),
    (
        "pohjanmaa",
        "Pohjanmaa",
        "Österbotten",
        IN_USE,
        "Pohjanmaan hyvinvointialue",
        112_000,
        "https://obotnia.fi/fi/kulttuuri/kaikukortti/",
        [
            m("Korsnäs"),
            m("Kruunupyy", "Kronoby"),
            m("Mustasaari", "Korsholm"),
            m("Närpiö", "Närpes"),
            m("Vaasa", "Vasa"),
            m("Vöyri", "Vörå"),
        ],
    ),
    (
        "pohjois-pohjanmaa",
        "Pohjois-Pohjanmaa",
        "Norra Österbotten",
        IN_USE,
        "Pohjois-Pohjanmaan hyvinvointialue",
        251_000,
        "https://www.ouka.fi/kaikukortti",
        [m("Alavieska"), m("Kempele"), m("Nivala"), m("Oulu", "Uleåborg"), m("Sievi")],
    ),
    (
        "pohjois-savo",
        "Pohjois-Savo",
        "Norra Savolax",
        COMING,
        "Pohjois-Savon hyvinvointialue",
        None,
        "",
        [
            m(n, sv, joined=False)
            for n, sv in [
                ("Iisalmi", "Idensalmi"),
                ("Joroinen", "Jorois"),
                ("Kaavi", ""),
                ("Keitele", ""),
                ("Kiuruvesi", ""),
                ("Kuopio", ""),
                ("Lapinlahti", ""),
                ("Leppävirta", ""),
                ("Pielavesi", ""),
                ("Rautalampi", ""),
                ("Rautavaara", ""),
                ("Siilinjärvi", ""),
                ("Sonkajärvi", ""),
                ("Suonenjoki", ""),
                ("Tervo", ""),
                ("Tuusniemi", ""),
                ("Varkaus", ""),
                ("Vesanto", ""),
                ("Vieremä", ""),
            ]
        ],
    ),
]

# Coordinators (fictional people; the organisations are the real kinds of home organisation).
COORDINATORS = {
    "kainuu": [
        (
            "Kaisa Heikkinen",
            "culture",
            "kulttuurisuunnittelija",
            "Kajaanin kaupunki, kulttuuripalvelut",
        ),
        ("Sanna Korhonen", "social", "hyvinvointikoordinaattori", "Kainuun hyvinvointialue"),
    ],
    "lappi": [
        ("Laura Niemi", "culture", "kulttuurituottaja", "Rovaniemen kaupunki"),
        ("Pekka Lehto", "social", "sosiaaliohjaaja", "Lapin hyvinvointialue"),
    ],
}

INTRO = {
    "fi": "Kaikukortti {name}: kohteet, kortinjakajat ja yhteystiedot. Kortti toimii kaikilla alueilla.",
    "sv": "Kaikukortet i {name}: kulturställen, kortutdelare och kontaktuppgifter. Kortet gäller i alla regioner.",
    "en": "The Kaikukortti in {name}: venues, card distributors and contacts. The card works in every region.",
    "fi-x-selko": "Kaikukortti, alue: {name}. Tässä ovat paikat, joissa kortti käy. Kortti käy myös muilla alueilla.",
}
INDEX = {
    "fi": {
        "title": "Alueet",
        "slug": "alueet",
        "intro": "<p>Kaikukortti on käytössä näillä alueilla. Kortti toimii ristiin kaikilla alueilla.</p>",
    },
    "sv": {
        "title": "Regioner",
        "slug": "regioner",
        "intro": "<p>Kaikukortet används i dessa regioner. Kortet gäller i alla regioner.</p>",
    },
    "en": {
        "title": "Regions",
        "slug": "regions",
        "intro": "<p>The Kaikukortti is in use in these regions. A card works in every region.</p>",
    },
    "fi-x-selko": {
        "title": "Alueet",
        "slug": "alueet",
        "intro": "<p>Näillä alueilla on Kaikukortti. Voit käyttää korttia kaikilla alueilla.</p>",
    },
}


def create_once(parent, model, slug, fields):
    """The live page `slug` under `parent`, created and published if missing. An existing page is
    left as it is (editors may have changed it): running the demo again changes nothing."""
    page = model.objects.filter(
        slug=slug, locale=parent.locale_id, path__startswith=parent.path, depth=parent.depth + 1
    ).first()
    if page is None:
        page = upsert_page(parent, model, slug, fields)
    return page


def translate_once(source, locale, fields):
    existing = source.get_translation_or_none(locale)
    if existing is not None and not existing.alias_of_id:
        return existing
    return upsert_translation(source, locale, fields)


def load_fees():
    NationalFee.objects.update_or_create(
        year=2023,
        defaults={
            "total": Decimal("29000"),
            "total_population": 1_770_000,
            "municipal_share": Decimal("50"),
        },
    )


def load_regions():
    regions = {}
    for slug, fi, sv, status, county, population, url, municipalities in REGIONS:
        region, _ = Region.objects.update_or_create(
            slug=slug,
            defaults={
                "name_fi": fi,
                "name_sv": sv,
                "status": status,
                "wellbeing_county": county,
                "population": population,
                "local_page_url": url,
                "pilot_ends_on": PILOT_END if status == PILOTING else None,
                "feedback_email": f"kaikukortti.{slug}@example.fi" if status != COMING else "",
            },
        )
        ensure_coordinators_group(region)
        for name_fi, name_sv, joined in municipalities:
            Municipality.objects.update_or_create(
                name_fi=name_fi, defaults={"region": region, "name_sv": name_sv, "joined": joined}
            )
        people = COORDINATORS.get(slug) or [
            (
                f"{fi}n kulttuurikoordinaattori",
                "culture",
                "kulttuurikoordinaattori",
                f"{municipalities[0][0]}",
            ),
            (f"{fi}n sote-koordinaattori", "social", "hyvinvointikoordinaattori", county),
        ]
        if status != COMING:
            RegionCoordinator.objects.filter(region=region).delete()
            for i, (name, side, title, org) in enumerate(people):
                RegionCoordinator.objects.create(
                    region=region,
                    sort_order=i,
                    name=name,
                    side=side,
                    title=title,
                    organisation=org,
                    email=f"{side}.{slug}@example.fi",
                    phone="+358 40 000 0000",
                )
        regions[slug] = region
    return regions


def load_pages(regions, report):
    locales = {loc.language_code: loc for loc in Locale.objects.all()}
    home = HomePage.objects.get(locale=locales["fi"], depth=2)
    fi = dict(INDEX["fi"])
    index = create_once(home, RegionIndexPage, fi.pop("slug"), {**fi, "show_in_menus": True})
    for code in LANGS[1:]:
        translate_once(index, locales[code], {**INDEX[code], "show_in_menus": True})

    for region in regions.values():
        page = create_once(
            index,
            RegionPage,
            region.slug,
            {
                "title": region.name_fi,
                "region": region,
                "intro": f"<p>{INTRO['fi'].format(name=region.name_fi)}</p>",
            },
        )
        for code in LANGS[1:]:
            name = region.name_sv if code == "sv" and region.name_sv else region.name_fi
            translate_once(
                page,
                locales[code],
                {
                    "title": name,
                    "slug": region.slug,
                    "region": region,
                    "intro": f"<p>{INTRO[code].format(name=name)}</p>",
                },
            )
        # The region's subsite: its own hostname, the region page as root (every locale follows).
        site = Site.objects.filter(root_page=page).first() or Site(root_page=page)
        site.hostname, site.port, site.site_name = (
            f"{region.slug}.localhost",
            80,
            f"Kaikukortti {region.name_fi}",
        )
        site.is_default_site = False
        site.save()

    kainuu = RegionPage.objects.get(region=regions["kainuu"], locale=locales["fi"])
    create_once(
        kainuu,
        RegionNewsPage,
        "kevaan-palautekokous",
        {
            "title": "Kainuun Kaikukortti-verkoston palautekokous",
            "date": datetime.date(2026, 3, 12),
            "intro": paragraphs(
                "Vuoden palautekokous pidetään paikkakuntakohtaisesti. Tervetuloa kertomaan kokemuksistasi!"
            ),
        },
    )
    return index


def load_users(regions, report):
    for slug, side, label in (
        ("kainuu", "kulttuuri", "culture side"),
        ("kainuu", "sote", "social and health side"),
        ("lappi", "kulttuuri", "culture side"),
    ):
        region = regions[slug]
        user = ensure_user(
            f"{slug}-{side}",
            groups=[region.coordinators_group],
            first_name=region.name_fi,
            last_name=f"{side}koordinaattori",
        )
        report(f"{region.name_fi} coordinator ({label})", user.username)


def load(report):
    load_fees()
    regions = load_regions()
    load_pages(regions, report)
    fi = Locale.objects.get(language_code="fi")
    for code in LANGS[1:]:
        synchronize_tree(fi, Locale.objects.get(language_code=code))
    load_users(regions, report)
