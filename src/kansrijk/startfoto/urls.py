from django.urls import path

from kansrijk.startfoto import views

app_name = "startfoto"
urlpatterns = [
    path("startfoto/", views.search, name="zoek"),
]
