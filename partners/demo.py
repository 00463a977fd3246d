"""Demo data of the partners: Kainuu's real venue and distributor lists of 2019 (seed 001, complete),
a handful in every other region in use, and the national pop-up venues (seed 001)."""

import datetime

from wagtail.models import Locale
from wagtail_localize.synctree import synchronize_tree

from core.demo import LANGS, paragraphs
from home.models import HomePage
from regions.demo import create_once, translate_once
from regions.models import Municipality, Region, RegionPage

from .models import DistributorPage, PopUpVenueIndexPage, VenueCap, VenuePage
from .rules import CapKind

SHOW, COURSE, POOL, VISITING = (
    CapKind.SHOW,
    CapKind.COURSE,
    CapKind.SWIMMING_HALL,
    CapKind.VISITING_PRODUCER,
)
JOINED = datetime.date(2019, 1, 1)

# Kainuun Kaikukortti-kohteet 2019 (seed 001), each with its municipality, category and caps
# as (kind, tickets or places, lanes, cap).
KAINUU_VENUES = [
    ("paljakka-kino", "Paljakka Kino", "Puolanka", "cinema", [(SHOW, 60, None, 3)]),
    (
        "kajaanin-runoviikko",
        "Kajaanin Runoviikko Sana ja Sävel",
        "Kajaani",
        "festival",
        [(SHOW, 300, None, 15)],
    ),
    (
        "kuhmon-kamarimusiikki",
        "Kuhmon Kamarimusiikki",
        "Kuhmo",
        "festival",
        [(SHOW, 500, None, 25)],
    ),
    ("kuhmon-talvi", "Kuhmon talvi", "Kuhmo", "festival", [(SHOW, 200, None, 10)]),
    (
        "musiikkijuhla-sommelo",
        "Musiikkijuhla Sommelo",
        "Kuhmo",
        "festival",
        [(SHOW, 250, None, 13)],
    ),
    ("veisuufestivaali", "Veisuuvestivaali", "Paltamo", "festival", [(SHOW, 150, None, 8)]),
    (
        "winteropen-superjymy",
        "WinterOpen / SuperJymy",
        "Sotkamo",
        "sports_event",
        [(SHOW, 2000, None, 20)],
    ),
    (
        "kaukametsan-kulttuuripalvelut",
        "Kaukametsän kulttuuripalvelut",
        "Kajaani",
        "cultural_centre",
        [(SHOW, 500, None, 25), (VISITING, 500, None, 4)],
    ),
    ("kuhmo-talo", "Kuhmo-talo", "Kuhmo", "cultural_centre", [(SHOW, 660, None, 33)]),
    (
        "juminkeko",
        "Juminkeko – Kalevalan ja karjalaisen kulttuurin informaatiokeskus",
        "Kuhmo",
        "museum",
        [],
    ),
    ("raatteen-portti", "Raatteen Portin Talvisotamuseo", "Suomussalmi", "museum", []),
    ("sotkamon-makasiinimuseo", "Sotkamon Makasiinimuseo", "Sotkamo", "museum", []),
    ("suomussalmen-kotiseutumuseo", "Suomussalmen kotiseutumuseo", "Suomussalmi", "museum", []),
    ("kajaani-dance", "Kajaani Dance", "Kajaani", "dance", [(SHOW, 120, None, 6)]),
    ("kajaani-tanssii", "Kajaani Tanssii -tapahtuma", "Kajaani", "dance", [(SHOW, 200, None, 10)]),
    ("routa", "Nykytanssin tuotantoryhmä Routa", "Kajaani", "dance", [(SHOW, 40, None, 2)]),
    (
        "askanmaen-kesateatteri",
        "Askanmäen kesäteatteri",
        "Kajaani",
        "summer_theatre",
        [(SHOW, 350, None, 18)],
    ),
    (
        "kollektiivi-vaara",
        "Esittävän taiteen kollektiivi Vaara",
        "Kajaani",
        "theatre",
        [(SHOW, 50, None, 2)],
    ),
    (
        "kajaanin-kaupunginteatteri",
        "Kajaanin kaupunginteatteri",
        "Kajaani",
        "theatre",
        [(SHOW, 400, None, 20), (VISITING, 400, None, 2)],
    ),
    ("g-voima", "Kulttuuriosuuskunta G-voima", "Kajaani", "cultural_centre", [(SHOW, 80, None, 4)]),
    (
        "nuoren-teatterin-koulutustapahtuma",
        "Nuoren teatterin koulutustapahtuman teatteri",
        "Kajaani",
        "theatre",
        [(SHOW, 8, None, 1)],
    ),
    (
        "aalto-kansalaisopisto",
        "Aalto kansalaisopisto",
        "Kajaani",
        "college",
        [(COURSE, 16, None, 2)],
    ),
    (
        "hyrynsalmen-kansalaisopisto",
        "Hyrynsalmen kansalaisopisto",
        "Hyrynsalmi",
        "college",
        [(COURSE, 12, None, 2)],
    ),
    ("kianta-opisto", "Kianta-opisto", "Suomussalmi", "college", [(COURSE, 14, None, 2)]),
    (
        "paltamon-ja-ristijarven-kansalaisopisto",
        "Paltamon ja Ristijärven kansalaisopisto",
        "Paltamo",
        "college",
        [(COURSE, 12, None, 2)],
    ),
    (
        "puolangan-kansalaisopisto",
        "Puolangan kansalaisopisto",
        "Puolanka",
        "college",
        [(COURSE, 12, None, 2)],
    ),
    (
        "sotkamon-kansalaisopisto-sotkamo",
        "Sotkamon kansalaisopisto, Sotkamon toimipiste",
        "Sotkamo",
        "college",
        [(COURSE, 15, None, 2)],
    ),
    (
        "sotkamon-kansalaisopisto-kuhmo",
        "Sotkamon kansalaisopisto, Kuhmon toimipiste",
        "Kuhmo",
        "college",
        [(COURSE, 15, None, 2)],
    ),
]
# Not in the 2019 list: a venue that joined mid-year later (shows the "appears at once" rule and
# the cardholder's journey to a swimming hall in Kajaani).
KAJAANI_POOL = (
    "kajaanin-uimahalli",
    "Kajaanin uimahalli",
    "Kajaani",
    "swimming_hall",
    [(POOL, None, 6, 20)],
)

# Kainuun Kaikukortti-verkoston kortinjakajat 2019 (seed 001): (slug, organisation, unit, kind,
# sector, municipality or None for the whole region).
SOTE = "Kainuun hyvinvointialue (2019: Kainuun sote)"
KAINUU_DISTRIBUTORS = [
    (
        "kainuun-typ",
        SOTE,
        "Aikuissosiaalityö: Kainuun TYP, työllistymistä edistävä monialainen yhteispalvelu",
        "employment",
        "county",
        None,
    ),
    (
        "kuntouttava-tyotoiminta",
        SOTE,
        "Aikuissosiaalityö: kuntouttava työtoiminta",
        "rehabilitative",
        "county",
        None,
    ),
    (
        "sosiaalitoimistot",
        SOTE,
        "Aikuissosiaalityö: sosiaalitoimistot",
        "social_office",
        "county",
        None,
    ),
    (
        "mielenterveys-ja-riippuvuus",
        SOTE,
        "Aikuisten mielenterveyspalvelut ja riippuvuuksien hoitopalvelut: kuntouttavat asumispalvelut ja avokuntoutus",
        "mental_health",
        "county",
        None,
    ),
    ("perhetyo", SOTE, "Perhetyö (perheen kotiin tehtävä työ)", "family_work", "county", None),
    (
        "puolangan-perhetyo",
        "Puolangan kunta",
        "Puolangan perhetyö (perheen kotiin tehtävä työ)",
        "family_work",
        "municipality",
        "Puolanka",
    ),
    (
        "puolangan-sosiaalitoimisto",
        "Puolangan kunta",
        "Puolangan sosiaalitoimisto",
        "social_office",
        "municipality",
        "Puolanka",
    ),
    (
        "puolangan-kuntouttava-tyotoiminta",
        "Puolangan kunta",
        "Puolangan kuntouttava työtoiminta",
        "rehabilitative",
        "municipality",
        "Puolanka",
    ),
    (
        "nuorten-valmennuspaja-sarka",
        "Puolangan kunta",
        "Puolangan nuorten valmennuspaja Sarka",
        "youth_outreach",
        "municipality",
        "Puolanka",
    ),
    ("kajaanin-paivakeskus", "Kajaanin Päiväkeskus ry", "", "ngo", "third_sector", "Kajaani"),
    (
        "kajaanin-tyovoimayhdistys",
        "Kajaanin Työvoimayhdistys ry",
        "",
        "ngo",
        "third_sector",
        "Kajaani",
    ),
    (
        "klubitalo-tonari",
        "Nuorten Ystävät ry",
        "Klubitalo Tönäri",
        "ngo",
        "third_sector",
        "Kajaani",
    ),
    (
        "monika",
        "Kainuun Nuotta ry",
        "Monikulttuurinen toimintakeskus Monika",
        "ngo",
        "third_sector",
        "Kajaani",
    ),
    (
        "hyrynsalmen-seurakunta",
        "Hyrynsalmen seurakunta",
        "Diakoniatyö",
        "diaconal",
        "parish",
        "Hyrynsalmi",
    ),
    ("kajaanin-seurakunta", "Kajaanin seurakunta", "Diakoniatyö", "diaconal", "parish", "Kajaani"),
    ("kuhmon-seurakunta", "Kuhmon seurakunta", "Diakoniatyö", "diaconal", "parish", "Kuhmo"),
    ("paltamon-seurakunta", "Paltamon seurakunta", "Diakoniatyö", "diaconal", "parish", "Paltamo"),
    (
        "suomussalmen-seurakunta",
        "Suomussalmen seurakunta",
        "Diakoniatyö",
        "diaconal",
        "parish",
        "Suomussalmi",
    ),
    ("sotkamon-seurakunta", "Sotkamon seurakunta", "Diakoniatyö", "diaconal", "parish", "Sotkamo"),
    *[
        (
            f"etsiva-nuorisotyo-{slug}",
            f"{town_org}",
            "Etsivä nuorisotyö",
            "youth_outreach",
            "municipality",
            town,
        )
        for slug, town, town_org in [
            ("hyrynsalmi", "Hyrynsalmi", "Hyrynsalmen kunta"),
            ("kajaani", "Kajaani", "Kajaanin kaupunki"),
            ("kuhmo", "Kuhmo", "Kuhmon kaupunki"),
            ("paltamo", "Paltamo", "Paltamon kunta"),
            ("puolanka", "Puolanka", "Puolangan kunta"),
            ("ristijarvi", "Ristijärvi", "Ristijärven kunta"),
            ("sotkamo", "Sotkamo", "Sotkamon kunta"),
            ("suomussalmi", "Suomussalmi", "Suomussalmen kunta"),
        ]
    ],
    (
        "kamk-opiskelijahuolto",
        "Kajaanin ammattikorkeakoulu",
        "Opiskelijahuoltotyö",
        "student_welfare",
        "municipality",
        "Kajaani",
    ),
]

# A handful in every other region in use: (region, venues, distributors).
OTHER = {
    "etela-karjala": (
        [
            (
                "lappeenrannan-kaupunginteatteri",
                "Lappeenrannan kaupunginteatteri",
                "Lappeenranta",
                "theatre",
                [(SHOW, 350, None, 18)],
            ),
            (
                "imatran-uimahalli",
                "Imatran uimahalli",
                "Imatra",
                "swimming_hall",
                [(POOL, None, 4, 8)],
            ),
        ],
        [
            (
                "eksote-aikuissosiaalityo",
                "Etelä-Karjalan hyvinvointialue",
                "Aikuissosiaalityö",
                "social_office",
                "county",
                None,
            ),
            (
                "imatran-tyottomat",
                "Imatran Seudun Työttömät ry",
                "",
                "ngo",
                "third_sector",
                "Imatra",
            ),
        ],
    ),
    "etela-pohjanmaa": (
        [
            (
                "seinajoen-kaupunginteatteri",
                "Seinäjoen kaupunginteatteri",
                "Seinäjoki",
                "theatre",
                [(SHOW, 400, None, 20)],
            ),
            ("provinssi", "Provinssi", "Seinäjoki", "festival", [(SHOW, 25000, None, 20)]),
        ],
        [
            (
                "seinajoen-sosiaalitoimisto",
                "Etelä-Pohjanmaan hyvinvointialue",
                "Sosiaalitoimisto, Seinäjoki",
                "social_office",
                "county",
                "Seinäjoki",
            ),
            ("lakeuden-klubitalo", "Lakeuden Klubitalo ry", "", "ngo", "third_sector", "Seinäjoki"),
        ],
    ),
    "etela-savo": (
        [("savonlinnan-taidemuseo", "Savonlinnan taidemuseo", "Savonlinna", "museum", [])],
        [
            (
                "savonlinnan-diakonia",
                "Savonlinnan seurakunta",
                "Diakoniatyö",
                "diaconal",
                "parish",
                "Savonlinna",
            ),
            (
                "savonlinnan-tyottomat",
                "Savonlinnan Seudun Työttömät ry",
                "",
                "ngo",
                "third_sector",
                "Savonlinna",
            ),
        ],
    ),
    "kanta-hame": (
        [
            (
                "hameenlinnan-teatteri",
                "Hämeenlinnan Teatteri",
                "Hämeenlinna",
                "theatre",
                [(SHOW, 300, None, 15)],
            ),
            ("forssan-museo", "Forssan museo", "Forssa", "museum", []),
        ],
        [
            (
                "khshva-sosiaalityo",
                "Kanta-Hämeen hyvinvointialue",
                "Aikuissosiaalityö",
                "social_office",
                "county",
                None,
            ),
            (
                "riihimaen-klubitalo",
                "Riihimäen Klubitalo ry",
                "",
                "ngo",
                "third_sector",
                "Riihimäki",
            ),
        ],
    ),
    "keski-pohjanmaa": (
        [
            (
                "kokkolan-kaupunginteatteri",
                "Kokkolan kaupunginteatteri",
                "Kokkola",
                "theatre",
                [(SHOW, 300, None, 15)],
            ),
            (
                "kaustisen-kansanmusiikkijuhlat",
                "Kaustisen kansanmusiikkijuhlat",
                "Kaustinen",
                "festival",
                [(SHOW, 1500, None, 20)],
            ),
        ],
        [
            (
                "soite-perhetyo",
                "Keski-Pohjanmaan hyvinvointialue",
                "Perhetyö",
                "family_work",
                "county",
                None,
            ),
            (
                "kokkolan-monikulttuurinen",
                "Kokkolan Monikulttuurinen yhdistys ry",
                "",
                "ngo",
                "third_sector",
                "Kokkola",
            ),
        ],
    ),
    "keski-uusimaa": (
        [("jarvenpaa-talo", "Järvenpää-talo", "Järvenpää", "concert", [(SHOW, 800, None, 40)])],
        [
            (
                "keusote-sosiaalityo",
                "Keski-Uudenmaan hyvinvointialue",
                "Aikuissosiaalityö",
                "social_office",
                "county",
                None,
            ),
            (
                "jarvenpaan-tyottomat",
                "Järvenpään Työttömät ry",
                "",
                "ngo",
                "third_sector",
                "Järvenpää",
            ),
        ],
    ),
    "kymenlaakso": (
        [
            (
                "kotkan-kaupunginteatteri",
                "Kotkan kaupunginteatteri",
                "Kotka",
                "theatre",
                [(SHOW, 450, None, 23)],
            )
        ],
        # No third-sector distributor yet: the coordinators see the warning.
        [
            (
                "kotkan-sosiaalitoimisto",
                "Kymenlaakson hyvinvointialue",
                "Sosiaalitoimisto, Kotka",
                "social_office",
                "county",
                "Kotka",
            )
        ],
    ),
    "lappi": (
        [
            (
                "rovaniemen-teatteri",
                "Rovaniemen teatteri",
                "Rovaniemi",
                "theatre",
                [(SHOW, 400, None, 20)],
            ),
            ("arktikum", "Arktikum", "Rovaniemi", "museum", []),
            (
                "tornion-uimahalli",
                "Tornion uimahalli",
                "Tornio",
                "swimming_hall",
                [(POOL, None, 5, 20)],
            ),
        ],
        [
            (
                "lapha-sosiaalityo",
                "Lapin hyvinvointialue",
                "Aikuissosiaalityö",
                "social_office",
                "county",
                None,
            ),
            ("kemin-klubitalo", "Kemin Klubitalo ry", "", "ngo", "third_sector", "Kemi"),
        ],
    ),
    "lansi-uusimaa": (
        [
            (
                "espoon-kaupunginteatteri",
                "Espoon Kaupunginteatteri",
                "Espoo",
                "theatre",
                [(SHOW, 250, None, 13)],
            ),
            ("emma", "EMMA – Espoon modernin taiteen museo", "Espoo", "museum", []),
            (
                "kauniaisten-musiikkijuhlat",
                "Kauniaisten musiikkijuhlat",
                "Kauniainen",
                "concert",
                [(SHOW, 45, None, 2)],
            ),
        ],
        [
            (
                "espoon-aikuissosiaalityo",
                "Länsi-Uudenmaan hyvinvointialue",
                "Aikuissosiaalityö, Espoo",
                "social_office",
                "county",
                "Espoo",
            ),
            ("espoon-diakonia", "Espoon seurakunnat", "Diakoniatyö", "diaconal", "parish", "Espoo"),
            ("klubitalo-espoo", "Espoon Klubitalo ry", "", "ngo", "third_sector", "Espoo"),
        ],
    ),
    "pirkanmaa": (
        [
            (
                "tampereen-teatteri",
                "Tampereen Teatteri",
                "Tampere",
                "theatre",
                [(SHOW, 700, None, 35)],
            ),
            ("vapriikki", "Museokeskus Vapriikki", "Tampere", "museum", []),
        ],
        [
            (
                "tampereen-aikuissosiaalityo",
                "Pirkanmaan hyvinvointialue",
                "Aikuissosiaalityö, Tampere",
                "social_office",
                "county",
                "Tampere",
            ),
            (
                "tampereen-monikulttuurinen",
                "Monikulttuurinen yhdistys Familia Club ry",
                "",
                "ngo",
                "third_sector",
                "Tampere",
            ),
        ],
    ),
    "pohjanmaa": (
        [
            (
                "vaasan-kaupunginteatteri",
                "Vaasan kaupunginteatteri",
                "Vaasa",
                "theatre",
                [(SHOW, 450, None, 23)],
            ),
            ("wasa-teater", "Wasa Teater", "Vaasa", "theatre", [(SHOW, 300, None, 15)]),
        ],
        [
            (
                "vaasan-sosiaalityo",
                "Pohjanmaan hyvinvointialue",
                "Aikuissosiaalityö, Vaasa",
                "social_office",
                "county",
                "Vaasa",
            ),
            (
                "korsholm-diakoni",
                "Korsholms svenska församling",
                "Diakoni",
                "diaconal",
                "parish",
                "Mustasaari",
            ),
            ("vaasan-klubitalo", "Vaasan Klubitalo ry", "", "ngo", "third_sector", "Vaasa"),
        ],
    ),
    "pohjois-pohjanmaa": (
        [
            (
                "oulun-kaupunginteatteri",
                "Oulun kaupunginteatteri",
                "Oulu",
                "theatre",
                [(SHOW, 550, None, 28)],
            ),
            ("oulun-uimahalli", "Oulun uimahalli", "Oulu", "swimming_hall", [(POOL, None, 8, 20)]),
            (
                "nivalan-kansalaisopisto",
                "Nivalan kansalaisopisto",
                "Nivala",
                "college",
                [(COURSE, 12, None, 2)],
            ),
        ],
        [
            (
                "oulun-sosiaalityo",
                "Pohjois-Pohjanmaan hyvinvointialue",
                "Aikuissosiaalityö, Oulu",
                "social_office",
                "county",
                "Oulu",
            ),
            ("oulun-tyottomat", "Oulun Työttömät ry", "", "ngo", "third_sector", "Oulu"),
        ],
    ),
}

POP_UP = [
    (
        "kansallisgalleria",
        "Kansallisgalleria: Kiasma, Ateneum ja Sinebrychoffin taidemuseo",
        "Helsinki",
        "museum",
    ),
    ("amos-rex", "Amos Rexin taidemuseo", "Helsinki", "museum"),
    ("heureka", "Tiedekeskus Heureka", "Vantaa", "museum"),
]

SCOPE = {
    "museum": "Museon näyttelyt ja opastukset ovat mukana.",
    "theatre": "Teatterin omat esitykset ovat mukana.",
    "festival": "Festivaalin konsertit ja esitykset ovat mukana.",
    "cinema": "Elokuvanäytökset ovat mukana.",
    "college": "Kansalaisopiston kurssit ovat mukana, jos kurssilla on tilaa. Opisto voi rajata osan kursseista pois: rajaukset kerrotaan opiston sivuilla.",
    "cultural_centre": "Talon omat konsertit ja esitykset ovat mukana.",
    "dance": "Tanssiesitykset ovat mukana.",
    "summer_theatre": "Kesäteatterin esitykset ovat mukana.",
    "sports_event": "Ottelut ja tapahtumat ovat mukana.",
    "swimming_hall": "Uinti ja kuntosali ovat mukana.",
    "concert": "Konsertit ovat mukana.",
}
POOL_SV = {
    "title": "Kajana simhall",
    "slug": "kajaanin-uimahalli",
    "scope": "<p>Simning och gym ingår.</p>",
    "accessibility": "<p>Ingång utan trappor, tillgänglig toalett och omklädningsrum.</p>",
}


def _caps(rows):
    return [
        VenueCap(kind=kind, audience=audience, lanes=lanes, cap=cap, sort_order=i)
        for i, (kind, audience, lanes, cap) in enumerate(rows)
    ]


def _venue(parent, municipalities, row, *, joined=JOINED, place=""):
    slug, title, town, category, caps = row
    municipality = municipalities.get(town)
    return create_once(
        parent,
        VenuePage,
        slug,
        {
            "title": title,
            "municipality": municipality,
            "place": place,
            "category": category,
            "address": f"Kulttuurikatu 1, {town}"
            if category != "swimming_hall"
            else f"Uimahallintie 2, {town}",
            "postal_code": "87100" if town == "Kajaani" else "",
            "website": f"https://www.example.fi/{slug}",
            "joined_on": joined,
            "scope": paragraphs(SCOPE.get(category, "Kohteen oma tarjonta on mukana.")),
            "restrictions": paragraphs("Kurssit, joilla ei ole tilaa, eivät ole mukana.")
            if category in ("college", "cinema")
            else "",
            "box_office": True,
            "ticket_phone": "+358 8 000 0000" if category in ("theatre", "festival") else "",
            "ticket_agency": "lippupiste" if category in ("theatre", "festival", "concert") else "",
            "booking_opens_month_before": category == "summer_theatre",
            "redeem_minutes_before": 30 if category == "festival" else None,
            "accessibility": paragraphs(
                "Esteetön sisäänkäynti ja esteetön wc. Kysy lisää kohteesta."
            ),
            "step_free_access": category not in ("summer_theatre", "outdoor"),
            "accessible_toilet": category not in ("summer_theatre", "outdoor"),
            "hearing_loop": category in ("theatre", "cultural_centre", "concert"),
            "accessible_parking": category in ("swimming_hall", "cultural_centre", "museum"),
            "children_tickets": category != "college",
            "contact_name": "Kohteen yhteyshenkilö",
            "contact_email": f"{slug}@example.fi",
            "caps": _caps(caps),
        },
    )


def _distributor(parent, municipalities, row):
    slug, organisation, unit, kind, sector, town = row
    return create_once(
        parent,
        DistributorPage,
        slug,
        {
            "title": f"{organisation}, {unit}" if unit else organisation,
            "organisation": organisation,
            "unit": unit,
            "kind": kind,
            "sector": sector,
            "municipality": municipalities.get(town) if town else None,
            "contact_name": "Yksikön yhteyshenkilö",
            "public_email": f"{slug}@example.fi",
            "start_date": JOINED,
        },
    )


def load(report):
    locales = {loc.language_code: loc for loc in Locale.objects.all()}
    municipalities = {m.name_fi: m for m in Municipality.objects.all()}
    region_pages = {
        p.region.slug: p
        for p in RegionPage.objects.filter(locale=locales["fi"]).select_related("region")
    }

    kainuu = region_pages["kainuu"]
    for row in KAINUU_VENUES:
        _venue(kainuu, municipalities, row)
    pool = _venue(kainuu, municipalities, KAJAANI_POOL, joined=datetime.date(2024, 8, 1))
    for row in KAINUU_DISTRIBUTORS:
        _distributor(kainuu, municipalities, row)

    for slug, (venues, distributors) in OTHER.items():
        page = region_pages[slug]
        for row in venues:
            _venue(page, municipalities, row)
        for row in distributors:
            _distributor(page, municipalities, row)

    home = HomePage.objects.get(locale=locales["fi"], depth=2)
    popup = create_once(
        home,
        PopUpVenueIndexPage,
        "pop-up-kohteet",
        {
            "title": "Pop up -kohteet",
            "intro": paragraphs(
                "Pop up -kohteet ovat alueiden ulkopuolella. Niitä koordinoi Kulttuuria kaikille -palvelu."
            ),
        },
    )
    for slug, title, town, category in POP_UP:
        _venue(popup, municipalities, (slug, title, town, category, []), place=town)

    fi = locales["fi"]
    for code in LANGS[1:]:
        synchronize_tree(fi, locales[code])
    # A real Swedish translation for the swimming hall (the others show their Finnish text).
    translate_once(pool, locales["sv"], {**POOL_SV, "caps": _caps(KAJAANI_POOL[4])})
    assert Region.objects.filter(slug="kainuu").exists()
