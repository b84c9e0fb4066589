from django.apps import AppConfig


class PlannerConfig(AppConfig):
    name = "planner"
    verbose_name = "Patients and plans"

    def ready(self):
        from planner import signals

        signals.connect()  # sign-ins, failures and lockouts onto the audit trail
