from django.urls import path

from accounts import views

urlpatterns = [
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/export/", views.my_data_export, name="my_data_export"),
    path("my-data/delete/", views.delete_account, name="delete_account"),
]
