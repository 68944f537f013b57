"""Form feedback (issue 10): an error summary with links to the fields, a page instead of a bare 405, and a
language switch that never lands on a POST-only address."""

from __future__ import annotations

from django.urls import reverse

from tests.coalitions.conftest import client_for
from tests.coalitions.zelfscan_support import open_round
from tests.personas import Cast


def test_an_invalid_form_shows_one_summary_with_links_to_the_fields(cast: Cast) -> None:
    response = client_for(cast.coordinator).post(reverse("coalitions:create"), {"name": "", "slug": ""})
    html = response.content.decode()
    assert response.status_code == 422
    assert html.count("kr-error-summary") == 1
    assert 'href="#id_name"' in html  # each field error links to its field
    assert 'tabindex="-1"' in html  # focusable, so kansrijk.js can move focus there


def test_a_valid_page_has_no_summary(cast: Cast) -> None:
    html = client_for(cast.coordinator).get(reverse("coalitions:create")).content.decode()
    assert "kr-error-summary" not in html


def test_opening_a_post_only_address_gives_a_page_not_a_bare_405(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    url = reverse("coalitions:zelfscan_round_close", args=[cast.coalition.slug, zs_round.public_id])
    home = reverse("coalitions:home", kwargs={"slug": cast.coalition.slug})
    response = client_for(cast.coordinator).get(url, HTTP_REFERER=f"http://testserver{home}")
    html = response.content.decode()
    assert response.status_code == 405 and "POST" in response["Allow"]
    assert "niet rechtstreeks openen" in html and f'href="http://testserver{home}"' in html
    zs_round.refresh_from_db()
    assert not zs_round.closed  # nothing changed


def test_a_bare_405_from_another_host_gets_no_back_link(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    url = reverse("coalitions:zelfscan_round_close", args=[cast.coalition.slug, zs_round.public_id])
    html = client_for(cast.coordinator).get(url, HTTP_REFERER="https://evil.example/x").content.decode()
    assert "evil.example" not in html


def test_the_language_switch_after_a_post_returns_to_the_form_page(cast: Cast) -> None:
    create = reverse("coalitions:create")
    client = client_for(cast.coordinator)
    html = client.post(create, {"name": ""}, HTTP_REFERER=f"http://testserver{create}?x=1").content.decode()
    assert f'name="next" type="hidden" value="{create}?x=1"' in html
    # After a GET the switch returns to the page itself.
    assert f'name="next" type="hidden" value="{create}"' in client.get(create).content.decode()


def test_the_language_switch_after_a_post_never_returns_to_another_site(cast: Cast) -> None:
    html = (
        client_for(cast.coordinator)
        .post(reverse("coalitions:create"), {"name": ""}, HTTP_REFERER="https://evil.example/x")
        .content.decode()
    )
    assert 'name="next" type="hidden" value="/"' in html
