import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from exercises.library import LibraryError, load_library
from planner.demo import build_demo_clinic, handout_site_url, local_url, login_lines

DEFAULT_ADDRESS = "127.0.0.1:8000"


class Command(BaseCommand):
    help = "Migrate, load the exercise library and a demo clinic, print the logins, then serve."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default=DEFAULT_ADDRESS, help="ADDR:PORT")
        parser.add_argument(
            "--no-serve", action="store_true", help="Set everything up but do not start a server."
        )

    def handle(self, *args, addrport, no_serve, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "The demo clinic has well-known passwords; it never runs in production."
            )
        try:
            served = local_url(addrport)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        # What the handouts, the patient page and the reminder emails print follows the address
        # served on, unless SITE_URL in the environment says otherwise (planner.demo).
        settings.SITE_URL, address_lines = handout_site_url(addrport, os.environ)
        call_command("migrate", interactive=False, verbosity=0)
        try:
            conditions, exercises = load_library()
        except LibraryError as exc:
            raise CommandError(f"The exercise library could not be loaded: {exc}") from exc
        self.stdout.write(conditions.summary("Conditions"))
        self.stdout.write(exercises.summary("Exercises"))
        build_demo_clinic()
        for line in login_lines(served):
            self.stdout.write(self.style.SUCCESS(line) if line.startswith("Rehab") else line)
        for line in address_lines:
            self.stdout.write(line)
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)
