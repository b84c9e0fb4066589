from django.apps import AppConfig


class PortalConfig(AppConfig):
    """What a patient sees and does. No models: it reads through planner's selectors and writes
    through planner's services."""

    name = "portal"
    verbose_name = "Patient portal"
