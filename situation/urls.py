from django.urls import path

from situation import views

app_name = "situation"

urlpatterns = [
    path("", views.home, name="home"),
    path("week/<int:year>/<int:week>/", views.week_view, name="week"),
    path("week/<int:year>/<int:week>/lagesbild.csv", views.week_csv, name="week_csv"),
    path("week/<int:year>/<int:week>/compile/", views.compile_view, name="compile"),
    path("round/", views.round_view, name="round"),
    path("round/<int:year>/<int:week>/", views.round_view, name="round_week"),
    path("round/<int:year>/<int:week>/remind/", views.round_remind, name="round_remind"),
    path("check-in/", views.check_in_view, name="check_in"),
    path("rate/", views.rate_view, name="rate"),
    path("reporters/", views.reporters_view, name="reporters"),
    path("reporters/<int:pk>/remove/", views.reporter_remove, name="reporter_remove"),
    path("areas/<int:pk>/", views.area_view, name="area"),
    path("areas/<int:pk>/follow/", views.area_follow, name="area_follow"),
    path("walks/", views.walk_list, name="walks"),
    path("walks/new/", views.walk_create, name="walk_create"),
    path("walks/dark-spots/", views.dark_spots, name="dark_spots"),
    path("walks/<int:pk>/", views.walk_detail, name="walk"),
    path("walks/<int:pk>/signup/", views.walk_signup, name="walk_signup"),
    path("walks/<int:pk>/meetings/", views.walk_meetings, name="walk_meetings"),
    path("walks/<int:pk>/follow-up/", views.walk_follow_up, name="walk_follow_up"),
    path("walks/<int:pk>/findings/new/", views.finding_create, name="finding_create"),
    path("walks/<int:pk>/<slug:status>/", views.walk_status, name="walk_status"),
    path("findings/<int:pk>/respond/", views.finding_respond, name="finding_respond"),
]
