"""Care URL patterns: worklists (issue 12) — what waits for the professional's team, beside "Mijn
gezinnen" (the worklist at /zorg/ itself)."""

from __future__ import annotations

from django.urls import URLPattern, path

from kansrijk.care.views import worklists

_W = "werklijsten/"

urlpatterns: list[URLPattern] = [
    path(_W, worklists.worklists_view, name="worklists"),
    path(_W + "verwijzingen-voor-ons/", worklists.waiting_view, name="worklist_waiting"),
    path(_W + "verwijzingen-van-ons/", worklists.sent_view, name="worklist_sent"),
    path(_W + "eerste-contact-te-laat/", worklists.overdue_view, name="worklist_overdue"),
    path(_W + "opnieuw-bekijken/", worklists.reassess_view, name="worklist_reassess"),
    path(_W + "huisbezoeken/", worklists.visits_view, name="worklist_visits"),
]
