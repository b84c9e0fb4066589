"""The project's WSGI application with one more URL, ``/bench-bare/``: a bare view returning a
short HttpResponse behind the same middleware, the floor ``benchmarks/throughput.py`` measures the
portal against. Only the benchmark serves this module (``gunicorn throughput_wsgi:application``)."""

import os
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup(set_prefix=False)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402

from config.warm import freeze_the_loaded_app  # noqa: E402


def bare(request):
    return HttpResponse("ok")


bench_urls = types.ModuleType("bench_urls")
bench_urls.urlpatterns = [path("bench-bare/", bare), path("", include("config.urls"))]
sys.modules["bench_urls"] = bench_urls

# For the life of this process: the project's URLs plus the bare view.
override_settings(ROOT_URLCONF="bench_urls").enable()
application = get_wsgi_application()
# As the app's own entry points do (config/wsgi.py): load, then freeze what is loaded.
freeze_the_loaded_app()
