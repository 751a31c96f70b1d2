from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("me/edit/", views.edit_my_profile, name="edit_my_profile"),
    path("<str:username>/", views.profile, name="profile"),
    path("<str:username>/edit/", views.edit_profile, name="edit_profile"),
]
