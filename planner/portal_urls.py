from django.urls import path

from planner import views

app_name = "portal"

urlpatterns = [
    path("", views.portal_home, name="home"),
]
