"""URLs of the forum and the knowledge bank, mounted at /forum/."""

from django.urls import path

from forum import views

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search_view, name="search"),
    path("queue/", views.flag_queue, name="flag_queue"),
    path("log/", views.moderation_log, name="moderation_log"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("c/<slug:slug>/", views.category_detail, name="category"),
    path("c/<slug:slug>/new/", views.thread_create, name="thread_create"),
    path("t/<int:pk>/", views.thread_detail, name="thread"),
    path("t/<int:pk>/unread/", views.thread_unread, name="thread_unread"),
    path("t/<int:pk>/reply/", views.reply, name="reply"),
    path("t/<int:pk>/moderate/", views.thread_moderate, name="thread_moderate"),
    path("t/<int:pk>/move/", views.thread_move, name="thread_move"),
    path("p/<int:pk>/", views.post_detail, name="post"),
    path("p/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("p/<int:pk>/history/", views.post_history, name="post_history"),
    path("p/<int:pk>/flag/", views.post_flag, name="post_flag"),
    path("p/<int:pk>/hide/", views.post_hide, name="post_hide"),
    path("p/<int:pk>/restore/", views.post_restore, name="post_restore"),
    path("p/<int:pk>/dismiss/", views.post_dismiss, name="post_dismiss"),
    path("knowledge/", views.knowledge, name="knowledge"),
    path("knowledge/new/", views.article_form, name="article_create"),
    path("knowledge/<int:pk>/", views.article_detail, name="article"),
    path("knowledge/<int:pk>/edit/", views.article_form, name="article_edit"),
    path("knowledge/<int:pk>/submit/", views.article_submit, name="article_submit"),
    path("knowledge/<int:pk>/review/", views.article_review, name="article_review"),
]
