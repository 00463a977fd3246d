"""Factories of the materials: documents (the custom document model), library materials with their
versions and files, operating model versions, commitments and brochures.

    material = MaterialFactory(kind="handbook", audience="venues")
    version = MaterialVersionFactory(material=material, formats=("pdf", "docx"))
    OperatingModelVersionFactory(published_on=datetime.date(2022, 1, 13), material=material)

Slugs, titles and dates that must be unique come from sequences, so none meets the demo's.
"""

import datetime

from django.core.files.base import ContentFile

import factory
import wagtail_factories

from materials.models import (
    Brochure,
    Commitment,
    CustomDocument,
    Material,
    MaterialFile,
    MaterialsPage,
    MaterialVersion,
    OnboardingPage,
    OperatingModelVersion,
)
from tests.home.factories import BasePageFactory
from tests.regions.factories import MunicipalityFactory, RegionFactory


class DocumentFactory(wagtail_factories.DocumentFactory):
    """A document in the root collection; `file__filename="x.pdf"` picks its format."""

    title = factory.Sequence(lambda n: f"Testiasiakirja {n}")
    collection = factory.LazyFunction(
        lambda: wagtail_factories.CollectionFactory._meta.model.get_first_root_node()
    )
    file = factory.django.FileField(filename="testi.pdf", data=b"%PDF-1.4 test\n")
    # As the admin's upload sets it: without it the first page that shows the size saves it
    # (Wagtail's get_file_size), a content change that empties the fragment caches mid-request.
    file_size = factory.LazyAttribute(lambda document: document.file.size)

    class Meta:
        model = CustomDocument


class MaterialFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Testimateriaali {n}")
    slug = factory.Sequence(lambda n: f"testimateriaali-{n}")
    audience = "distributors"
    kind = "handbook"
    language = "fi"

    class Meta:
        model = Material


class MaterialVersionFactory(factory.django.DjangoModelFactory):
    """A published version of `material` with one file per format in `formats` (PDF by default)."""

    material = factory.SubFactory(MaterialFactory)
    version_date = datetime.date(2022, 1, 13)
    is_published = True

    class Meta:
        model = MaterialVersion
        skip_postgeneration_save = True

    @factory.post_generation
    def formats(version, create, extracted, **kwargs):
        if not create:
            return
        for file_format in extracted if extracted is not None else ("pdf",):
            name = f"{version.material.slug}.{file_format}"
            document = DocumentFactory(
                title=version.material.title, file=ContentFile(b"test file\n", name=name)
            )
            MaterialFile.objects.create(version=version, document=document)


class OperatingModelVersionFactory(factory.django.DjangoModelFactory):
    """A published version of the national operating model (13.1.2022 is the one in force)."""

    published_on = datetime.date(2022, 1, 13)
    title = "Kaikukortin toimintamalli"

    class Meta:
        model = OperatingModelVersion
        django_get_or_create = ("published_on",)


class CommitmentFactory(factory.django.DjangoModelFactory):
    """A new distributor commitment to the operating model in force, from a region's municipality."""

    partner_type = Commitment.PartnerType.DISTRIBUTOR
    organisation = factory.Sequence(lambda n: f"Testiorganisaatio {n}")
    region = factory.SubFactory(RegionFactory)
    municipality = factory.LazyAttribute(lambda c: MunicipalityFactory(region=c.region))
    contact_name = "Maija Meikäläinen"
    contact_email = factory.Sequence(lambda n: f"yhteys{n}@example.fi")
    contact_phone = "040 123 4567"
    operating_model_version = factory.SubFactory(OperatingModelVersionFactory)
    accepted_model_at = factory.LazyFunction(lambda: datetime.datetime.now(tz=datetime.UTC))

    class Meta:
        model = Commitment


class BrochureFactory(factory.django.DjangoModelFactory):
    """A region's draft brochure (lists not compiled: call `compile_lists()` when they matter)."""

    region = factory.SubFactory(RegionFactory)
    year = 2031
    language = "fi"
    live = False

    class Meta:
        model = Brochure


class MaterialsPageFactory(BasePageFactory):
    """The current materials of one audience; pass `parent=` a national home page (any language)."""

    title = factory.Sequence(lambda n: f"Materiaalit {n}")
    audience = "distributors"

    class Meta:
        model = MaterialsPage


class OnboardingPageFactory(BasePageFactory):
    """The onboarding path of a partner type; pass `parent=` a national home page."""

    title = factory.Sequence(lambda n: f"Perehdytys {n}")
    partner_type = "venue"

    class Meta:
        model = OnboardingPage
