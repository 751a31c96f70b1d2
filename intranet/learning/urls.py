from django.urls import path

from . import views

app_name = "learning"
urlpatterns = [
    path("", views.my_learning, name="mine"),
    path("paths/<id:path_id>/enrol/", views.enrol, name="enrol"),
    path("paths/<id:path_id>/leave/", views.leave, name="leave"),
    path("paths/<id:path_id>/assign/", views.assign, name="assign"),
    path(
        "paths/<id:path_id>/steps/<id:step_id>/signoff/",
        views.request_signoff,
        name="request_signoff",
    ),
    path("modules/<id:module_id>/quiz/", views.submit_quiz, name="submit_quiz"),
    path("modules/<id:module_id>/done/", views.complete_reading, name="complete_reading"),
    path("modules/<id:module_id>/reviewed/", views.review_module, name="review_module"),
    path("enrolments/<id:enrolment_id>/mentor/", views.choose_mentor, name="choose_mentor"),
    path("mentoring/", views.mentoring, name="mentoring"),
    path("signoffs/<id:progress_id>/", views.decide_signoff, name="decide_signoff"),
    path("certificates/<uuid:certificate>/", views.certificate, name="certificate"),
    path("distil/<id:page_id>/", views.distil, name="distil"),
    path("reports/", views.report, name="report"),
    path("reports/<slug:kind>.csv", views.export, name="export"),
]
