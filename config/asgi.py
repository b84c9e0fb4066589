"""ASGI entry point, e.g. ``uvicorn config.asgi:application``."""

import os

from django.core.asgi import get_asgi_application

from config.checks import refuse_unsafe_production
from config.warm import freeze_the_loaded_app

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

# ASGI servers never run Django's system checks: refuse to serve with settings they would refuse.
refuse_unsafe_production()

application = get_asgi_application()
# Garbage collection pauses made the slowest requests: see config/warm.py.
freeze_the_loaded_app()
