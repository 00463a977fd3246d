"""Demo data of the materials app: the national onboarding materials (DOMAIN.md, "Onboarding
material") with real small files, materials pages and onboarding paths in four languages, the
operating model version, the brochure workflow and a Kainuu brochure draft. Idempotent."""

import datetime
from pathlib import Path

from django.apps import apps as django_apps
from django.core.files.base import ContentFile

from wagtail.models import Collection, Locale

from core.demo import ensure_user, grant_admin_access, upsert_page, upsert_translation
from core.roles import national_editors_group

from .models import (
    Brochure,
    CustomDocument,
    Material,
    MaterialFile,
    MaterialsPage,
    MaterialVersion,
    OnboardingPage,
    OperatingModelVersion,
)
from .workflows import ensure_brochure_workflow

D = datetime.date
DEMO_FILES = Path(__file__).parent / "demo_files"  # built by bin/build_demo_files.py

OPERATING_MODEL_TEXT = [
    "Kaikukortti on maksuton kulttuurikortti 16 vuotta täyttäneille sosiaali- ja terveyspalvelujen asiakkaille, joiden taloudellinen tilanne on tiukka.",
    "Kohde määrittää yläraja per esitys; yläraja ei ole kiintiö.",
    "Kortinjakaja rekisteröi kortin Kaikukantaan. Nimeä, syntymäaikaa, henkilötunnusta, osoitetta tai puhelinnumeroa ei tallenneta.",
]

# slug, title, audience, kind, language, coordinator_only, [(date, label, formats)], text
MATERIALS = [
    (
        "toimintamalli",
        "Kaikukortin toimintamalli",
        "everyone",
        "operating_model",
        "fi",
        False,
        [(D(2022, 1, 13), "13.1.2022", ["docx", "pdf", "pptx"])],
        OPERATING_MODEL_TEXT,
    ),
    (
        "kortinjakajan-kasikirja",
        "Kortinjakajan käsikirja 2026",
        "distributors",
        "handbook",
        "fi",
        False,
        [(D(2026, 1, 5), "2026", ["pdf"])],
        ["Käsikirja kortinjakajille: kortin myöntäminen, rekisteröinti ja yhteisön kortti."],
    ),
    (
        "kortinjakajien-perehdytysdiat",
        "Perehdytysdiat kortinjakajille",
        "distributors",
        "slides",
        "fi",
        False,
        [(D(2021, 2, 1), "2021", ["pptx", "pdf"]), (D(2022, 4, 20), "2022", ["pptx", "pdf"])],
        [
            "Kaikukortti lyhyesti: kenelle kortti myönnetään",
            "Rekisteröinti: pakolliset tiedot ovat syntymävuosi, postinumero ja alle 16-vuotiaiden lasten määrä",
        ],
    ),
    (
        "kortinjakajan-muistilista",
        "Kortinjakajan muistilista",
        "distributors",
        "checklist",
        "fi",
        False,
        [(D(2022, 1, 3), "3.1.2022", ["pdf", "docx"])],
        ["Muistilista: kortti, rekisteröinti, ohjeet asiakkaalle."],
    ),
    (
        "paperinen-rekisterointilomake",
        "Paperinen rekisteröintilomake",
        "distributors",
        "paper_form",
        "fi",
        False,
        [(D(2022, 1, 3), "2022", ["docx", "pdf"])],
        ["Lomake kortin tietojen kirjaamiseen, kun Kaikukanta ei ole käytettävissä."],
    ),
    (
        "kaikukanta-ohje-kortinjakajille",
        "Kaikukannan ohje kortinjakajille",
        "distributors",
        "registry_instructions",
        "fi",
        False,
        [(D(2023, 8, 21), "2023", ["pdf"])],
        ["Näin rekisteröit kortin Kaikukantaan."],
    ),
    (
        "kohteen-kasikirja",
        "Kohteen käsikirja",
        "venues",
        "handbook",
        "fi",
        False,
        [(D(2026, 1, 5), "2026", ["pdf"])],
        [
            "Käsikirja kulttuuri- ja liikuntakohteille: ylärajat, myyntikanavat, käyttökertojen kirjaus."
        ],
    ),
    (
        "kaikukanta-ohje-kohteille",
        "Kaikukannan ohje kohteille",
        "venues",
        "registry_instructions",
        "fi",
        False,
        [(D(2023, 8, 21), "2023", ["pdf"])],
        ["Näin kirjaat käyntikerran: lue kortin viivakoodi tai QR-koodi."],
    ),
    (
        "kohteiden-perehdytysdiat",
        "Perehdytysdiat kohteille",
        "venues",
        "slides",
        "fi",
        False,
        [(D(2022, 4, 20), "2022", ["pptx", "pdf"])],
        ["Kaikukortti kohteessa: yläraja ei ole kiintiö", "Käyttökerran kirjaus Kaikukantaan"],
    ),
    (
        "introduktionsbilder-for-besoksmal",
        "Introduktionsbilder för besöksmål",
        "venues",
        "slides",
        "sv",
        False,
        [(D(2022, 4, 20), "2022", ["pptx", "pdf"])],
        ["Kaikukortet på besöksmålet: taket är ingen kvot", "Registrera besöket i Kaikukanta"],
    ),
    (
        "kaikukanta-ohje-vastuuhenkiloille",
        "Kaikukannan ohje vastuuhenkilöille",
        "coordinators",
        "registry_instructions",
        "fi",
        False,
        [(D(2023, 8, 21), "2023", ["pdf"])],
        ["Käyttäjätunnusten luonti ja raportit."],
    ),
    (
        "graafiset-tiedostot",
        "Logo ja InDesign-pohjat (juliste, kortti, esite)",
        "coordinators",
        "graphics",
        "fi",
        True,
        [(D(2023, 3, 6), "2023", ["zip"])],
        ["Logo ja taittopohjat painotuotteisiin."],
    ),
    (
        "esitteen-tekstipohja-fi",
        "Asiakasesitteen tekstipohja",
        "coordinators",
        "brochure_template",
        "fi",
        False,
        [(D(2023, 3, 6), "2023", ["docx"])],
        ["Kaikukortti on maksuton kulttuurikortti."],
    ),
    (
        "esitteen-tekstipohja-sv",
        "Textmall för kundbroschyren",
        "coordinators",
        "brochure_template",
        "sv",
        False,
        [(D(2023, 3, 6), "2023", ["docx"])],
        ["Kaikukortet är ett avgiftsfritt kulturkort."],
    ),
    (
        "esitteen-tekstipohja-en",
        "Customer brochure text template",
        "coordinators",
        "brochure_template",
        "en",
        False,
        [(D(2023, 3, 6), "2023", ["docx"])],
        ["Kaikukortti is a free culture card."],
    ),
    (
        "sitoumuspohja-kohde",
        "Sitoumuspohja: kohde",
        "coordinators",
        "commitment_template",
        "fi",
        False,
        [(D(2022, 1, 13), "2022", ["docx"])],
        ["Kohde sitoutuu Kaikukortin valtakunnalliseen toimintamalliin."],
    ),
    (
        "sitoumuspohja-kortinjakaja",
        "Sitoumuspohja: kortinjakaja",
        "coordinators",
        "commitment_template",
        "fi",
        False,
        [(D(2022, 1, 13), "2022", ["docx"])],
        ["Kortinjakaja sitoutuu Kaikukortin valtakunnalliseen toimintamalliin."],
    ),
    (
        "tilastopohja",
        "Käyttötilastojen pohja",
        "coordinators",
        "statistics_template",
        "fi",
        False,
        [(D(2023, 1, 2), "2023", ["xlsx"])],
        [],
    ),
    (
        "materiaalien-jakotaulukko",
        "Materiaalien jakotaulukko",
        "coordinators",
        "statistics_template",
        "fi",
        False,
        [(D(2023, 1, 2), "2023", ["xlsx"])],
        [],
    ),
]

PAGES = {
    # audience: {lang: (slug, title, intro)}
    "distributors": {
        "fi": (
            "materiaalit-kortinjakajille",
            "Materiaalit kortinjakajille",
            "Perehdytysmateriaalit kortinjakajille. Lataa aina uusin versio.",
        ),
        "sv": (
            "material-for-kortutdelare",
            "Material för kortutdelare",
            "Introduktionsmaterial för kortutdelare. Ladda alltid ner den senaste versionen.",
        ),
        "en": (
            "materials-for-distributors",
            "Materials for card distributors",
            "Onboarding material for card distributors. Always download the newest version.",
        ),
        "fi-x-selko": (
            "materiaalit-kortinjakajille",
            "Materiaalit kortinjakajille",
            "Täältä saat ohjeet kortinjakajille.",
        ),
    },
    "venues": {
        "fi": (
            "materiaalit-kohteille",
            "Materiaalit kohteille",
            "Perehdytysmateriaalit kulttuuri- ja liikuntakohteille.",
        ),
        "sv": (
            "material-for-besoksmal",
            "Material för besöksmål",
            "Introduktionsmaterial för kultur- och idrottsbesöksmål.",
        ),
        "en": (
            "materials-for-venues",
            "Materials for venues",
            "Onboarding material for culture and sport venues.",
        ),
        "fi-x-selko": (
            "materiaalit-kohteille",
            "Materiaalit kohteille",
            "Täältä saat ohjeet kohteille.",
        ),
    },
    "coordinators": {
        "fi": (
            "materiaalit-vastuuhenkiloille",
            "Materiaalit vastuuhenkilöille",
            "Materiaalit alueiden vastuuhenkilöille. Taittopohjat näkyvät kirjautuneille vastuuhenkilöille.",
        ),
        "sv": (
            "material-for-ansvarspersoner",
            "Material för ansvarspersoner",
            "Material för regionernas ansvarspersoner.",
        ),
        "en": (
            "materials-for-coordinators",
            "Materials for coordinators",
            "Material for the regions' coordinators.",
        ),
        "fi-x-selko": (
            "materiaalit-vastuuhenkiloille",
            "Materiaalit vastuuhenkilöille",
            "Materiaalit alueiden vastuuhenkilöille.",
        ),
    },
}

ONBOARDING = {
    "venue": {
        "fi": (
            "perehdytys-kohteille",
            "Liity Kaikukortti-kohteeksi",
            "Liityt kohteeksi. Tee nämä neljä asiaa.",
        ),
        "sv": (
            "introduktion-for-besoksmal",
            "Bli ett Kaikukortet-besöksmål",
            "Du ansluter som besöksmål. Gör de här fyra sakerna.",
        ),
        "en": (
            "onboarding-venues",
            "Join as a Kaikukortti venue",
            "You are joining as a venue. Do these four things.",
        ),
        "fi-x-selko": ("perehdytys-kohteille", "Liity kohteeksi", "Tee nämä neljä asiaa."),
    },
    "distributor": {
        "fi": (
            "perehdytys-kortinjakajille",
            "Liity kortinjakajaksi",
            "Liityt kortinjakajaksi. Tee nämä neljä asiaa.",
        ),
        "sv": (
            "introduktion-for-kortutdelare",
            "Bli kortutdelare",
            "Du ansluter som kortutdelare. Gör de här fyra sakerna.",
        ),
        "en": (
            "onboarding-distributors",
            "Join as a card distributor",
            "You are joining as a card distributor. Do these four things.",
        ),
        "fi-x-selko": (
            "perehdytys-kortinjakajille",
            "Liity kortinjakajaksi",
            "Tee nämä neljä asiaa.",
        ),
    },
}


def materials_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name="Materiaalit").first()
    return existing or root.add_child(name="Materiaalit")


def demo_file_name(slug, label, fmt):
    return f"{slug}-{label.replace('.', '-')}.{fmt}"


def ensure_version(material, version_date, label, formats, collection):
    version, _ = MaterialVersion.objects.get_or_create(
        material=material,
        version_date=version_date,
        defaults={"label": label, "is_published": True},
    )
    for fmt in formats:
        if version.files.filter(file_format=fmt).exists():
            continue
        name = demo_file_name(material.slug, label, fmt)
        document = CustomDocument(
            title=f"{material.title} {label} ({fmt.upper()})",
            collection=collection,
            coordinators_only=material.coordinator_only,
        )
        document.file.save(name, ContentFile((DEMO_FILES / name).read_bytes()), save=False)
        document.save()
        document.get_file_size(), document.get_file_hash()  # Wagtail's public way to record them
        MaterialFile.objects.create(version=version, document=document, file_format=fmt)
    return version


def load_materials():
    collection = materials_collection()
    result = {}
    for slug, title, audience, kind, language, coordinator_only, versions, text in MATERIALS:
        material, _ = Material.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "audience": audience,
                "kind": kind,
                "language": language,
                "coordinator_only": coordinator_only,
                "description": text[0] if text else "",
            },
        )
        for version_date, label, formats in versions:
            ensure_version(material, version_date, label, formats, collection)
        result[slug] = material
    return result


def _publish_everywhere(home_fi, model, spec, extra):
    fi_slug, fi_title, fi_intro = spec["fi"]
    page = upsert_page(
        home_fi, model, fi_slug, {"title": fi_title, "intro": f"<p>{fi_intro}</p>", **extra}
    )
    for code, (slug, title, intro) in spec.items():
        if code == "fi":
            continue
        locale = Locale.objects.filter(language_code=code).first()
        if locale is None:
            continue
        upsert_translation(
            page, locale, {"slug": slug, "title": title, "intro": f"<p>{intro}</p>", **extra}
        )
    return page


def load_pages():
    from home.models import HomePage

    home_fi = HomePage.objects.filter(locale__language_code="fi", depth=2).first()
    if home_fi is None:
        return
    for audience, spec in PAGES.items():
        _publish_everywhere(home_fi, MaterialsPage, spec, {"audience": audience})
    for partner_type, spec in ONBOARDING.items():
        _publish_everywhere(home_fi, OnboardingPage, spec, {"partner_type": partner_type})


def ensure_kainuu():
    Region = django_apps.get_model("regions", "Region")
    region = (
        Region.objects.filter(slug="kainuu").first()
        or Region.objects.filter(name_fi="Kainuu").first()
    )
    if region is None:
        region = Region.objects.create(
            slug="kainuu", name_fi="Kainuu", wellbeing_county="Kainuun hyvinvointialue"
        )
    Municipality = django_apps.get_model("regions", "Municipality")
    if not region.municipalities.exists():
        for name in (
            "Hyrynsalmi",
            "Kajaani",
            "Kuhmo",
            "Paltamo",
            "Puolanka",
            "Ristijärvi",
            "Sotkamo",
            "Suomussalmi",
        ):
            if not Municipality.objects.filter(name_fi=name).exists():
                Municipality.objects.create(region=region, name_fi=name)
    region.refresh_from_db()
    return region


def load(report):
    materials = load_materials()
    OperatingModelVersion.objects.update_or_create(
        published_on=D(2022, 1, 13),
        defaults={
            "title": "Kaikukortin toimintamalli",
            "material": materials["toimintamalli"],
            "summary": "Voimassa toistaiseksi.",
        },
    )
    load_pages()
    ensure_brochure_workflow(django_apps)

    editors = national_editors_group()
    grant_admin_access(editors)
    from django.contrib.auth.models import Permission

    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="materials",
            content_type__model__in=[
                "material",
                "materialversion",
                "operatingmodelversion",
                "customdocument",
            ],
        )
    )

    region = ensure_kainuu()
    group = region.coordinators_group
    if group is not None:
        grant_admin_access(group)
        if not group.user_set.exists():
            ensure_user(
                "kainuu.koordinaattori",
                groups=[group],
                first_name="Kaisa",
                last_name="Kainuulainen",
            )
            report("Kainuu coordinator (commitments, brochures)", "kainuu.koordinaattori")

    ensure_demo_brochures(region, editors)


def _demo_brochure(region, year):
    brochure = Brochure.objects.filter(region=region, year=year, language="fi").first()
    if brochure is None:
        brochure = Brochure(region=region, year=year, language="fi", live=False)
        brochure.compile_lists()
        brochure.fill_from_template()
        brochure.contacts = (
            "Kainuun hyvinvointialue, hyvinvoinnin edistäminen\nkaikukortti@kainuu.fi"
        )
        brochure.save()
        brochure.save_revision()
    return brochure


def ensure_demo_brochures(region, editors):
    """Kainuu's brochure for 2027 submitted for the national office's approval, and its 2026
    brochure approved: an editor signing in has a brochure to approve, a coordinator one to print.
    Left as they are once someone has acted on them (approved, sent back)."""
    group = region.coordinators_group
    coordinator = group.user_set.order_by("pk").first() if group is not None else None
    editor = editors.user_set.order_by("pk").first()
    if coordinator is None or editor is None:
        return
    awaiting = _demo_brochure(region, 2027)
    if not awaiting.live and awaiting.current_workflow_state is None:
        awaiting.get_workflow().start(awaiting, coordinator)
    approved = _demo_brochure(region, 2026)
    if not approved.live and approved.current_workflow_state is None:
        state = approved.get_workflow().start(approved, coordinator)
        task_state = state.current_task_state
        task_state.task.specific.on_action(task_state, editor, "approve", comment="")
