from django.urls import path

from bioprojects import views

app_name = "bioprojects"

urlpatterns = [
    path("", views.bioproject_list, name="list"),
    path("new/", views.bioproject_new, name="new"),
    path("<int:bioproject_id>/", views.bioproject_detail, name="detail"),
]
