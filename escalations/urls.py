from django.urls import path

from escalations import views

app_name = "escalations"

urlpatterns = [
    path("", views.escalation_list, name="list"),
    path("new/", views.raise_view, name="raise"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/close/", views.close, name="close"),
]
