from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notifications, name="notifications"),
    path("<id:notification_id>/open/", views.open_notification, name="open_notification"),
    path("read/", views.mark_all_read, name="mark_all_read"),
]
