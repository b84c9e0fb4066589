"""WSGI entry point, e.g. ``gunicorn config.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

from config.checks import refuse_unsafe_production
from config.warm import freeze_the_loaded_app

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# WSGI servers never run Django's system checks: refuse to serve with settings they would refuse.
refuse_unsafe_production()

application = get_wsgi_application()
# Garbage collection pauses made the slowest requests: see config/warm.py.
freeze_the_loaded_app()
