"""WSGI entry point (gunicorn cln_portal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cln_portal.settings.base")
application = get_wsgi_application()
