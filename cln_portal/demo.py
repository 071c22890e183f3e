"""Demo loaders of the apps the demo seed (``sessions.demo.demo_seed``) cannot import.

An app beside ``sessions`` on the floors (``places``) registers a loader in its
``AppConfig.ready``; ``demo_seed`` calls each one last, with its result, so that
``seed_demo`` and the quality crawl see every app's demo records.
"""

from collections.abc import Callable

_LOADERS: list[Callable] = []


def register_demo_loader(load: Callable) -> None:
    """Register ``load(seed=...)``, called at the end of the demo seed; idempotent per function."""
    if load not in _LOADERS:
        _LOADERS.append(load)


def demo_loaders() -> list[Callable]:
    """The registered loaders, in registration order."""
    return list(_LOADERS)
