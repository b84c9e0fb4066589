from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views as account_views
from planner import print_batch_views
from planner import views as planner_views
from portal import views as portal_views

urlpatterns = [
    path("", planner_views.home, name="home"),
    path("healthz", planner_views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/activate/", portal_views.activate, name="activate"),
    path("language/", portal_views.switch_language, name="language"),
    path("portal/", include("portal.urls")),
    path("exercises/", include("exercises.urls")),
    path("admin/login/", account_views.admin_login),  # before the admin's own
    # Handouts printed in the background: staff only, checked like the admin's own pages.
    path(
        "admin/handouts/batch/<int:batch_id>/pdf/",
        admin.site.admin_view(print_batch_views.download),
        name="handout_batch_download",
    ),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    # Uploaded exercise images in development; a production server serves MEDIA_ROOT itself.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
