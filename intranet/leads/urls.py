from django.urls import path

from . import views

app_name = "leads"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("ledger/", views.ledger_view, name="ledger"),
    path("export.csv", views.export, name="export"),
    path("<id:lead_id>/", views.detail, name="detail"),
    *[path(f"<id:lead_id>/{name}/", view, name=name) for name, view in views.VIEWS.items()],
]
