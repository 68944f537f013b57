"""A page instead of a bare "405 method not allowed" (issue 10: no URL that gives a bare 405).

Action addresses (accept, remove, publish …) take only POST. Someone who opens one from their history, a
bookmark or after a reload gets a short page in plain Dutch with a way back, not an empty error. The status
stays 405 and the Allow header stays, so clients and tests see what happened.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme


class FriendlyMethodNotAllowed:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        bare = response.status_code == 405 and not response.content
        if not bare or request.method not in ("GET", "HEAD") or request.path.startswith("/api/"):
            return response
        referer = request.META.get("HTTP_REFERER", "")
        back = referer if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}) else ""
        response.content = render_to_string("405.html", {"back": back}, request=request).encode()
        response["Content-Type"] = "text/html; charset=utf-8"
        return response
