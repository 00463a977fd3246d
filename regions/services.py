"""What the region pages show, each in a fixed number of queries (no matter how many partners)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from wagtail.models import Site

from core.pagequery import public_pages

from .models import Region, RegionCoordinator, RegionNewsPage, RegionPage


def subsite_url(hostname, port, request=None):
    """The address of a region's subsite. In development (`*.localhost`) the port the site is being
    served on is kept, so `kainuu.localhost:8000` works whatever the Site record says."""
    scheme = "https" if request is not None and request.is_secure() else "http"
    if request is not None and hostname.endswith(".localhost"):
        port = request.get_port()
    port = int(port) if port else 80
    default = 443 if scheme == "https" else 80
    return f"{scheme}://{hostname}{'' if port == default else f':{port}'}/"


def region_sites():
    """{region id: (hostname, port)} for every region whose page is a Site's root (one query)."""
    content_type = ContentType.objects.get_for_model(RegionPage)
    rows = Site.objects.filter(root_page__content_type=content_type).values_list(
        "hostname", "port", "root_page__regionpage__region_id"
    )
    return {region_id: (hostname, port) for hostname, port, region_id in rows}


def finder_url_for(region):
    return f"{reverse('finder')}?{urlencode({'region': region.slug})}"


def _coordinator_prefetch():
    return Prefetch("coordinators", queryset=RegionCoordinator.objects.order_by("sort_order", "pk"))


def region_listing(index_page, request):
    """Every region with its municipalities, coordinators, page and subsite links."""
    regions = list(
        Region.objects.prefetch_related("municipalities", _coordinator_prefetch()).order_by(
            "name_fi"
        )
    )
    pages = {
        p.region_id: p
        for p in public_pages(request, RegionPage.objects.child_of(index_page).live()).only(
            "id", "title", "url_path", "region_id", "locale_id", "path", "depth"
        )
    }
    sites = region_sites()
    listing = []
    for region in regions:
        site = sites.get(region.pk)
        listing.append(
            {
                "region": region,
                "page": pages.get(region.pk),
                "subsite_url": subsite_url(*site, request) if site else None,
                "municipalities": list(region.municipalities.all()),
                "coordinators": list(region.coordinators.all()),
            }
        )
    return listing


def region_home_context(page, request):
    from partners.models import DistributorPage, VenuePage

    region = Region.objects.prefetch_related("municipalities", _coordinator_prefetch()).get(
        pk=page.region_id
    )
    coordinators = list(region.coordinators.all())
    today = timezone.localdate()
    distributors = list(
        public_pages(request, DistributorPage.objects.child_of(page).live())
        .select_related("municipality")
        .order_by("organisation", "title")
    )
    site = region_sites().get(region.pk)
    return {
        "region": region,
        "municipalities": list(region.municipalities.all()),
        "culture_coordinators": [c for c in coordinators if c.side == c.Side.CULTURE],
        "social_coordinators": [c for c in coordinators if c.side == c.Side.SOCIAL],
        "venues": (
            public_pages(request, VenuePage.objects.child_of(page).live())
            .select_related("municipality__region")
            .prefetch_related("caps")
            .order_by("title")
        ),
        "distributors": [d for d in distributors if d.start_date <= today],
        "upcoming_distributors": [d for d in distributors if d.start_date > today],
        "news": public_pages(request, RegionNewsPage.objects.child_of(page).live()).order_by(
            "-date"
        )[:5],
        "finder_url": finder_url_for(region),
        "subsite_url": subsite_url(*site, request) if site else None,
    }


def regions_overview(user):
    """The coordinators' section: each region the user coordinates, its fee and third-sector check."""
    from partners.models import DistributorPage, DistributorSector

    from .models import NationalFee
    from .permissions import regions_coordinated_by

    regions = list(regions_coordinated_by(user).order_by("name_fi"))
    fee_setting = NationalFee.for_year()
    pages = dict(
        RegionPage.objects.filter(
            region__in=regions, locale__language_code=settings.LANGUAGE_CODE
        ).values_list("region_id", "pk")
    )
    with_ngo = set(
        DistributorPage.objects.live()
        .filter(sector=DistributorSector.THIRD_SECTOR, locale__language_code="fi")
        .values_list("municipality__region_id", flat=True)
    )
    # Distributors serving the whole region have no municipality: count them by their parent page.
    region_page_paths = dict(
        RegionPage.objects.filter(region__in=regions).values_list("path", "region_id")
    )
    for path in (
        DistributorPage.objects.live()
        .filter(sector=DistributorSector.THIRD_SECTOR, municipality__isnull=True)
        .values_list("path", flat=True)
    ):
        region_id = region_page_paths.get(path[: -RegionPage.steplen])
        if region_id:
            with_ngo.add(region_id)
    return [
        {
            "region": region,
            "page_id": pages.get(region.pk),
            "fee": fee_setting.fee_for(region.population)
            if fee_setting and region.population
            else None,
            "fee_year": fee_setting.year if fee_setting else None,
            "has_third_sector": region.pk in with_ngo,
        }
        for region in regions
    ]
