from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from accounts.roles import ensure_roles_after_migrate
        from config import checks  # noqa: F401  (registers the production checks)

        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="accounts.ensure_roles")
