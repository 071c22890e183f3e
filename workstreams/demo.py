"""Demo records of this app beyond the reference sitting, loaded by ``seed_demo``.

``load`` must be idempotent (find by natural key, save nothing unchanged) and must not
depend on other apps' demo loaders, which run in the order members, meetings,
workstreams, pdin.
"""


def load(*, seed) -> None:
    """Add this app's demo records. ``seed`` is a ``sessions.demo.DemoSeedResult``
    (``meeting``, ``minutes``, ``people`` by key of ``sessions.demo.reference.PEOPLE``)."""
