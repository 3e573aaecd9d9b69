from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("queue/", views.queue, name="queue"),
    path("overdue/", views.overdue, name="overdue"),
    path("new/", views.report_create, name="create"),
    path("export.csv", views.export_csv, name="export"),
    path("map.json", views.map_data, name="map_data"),
    path("rules/", views.routing_rules, name="rules"),
    path("rules/<int:pk>/delete/", views.routing_rule_delete, name="rule_delete"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/forward/", views.report_forward, name="forward"),
    path("<int:pk>/remind/", views.report_remind, name="remind"),
    path("<int:pk>/<slug:step>/", views.report_step, name="step"),
]
