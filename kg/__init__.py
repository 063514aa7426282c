"""h2kg: a knowledge graph of the hydrogen and new-energy-vehicle industry, from news.

Stages, each its own module, handing each other plain records (:mod:`kg.records`):
:mod:`kg.ingest` -> :mod:`kg.extract` -> :mod:`kg.resolve` -> :mod:`kg.store` ->
:mod:`kg.views`. :func:`build` runs them all.
"""
__version__ = "0.1.0"

__all__ = ["build", "BuildReport", "__version__"]


def __getattr__(name):
    # imported on first use, so `import kg.extract` does not pull in the store
    if name in ("build", "BuildReport"):
        from . import pipeline
        return getattr(pipeline, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
