from django.urls import path

from demo import views

app_name = "demo"

urlpatterns = [
    path("files/<str:name>", views.sample_file, name="sample-file"),
]
