from django.urls import path

from . import views

app_name = "spelling_admin"
urlpatterns = [
    path("", views.group_index, name="index"),
    path("add/", views.group_add, name="add"),
    path(
        "<int:pk>/<str:action>/",
        views.group_review,
        name="review",
    ),
]
