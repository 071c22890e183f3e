"""URLs of sittings and minutes, under /comptes-rendus/, in the ``meetings`` namespace.

The minutes' pages (``sessions/minutes/urls.py``) and the sittings' pages under ``seances/``
(``sessions/meetings/urls.py``) and the « dossiers de réponses » (``sessions/dossier/urls.py``)
share one namespace, so every URL name stays
``meetings:<name>``.
"""

from .dossier import urls as dossier_urls
from .meetings import urls as meetings_urls
from .minutes import urls as minutes_urls

app_name = "meetings"

urlpatterns = minutes_urls.urlpatterns + meetings_urls.urlpatterns + dossier_urls.urlpatterns
