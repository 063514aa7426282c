"""h2kg: a knowledge graph of the hydrogen and new-energy-vehicle industry, from news.

Stages, each its own module, handing each other plain records (:mod:`kg.records`):
:mod:`kg.ingest` -> :mod:`kg.extract` -> :mod:`kg.resolve` -> :mod:`kg.store` ->
:mod:`kg.views`. :func:`build` runs them all.
"""
__version__ = "0.1.0"

from .pipeline import BuildReport, build  # noqa: E402

__all__ = ["build", "BuildReport", "__version__"]
