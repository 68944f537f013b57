"""The public Wegwijzer, mounted at /wegwijzer/."""

from __future__ import annotations

from django.urls import path

from kansrijk.wegwijzer import views

app_name = "wegwijzer"
urlpatterns = [
    path("", views.start, name="start"),
    # <code>: a CBS code (GM0344) or a readable alias (utrecht), which redirects to the code.
    path("<str:code>/", views.gemeente, name="gemeente"),
    path("<str:code>/afdrukken/", views.afdrukken, name="afdrukken"),
    path("<str:code>/wegwijzer.pdf", views.pdf, name="pdf"),
]
