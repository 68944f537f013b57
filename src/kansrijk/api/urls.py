from django.urls import path

from kansrijk.api.api import api

urlpatterns = [path("", api.urls)]
