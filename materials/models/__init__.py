"""The materials app's models: the document library, commitments and brochures."""

from .brochures import Brochure
from .commitments import Commitment, OperatingModelVersion
from .documents import CustomDocument
from .library import Audience, Kind, Material, MaterialFile, MaterialVersion
from .pages import MaterialsPage, OnboardingPage

__all__ = [
    "Audience",
    "Brochure",
    "Commitment",
    "CustomDocument",
    "Kind",
    "Material",
    "MaterialFile",
    "MaterialVersion",
    "MaterialsPage",
    "OnboardingPage",
    "OperatingModelVersion",
]
