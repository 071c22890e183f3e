"""Admin of the ``meetings`` app: registering a module's models is a side effect of importing it.

Django's admin autodiscovery imports ``sessions.admin`` only, hence the two imports below.
"""

from .meetings import admin as meetings_admin  # noqa: F401
from .minutes import admin as minutes_admin  # noqa: F401
