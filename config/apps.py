from django.contrib.admin.apps import AdminConfig


class RehabAdminConfig(AdminConfig):
    """Django's admin with our site (config/admin_site.py) as ``admin.site``."""

    default_site = "config.admin_site.RehabAdminSite"
