"""Open311 GeoReport v2 routes: every resource with its .json or .xml suffix."""

from django.urls import path, register_converter

from integrations import open311_views as views


class FormatConverter:
    regex = "json|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")

app_name = "open311"
urlpatterns = [
    path("openapi.json", views.openapi_description, name="openapi"),
    path("discovery.<fmt:fmt>", views.discovery, name="discovery"),
    path("services.<fmt:fmt>", views.service_list, name="services"),
    path("services/<str:code>.<fmt:fmt>", views.service_definition, name="service"),
    path("requests.<fmt:fmt>", views.requests, name="requests"),
    path("requests/<int:request_id>.<fmt:fmt>", views.request_detail, name="request"),
    path("requests/<int:request_id>/status.<fmt:fmt>", views.request_status, name="request_status"),
    path("tokens/<str:token>.<fmt:fmt>", views.token_detail, name="token"),
]
