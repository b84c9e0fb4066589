from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("log/<int:item_id>/", views.log_session, name="log"),
    path("done/<int:item_id>/", views.log_done, name="done"),
    path("check-in/", views.heaviness_check, name="heaviness"),
    path("history/", views.history, name="history"),
    path("progress/", views.progress, name="progress"),
    path("progress/<slug:chart>.svg", views.progress_chart, name="progress_chart"),
    path("measure/", views.measure, name="measure"),
    path("handout/<int:assignment_id>/", views.handout, name="handout"),
    path("password/", views.change_password, name="password"),
    path("reminders/", views.reminders, name="reminders"),
]
