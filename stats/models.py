"""The statistics' models are the views of :mod:`stats.facts`, where their design is explained.

Django finds an app's models by importing this module, so it imports them."""

from . import facts  # noqa: F401
