from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.report_form, name="form"),
    path("skickad/", views.sent, name="sent"),
    path("bekrafta/<uuid:public_id>/<str:key>/", views.confirm, name="confirm"),
    path("arende/<uuid:public_id>/<str:key>/", views.track, name="track"),
    path("nara/", views.nearby, name="nearby"),
    path("folj/<int:pk>/", views.follow, name="follow"),
    path("omraden.geojson", views.areas_geojson, name="areas_geojson"),
    path("karta/", views.public_map, name="public_map"),
    path("karta.json", views.public_map_json, name="public_map_json"),
    path("det-har-gor-vi/", views.performance, name="performance"),
    path("triage/", views.triage_list, name="triage"),
    path("triage/<int:pk>/", views.triage_detail, name="triage_detail"),
    path("triage/<int:pk>/<str:decision>/", views.triage_decide, name="triage_decide"),
    path("triage/foto/<int:pk>/", views.triage_photo, name="triage_photo"),
]
