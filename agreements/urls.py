from django.urls import path

from agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.index, name="index"),
    path("public/", views.public, name="public"),
    path("new/", views.new_agreement, name="new"),
    path("<int:pk>/", views.agreement_detail, name="agreement"),
    path("<int:pk>/renew/", views.renew, name="renew"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/edit/", views.version_edit, name="version_edit"),
    path("versions/<int:pk>/diff/", views.version_diff, name="version_diff"),
    path("versions/<int:pk>/open/", views.version_open, name="version_open"),
    path("versions/<int:pk>/sign/", views.version_sign, name="version_sign"),
    path("versions/<int:pk>/decline/", views.version_decline, name="version_decline"),
    path("versions/<int:pk>/board/", views.renewal_board, name="board"),
    path("versions/<int:pk>/print/", views.version_print, name="version_print"),
    path("versions/<int:pk>/pdf/", views.version_pdf, name="version_pdf"),
    path("signatures/<int:pk>/withdraw/", views.signature_withdraw, name="withdraw"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("programmes/<int:pk>/periods/", views.period_create, name="period_create"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("periods/<int:pk>/", views.period_report, name="period"),
    path("periods/<int:pk>/print/", views.period_print, name="period_print"),
    path("periods/<int:pk>/csv/", views.period_csv, name="period_csv"),
    path("periods/<int:pk>/state/", views.period_state, name="period_state"),
]
