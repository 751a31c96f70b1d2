from django.urls import path

from . import views

app_name = "wiki"
urlpatterns = [
    path("<id:wiki_id>/new/", views.create_page, name="create_page"),
    path("<id:wiki_id>/review/", views.review_report, name="review_report"),
    path("watched/", views.watched_pages, name="watched_pages"),
    path("pages/<id:page_id>/edit/", views.edit_page, name="edit_page"),
    path("pages/<id:page_id>/history/", views.page_history, name="page_history"),
    path("pages/<id:page_id>/compare/", views.compare_revisions, name="compare_revisions"),
    path(
        "pages/<id:page_id>/revisions/<id:revision_id>/",
        views.view_revision,
        name="view_revision",
    ),
    path(
        "pages/<id:page_id>/revisions/<id:revision_id>/restore/",
        views.restore_revision,
        name="restore_revision",
    ),
    path("pages/<id:page_id>/lock/", views.toggle_lock, name="toggle_lock"),
    path("pages/<id:page_id>/watch/", views.toggle_watch, name="toggle_watch"),
    path("pages/<id:page_id>/reviewed/", views.mark_reviewed, name="mark_reviewed"),
    path("pages/<id:page_id>/curation/", views.edit_curation, name="edit_curation"),
]
