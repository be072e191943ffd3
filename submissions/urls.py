from django.urls import path

from submissions import views

app_name = "submissions"

urlpatterns = [
    path("", views.submission_list, name="list"),
    path("new/", views.submission_new, name="new"),
    path("<int:submission_id>/", views.submission_detail, name="detail"),
    path("<int:submission_id>/submit/", views.submission_submit, name="submit"),
    path("<int:submission_id>/status.json", views.submission_status, name="status"),
    path("<int:submission_id>/runs/<int:run_id>/", views.run_report, name="run"),
]
