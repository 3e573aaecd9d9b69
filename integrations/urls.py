from django.urls import path

from integrations import views

app_name = "integrations"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("keys/new/", views.key_create, name="key_create"),
    path("keys/<int:pk>/revoke/", views.key_revoke, name="key_revoke"),
    path("webhooks/new/", views.webhook_create, name="webhook_create"),
    path("webhooks/<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/delete/", views.webhook_delete, name="webhook_delete"),
    path("webhooks/<int:pk>/resume/", views.webhook_resume, name="webhook_resume"),
    path("deliveries/<int:pk>/resend/", views.delivery_resend, name="delivery_resend"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("calendar/<str:token>/arshjul.ics", views.year_wheel_feed, name="year_wheel_feed"),
    path("geojson/reports.geojson", views.reports_geojson, name="reports_geojson"),
    path("geojson/dark-spots.geojson", views.dark_spots_geojson, name="dark_spots_geojson"),
]
