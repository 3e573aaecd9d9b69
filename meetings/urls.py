from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("plan/", views.plan, name="plan"),
    path("actions/", views.action_queue, name="actions"),
    path("year/", views.year_view, name="year_now"),
    path("year/<int:year>/", views.year_view, name="year"),
    path("year/<int:year>/arshjul.ics", views.year_ics, name="year_ics"),
    path("lagesbild/<int:year>/", views.annual_view, name="annual"),
    path("atgardsplan/<int:year>/", views.plan_year, name="plan_year"),
    path("lagesbild/versions/<int:pk>/", views.annual_version, name="annual_version"),
    path("lagesbild/versions/<int:pk>/lagesbild.pdf", views.annual_pdf, name="annual_pdf"),
    path("actions/<int:pk>/done/", views.action_done, name="action_done"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/propose/", views.propose, name="propose"),
    path("<int:pk>/items/", views.add_item, name="add_item"),
    path("<int:pk>/adjuster/", views.appoint_adjuster, name="adjuster"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/print/", views.printable, name="print"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="pdf"),
    path("<int:pk>/meeting.ics", views.meeting_ics, name="ics"),
    path("items/<int:pk>/remove/", views.remove_item, name="remove_item"),
    path("items/<int:pk>/move/", views.move_item, name="move_item"),
    path("items/<int:pk>/rename/", views.rename_item, name="rename_item"),
    path("items/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("items/<int:pk>/actions/", views.add_action, name="add_action"),
]
