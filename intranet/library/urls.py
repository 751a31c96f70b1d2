from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("<id:library_id>/upload/", views.upload_item, name="upload_item"),
    path("<id:library_id>/review/", views.review_report, name="review_report"),
    path("items/<id:item_id>/versions/", views.upload_version, name="upload_version"),
    path("items/<id:item_id>/reuse/", views.reuse_item, name="reuse_item"),
    path("files/<id:file_id>/download/", views.download_file, name="download_file"),
]
