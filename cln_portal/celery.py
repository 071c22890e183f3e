"""The Celery application of the CLN portal, configured from Django settings (``CELERY_*``)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cln_portal.settings.base")

app = Celery("cln_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
