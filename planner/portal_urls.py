from django.urls import path

from planner import portal_views

app_name = "portal"

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("log/<int:item_id>/", portal_views.log_session, name="log"),
    path("check-in/", portal_views.heaviness_check, name="heaviness"),
    path("history/", portal_views.history, name="history"),
    path("handout/<int:assignment_id>/", portal_views.handout, name="handout"),
]
