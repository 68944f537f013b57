"""The business case (MKBA) calculator: the arithmetic and its method, the sources of the defaults, the
validation (422, nothing half-shown) and who may use it (coordinators of the coalition, the national
programme, the platform admin; 404 for everyone else, the login page for anonymous visitors)."""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kansrijk.accounts.models import OrganisationKind, Role, User
from kansrijk.accounts.services import membership_grant, organisation_get_or_create, user_create
from kansrijk.areas.models import Area
from kansrijk.coalitions.models import ParticipationRole
from kansrijk.coalitions.services import coalition_create
from kansrijk.coalitions.services.participation import participation_grant
from kansrijk.monitoring import mkba
from kansrijk.monitoring.forms import MkbaForm
from kansrijk.routes.models import VulnerabilityLevel
from tests.care.personas import PASSWORD, CareCast, make_care_cast
from tests.mfa import give_totp
from tests.system import TESTS

# --- the arithmetic ------------------------------------------------------------------------------------


def _inputs(**overrides: object) -> mkba.Inputs:
    fields: dict[str, object] = {
        "reach": {"kwetsbaar": 100, "zeer_kwetsbaar": 20},
        "cost": {"kwetsbaar": 2_500, "zeer_kwetsbaar": 12_000},
        "horizon_years": 10,
        "rate_low": Decimal(7),
        "rate_high": Decimal(10),
    }
    fields.update(overrides)
    return mkba.Inputs(**fields)  # type: ignore[arg-type]  # the test varies one field at a time


def test_the_method_yearly_return_on_the_investment_over_the_horizon() -> None:
    result = mkba.compute(_inputs())
    # 100 × € 2,500 + 20 × € 12,000 = € 490,000, exact: the user's own numbers.
    assert result.investment == 490_000
    assert result.families == 120
    # 7 % and 10 % of € 490,000 a year: € 34,300 – € 49,000, rounded outward to € 1,000.
    assert (result.avoided_per_year.low, result.avoided_per_year.high) == (34_000, 49_000)
    # Over 10 years, no compounding, no discounting: € 343,000 – € 490,000.
    assert (result.avoided.low, result.avoided.high) == (343_000, 490_000)
    # Net = avoided − investment.
    assert (result.net.low, result.net.high) == (-147_000, 0)
    # Payback = 100 / rate: 10 to 14.3 years, as whole years outward.
    assert result.payback_years == (10, 15)
    assert result.uses_sourced_rates
    by_level = {row.level: row for row in result.levels}
    assert [row.level for row in result.levels] == list(VulnerabilityLevel.values)
    assert by_level["kwetsbaar"].investment == 250_000
    assert (by_level["kwetsbaar"].avoided.low, by_level["kwetsbaar"].avoided.high) == (175_000, 250_000)
    assert by_level["zelfredzaam"].investment == 0
    assert result.avoided.text == "€\u00a0343.000 tot €\u00a0490.000"  # no-break space after €
    assert result.net.text == "−€\u00a0147.000 tot €\u00a00"


def test_a_range_never_a_single_number_and_compounding_is_not_assumed() -> None:
    result = mkba.compute(_inputs(horizon_years=20))
    assert result.avoided.low < result.avoided.high
    # Simple reading: 20 years × 7 % = 140 % of the investment; compounding would give 1.07**20 − 1 ≈ 287 %.
    assert result.avoided.low == 686_000  # 490,000 × 1.4
    assert result.avoided.high == 980_000  # 490,000 × 2.0


def test_own_rates_are_marked_and_a_zero_rate_has_no_payback() -> None:
    result = mkba.compute(_inputs(rate_low=Decimal(0), rate_high=Decimal("2.5")))
    assert not result.uses_sourced_rates
    assert result.payback_years is None
    assert result.avoided.low == 0


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (Decimal("34300"), Decimal("49000.01"), (34_000, 50_000, 1_000)),  # from € 10,000: thousands
        (Decimal("1234"), Decimal("1760"), (1_200, 1_800, 100)),  # from € 1,000: hundreds
        (Decimal("35"), Decimal("50"), (30, 50, 10)),  # below € 1,000: tens
        (Decimal("-147000.5"), Decimal("0"), (-148_000, 0, 1_000)),  # negative: still outward
        (Decimal("9999"), Decimal("10000"), (9_000, 10_000, 1_000)),  # one step for both ends
    ],
)
def test_rounding_is_outward_to_a_sensible_step(
    low: Decimal, high: Decimal, expected: tuple[int, ...]
) -> None:
    r = mkba.round_range(low, high)
    assert (r.low, r.high, r.step) == expected


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    families=st.integers(min_value=1, max_value=mkba.MAX_FAMILIES),
    cost=st.integers(min_value=1, max_value=mkba.MAX_COST),
    years=st.integers(min_value=mkba.MIN_HORIZON, max_value=mkba.MAX_HORIZON),
    low=st.integers(min_value=0, max_value=250),
    extra=st.integers(min_value=0, max_value=250),
)
def test_the_rounded_range_always_holds_the_exact_estimate(
    families: int, cost: int, years: int, low: int, extra: int
) -> None:
    rate_low, rate_high = Decimal(low) / 10, Decimal(min(low + extra, 250)) / 10
    result = mkba.compute(
        _inputs(reach={"kwetsbaar": families}, cost={"kwetsbaar": cost}, horizon_years=years,
                rate_low=rate_low, rate_high=rate_high)
    )  # fmt: skip
    invested = Decimal(families * cost)
    exact_low, exact_high = invested * rate_low / 100 * years, invested * rate_high / 100 * years
    r = result.avoided
    assert r.low <= exact_low and exact_high <= r.high
    assert exact_low - r.low < r.step and r.high - exact_high < r.step
    assert r.low % r.step == 0 and r.high % r.step == 0
    assert result.net.low <= exact_low - invested and exact_high - invested <= result.net.high


# --- sources -----------------------------------------------------------------------------------------


def test_every_default_has_a_source_and_only_the_return_has_a_default() -> None:
    with_default = {p.key: p for p in mkba.parameters() if p.default is not None}
    assert set(with_default) == {mkba.RATE_LOW, mkba.RATE_HIGH}
    assert with_default[mkba.RATE_LOW].default == Decimal(7)
    assert with_default[mkba.RATE_HIGH].default == Decimal(10)
    for parameter in with_default.values():
        assert parameter.source is mkba.HECKMAN_RETURN
    # The words seed 003 has, and an address to find them.
    assert mkba.HECKMAN_RETURN.quote == "investeren in de eerste 1.000 dagen kent een rendement van 7% - 10%"
    assert mkba.HECKMAN_RETURN.url.startswith("https://")
    # Reach, costs and horizon have no sourced value: the user enters them.
    for level in VulnerabilityLevel.values:
        assert {mkba.reach_key(level), mkba.cost_key(level)}.isdisjoint(with_default)
    assert mkba.HORIZON not in with_default
    # No parameter has a source without a value, and the GezinsPoli MKBA gives no number.
    for parameter in mkba.parameters():
        assert (parameter.default is None) == (parameter.source is None)
        assert parameter.source is not mkba.GEZINSPOLI_MKBA
    assert "staan niet in onze bronnen" in str(mkba.GEZINSPOLI_MKBA.note)


def test_a_default_without_a_source_is_refused() -> None:
    with pytest.raises(ValueError, match="needs a source"):
        mkba.Parameter(key="x", label="x", unit="euro", minimum=0, maximum=10, default=5)
    with pytest.raises(ValueError, match="without a default"):
        mkba.Parameter(key="x", label="x", unit="euro", minimum=0, maximum=10, source=mkba.GEZINSPOLI_MKBA)
    with pytest.raises(ValueError, match="outside its bounds"):
        mkba.Parameter(key="x", label="x", unit="euro", minimum=0, maximum=10, default=11,
                       source=mkba.HECKMAN_RETURN)  # fmt: skip


def test_a_reach_is_prefilled_only_from_what_the_caller_passes_with_its_origin() -> None:
    plain = MkbaForm()
    assert plain["bereik_kwetsbaar"].value() is None
    form = MkbaForm(prefill={"kwetsbaar": mkba.Prefill(families=120, source_label="monitor, november 2026")})
    assert form["bereik_kwetsbaar"].value() == 120
    assert "Vooraf ingevuld uit: monitor, november 2026" in str(form.fields["bereik_kwetsbaar"].help_text)
    assert form["bereik_zeer_kwetsbaar"].value() is None
    assert form["kosten_kwetsbaar"].value() is None  # a cost is never prefilled


# --- validation of the pure calculation ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "key", "words"),
    [
        ({"reach": {"kwetsbaar": -1}}, "bereik_kwetsbaar", "0 tot en met 200.000"),
        ({"reach": {"kwetsbaar": mkba.MAX_FAMILIES + 1}}, "bereik_kwetsbaar", "0 tot en met 200.000"),
        ({"cost": {"kwetsbaar": -5}}, "kosten_kwetsbaar", "€ 0 tot en met € 250.000"),
        ({"horizon_years": 0}, "horizon", "1 tot en met 30 jaar"),
        ({"horizon_years": 31}, "horizon", "1 tot en met 30 jaar"),
        ({"rate_low": Decimal(-1)}, "rendement_laag", "0 tot en met 25"),
        ({"rate_high": Decimal(26)}, "rendement_hoog", "0 tot en met 25"),
        ({"rate_low": Decimal(10), "rate_high": Decimal(7)}, "rendement_hoog", "minstens zo hoog"),
        ({"reach": {"kwetsbaar": 0}, "cost": {"kwetsbaar": 0}}, "", "minstens één niveau"),
        ({"reach": {"onbekend": 3}}, "", "Onbekend niveau"),
    ],
)
def test_invalid_input_is_refused_in_dutch(overrides: dict[str, object], key: str, words: str) -> None:
    inputs = _inputs(**overrides)
    errors = mkba.validate(inputs)
    assert key in errors and words in errors[key]
    with pytest.raises(mkba.MkbaInputError) as refused:
        mkba.compute(inputs)
    assert words in refused.value.errors[key]


# --- the page ----------------------------------------------------------------------------------------


@pytest.fixture
def care(db: None) -> CareCast:
    return make_care_cast()


def _url(care: CareCast, **params: object) -> str:
    url = reverse("monitoring:mkba", args=[care.coalition.public_id])
    return f"{url}?{urlencode(params)}" if params else url


VALID = {
    "bereik_kwetsbaar": "100",
    "kosten_kwetsbaar": "2500",
    "bereik_zeer_kwetsbaar": "20",
    "kosten_zeer_kwetsbaar": "12000",
    "horizon": "10",
    "rendement_laag": "7",
    "rendement_hoog": "10",
}


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _text(response: object) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_empty_form_shows_the_sourced_defaults_and_no_result(care: CareCast) -> None:
    response = _as(care.coordinator).get(_url(care))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'name="rendement_laag"[^>]*value="7"', html)
    assert re.search(r'name="rendement_hoog"[^>]*value="10"', html)
    # Reach, costs and horizon are empty: no sourced value for them.
    for level in VulnerabilityLevel.values:
        assert not re.search(rf'name="bereik_{level}"[^>]*value=', html)
        assert not re.search(rf'name="kosten_{level}"[^>]*value=', html)
    assert not re.search(r'name="horizon"[^>]*value=', html)
    text = _text(response)
    assert "Uitkomst" not in text
    assert "De cijfers uit dat rapport staan niet in onze bronnen; vul ze zelf in als u ze heeft." in text
    assert "investeren in de eerste 1.000 dagen kent een rendement van 7% - 10%" in text
    assert 'href="https://www.kansrijkestartnl.nl/actueel/nieuws/2022/03/15/mkba-rapport"' in html
    assert f'href="{mkba.HECKMAN_RETURN.url}"' in html
    assert "schatting" in text


def test_a_calculation_shows_ranges_a_table_and_a_picture_with_text(care: CareCast) -> None:
    response = _as(care.coordinator).get(_url(care, **VALID))
    assert response.status_code == 200
    text = _text(response)
    assert "Uitkomst (schatting)" in text
    assert "€ 490.000 voor 120 gezinnen" in text
    assert "€ 34.000 tot € 49.000" in text  # per year
    assert "€ 343.000 tot € 490.000" in text  # over 10 years
    assert "−€ 147.000 tot € 0" in text
    assert "ongeveer 10 tot 15 jaar" in text
    assert "€ 175.000 tot € 250.000" in text  # the level kwetsbaar in the table
    html = response.content.decode()
    assert "<table" in html and '<svg viewBox="0 0 1000 40"' in html
    assert "Vermeden kosten in 10 jaar (schatting): € 343.000 tot € 490.000" in text  # the bar's text
    # The form keeps what was entered, for the next adjustment.
    assert re.search(r'name="bereik_kwetsbaar"[^>]*value="100"', html)
    assert "eigen rendement" not in text


def test_dutch_decimal_comma_and_own_rates_are_marked(care: CareCast) -> None:
    response = _as(care.coordinator).get(
        _url(care, **{**VALID, "rendement_laag": "3,5", "rendement_hoog": "5"})
    )
    assert response.status_code == 200
    text = _text(response)
    assert "U rekent met een eigen rendement van 3,5% tot 5% per jaar. De bron noemt 7% tot 10%." in text
    assert "€ 171.000 tot € 245.000" in text  # 490,000 × 10 × 3.5 % … 5 %


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"bereik_kwetsbaar": "-3"}, "Vul een aantal gezinnen in van 0 tot en met 200.000."),
        ({"bereik_kwetsbaar": "veel"}, "Vul een aantal gezinnen in van 0 tot en met 200.000."),
        ({"kosten_kwetsbaar": "999999999"}, "Vul een bedrag in van € 0 tot en met € 250.000 per gezin"),
        ({"kosten_kwetsbaar": ""}, "Vul ook de kosten per gezin in"),
        ({"bereik_zeer_kwetsbaar": ""}, "Vul ook het aantal gezinnen in"),
        ({"horizon": ""}, "Vul een periode in hele jaren in."),
        ({"horizon": "0"}, "Vul een periode in van 1 tot en met 30 jaar"),
        ({"rendement_laag": "12", "rendement_hoog": "10"}, "minstens zo hoog zijn als het lage"),
        ({"rendement_hoog": "99"}, "Vul een percentage in van 0 tot en met 25."),
        ({"rendement_laag": "7,55"}, "hoogstens één cijfer achter de komma"),
        (
            {"bereik_kwetsbaar": "", "kosten_kwetsbaar": "", "bereik_zeer_kwetsbaar": "0"},
            "Vul bij minstens één niveau een aantal gezinnen én kosten per gezin in",
        ),
    ],
)
def test_invalid_input_422_with_the_error_summary_and_no_result(
    care: CareCast, change: dict[str, str], message: str
) -> None:
    response = _as(care.coordinator).get(_url(care, **{**VALID, **change}))
    assert response.status_code == 422
    html = response.content.decode()
    assert "kr-error-summary" in html and 'role="alert"' in html
    text = _text(response)
    assert "Niet berekend. Verbeter dit:" in text
    assert message in text
    # Nothing half-shown: no result, no table, no picture.
    assert "Uitkomst" not in text
    assert "<table" not in html and "<svg viewBox" not in html


# --- who may use it ----------------------------------------------------------------------------------


def _other_coordinator() -> User:
    user = user_create(email="ander@coalitie-elders.test", password=PASSWORD, actor=TESTS)
    organisation = organisation_get_or_create(
        name="Gemeente Elders", kind=OrganisationKind.GEMEENTE, actor=TESTS
    )
    membership_grant(user=user, organisation=organisation, role=Role.COORDINATOR, actor=TESTS)
    give_totp(user)
    coalition_create(
        name="Coalitie Elders",
        slug="elders",
        municipalities=Area.objects.filter(code="GM0363"),
        actor=TESTS,
        first_coordinator=user,
    )
    return user


@pytest.mark.parametrize("who", ["coordinator", "national", "platform_admin"])
def test_coordinator_national_and_platform_admin_may_use_it(care: CareCast, who: str) -> None:
    client = _as(getattr(care, who))
    assert client.get(_url(care)).status_code == 200
    assert client.get(_url(care, **VALID)).status_code == 200


@pytest.mark.parametrize("who", ["nurse", "midwife", "social_worker", "org_admin", "parent", "other_parent"])
def test_everyone_else_gets_404(care: CareCast, who: str) -> None:
    user = getattr(care, who)
    if who == "nurse":
        # A partner's user taking part in the coalition (not as coordinator) still may not.
        participation_grant(
            coalition=care.coalition, user=user, organisation=care.jgz,
            role=ParticipationRole.MEMBER, actor=TESTS,
        )  # fmt: skip
    client = _as(user)
    assert client.get(_url(care)).status_code == 404
    assert client.get(_url(care, **VALID)).status_code == 404


def test_a_coordinator_of_another_coalition_gets_404(care: CareCast) -> None:
    client = _as(_other_coordinator())
    assert client.get(_url(care)).status_code == 404
    # Their own coalition's business case works.
    own = care.coalition.__class__.objects.get(slug="elders")
    assert client.get(reverse("monitoring:mkba", args=[own.public_id])).status_code == 200


def test_an_unknown_coalition_is_404_even_for_the_national_programme(care: CareCast) -> None:
    url = reverse("monitoring:mkba", args=["00000000-0000-4000-8000-000000000000"])
    assert _as(care.national).get(url).status_code == 404


def test_anonymous_goes_to_the_login_page(care: CareCast) -> None:
    response = Client().get(_url(care, **VALID))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_without_two_step_verification_first_the_authenticator(care: CareCast) -> None:
    Authenticator.objects.filter(user=care.coordinator).delete()
    response = _as(care.coordinator).get(_url(care))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_only_get(care: CareCast) -> None:
    assert _as(care.coordinator).post(_url(care), VALID).status_code == 405
