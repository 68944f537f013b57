"""/api/v1/zorg/fhir: referrals in and out as FHIR R4B (issue 12; docs/fhir.md).

- `GET metadata`: the CapabilityStatement (public).
- `GET Task/<id>`: one referral as a Task with its ServiceRequest and Patient contained. For a system
  client of the sending or the receiving organisation (`Authorization: Bearer <key_id>.<secret>`), or a
  signed-in professional whose team sees the referral (`referrals_visible_to`); 404 for everyone else.
- `POST` (the base): a transaction Bundle (Task + ServiceRequest + Patient + Consent) from a system
  client; 201 with the created Task, or an OperationOutcome (400/401/403/409/422) and nothing stored.

Responses are `application/fhir+json`. Errors are OperationOutcomes with a Dutch diagnostics text.
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.resource import Resource
from ninja import Router

from kansrijk.accounts.models import User
from kansrijk.care.context import AccessContext, professional_context, teams_of
from kansrijk.care.context_clients import system_client_context
from kansrijk.care.fhir_referral import referral_task
from kansrijk.care.fhir_referral_import import BundleRefused, import_bundle
from kansrijk.care.models import CareTeam, Referral, SystemClient
from kansrijk.care.selectors.referrals import referrals_visible_to
from kansrijk.care.services.clients import client_authenticate

router = Router(tags=["zorg-fhir"])

FHIR_JSON = "application/fhir+json; charset=utf-8"


def _fhir(resource: Resource, status: int = 200) -> HttpResponse:
    return HttpResponse(
        resource.model_dump_json(by_alias=True, exclude_none=True), status=status, content_type=FHIR_JSON
    )


def outcome(status: int, code: str, message: str, expression: str = "") -> HttpResponse:
    issue: dict[str, object] = {"severity": "error", "code": code, "diagnostics": message}
    if expression:
        issue["expression"] = [expression]
    response = _fhir(OperationOutcome(issue=[issue]), status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="kansrijk-zorg-fhir"'
    return response


def _bearer(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _client_or_none(request: HttpRequest) -> tuple[SystemClient | None, bool]:
    """(client, tried): the authenticated system client; `tried` when a bearer token was given at all."""
    token = _bearer(request)
    if token is None:
        return None, False
    return client_authenticate(token), True


def capability_statement() -> CapabilityStatement:
    return CapabilityStatement.model_validate(
        {
            "status": "active",
            "date": timezone.now().date().isoformat(),
            "publisher": "Kansrijk",
            "kind": "instance",
            "software": {"name": "Kansrijk"},
            "implementation": {"description": "Kansrijk: verwijzingen in de eerste 1000 dagen"},
            "fhirVersion": "4.3.0",
            "format": ["application/fhir+json"],
            "rest": [
                {
                    "mode": "server",
                    "documentation": "Verwijzingen als Task (SDOH Clinical Care-vorm), zie docs/fhir.md.",
                    "security": {
                        "description": (
                            "Systeemkoppeling: Authorization: Bearer <sleutelnummer>.<geheim>, per organisatie "
                            "uitgegeven door de beheerder van die organisatie. Lezen kan ook met een sessie van "
                            "een zorgprofessional."
                        )
                    },
                    "resource": [
                        {
                            "type": "Task",
                            "interaction": [{"code": "read"}],
                            "documentation": "ServiceRequest en Patient zitten in de Task (contained).",
                        }
                    ],
                    "interaction": [
                        {
                            "code": "transaction",
                            "documentation": "Task + ServiceRequest + Patient + Consent; alles of niets.",
                        }
                    ],
                }
            ],
        }
    )


@router.get(
    "/metadata",
    auth=None,
    include_in_schema=True,
    summary="FHIR CapabilityStatement",
    operation_id="zorg_fhir_metadata",
)
def metadata(request: HttpRequest) -> HttpResponse:
    return _fhir(capability_statement())


def _client_context(client: SystemClient, referral_id: UUID) -> AccessContext | None:
    """The context of the client's organisation's side of this referral (sending or receiving team)."""
    row = (
        Referral.objects.filter(public_id=referral_id)
        .values("sender_organisation_id", "sender_team_id", "receiving_organisation_id", "receiving_team_id")
        .first()
    )
    if row is None:
        return None
    if row["sender_organisation_id"] == client.organisation_id:
        team_id = row["sender_team_id"]
    elif row["receiving_organisation_id"] == client.organisation_id:
        team_id = row["receiving_team_id"]
    else:
        return None
    return system_client_context(client, CareTeam.objects.select_related("organisation").get(pk=team_id))


def _professional_context(user: User, referral_id: UUID) -> AccessContext | None:
    for team in teams_of(user):
        ctx = professional_context(user, team=team)
        if referrals_visible_to(ctx).filter(public_id=referral_id).exists():
            return ctx
    return None


NOT_FOUND = "Deze verwijzing bestaat niet of u mag hem niet zien."


@router.get(
    "/Task/{referral_id}", auth=None, summary="Eén verwijzing als FHIR Task", operation_id="zorg_fhir_task"
)
def task(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    client, tried = _client_or_none(request)
    if tried and client is None:
        return outcome(401, "login", "Deze sleutel is onbekend of ingetrokken.")
    ctx: AccessContext | None = None
    if client is not None:
        ctx = _client_context(client, referral_id)
    elif isinstance(request.user, User) and request.user.is_authenticated:
        ctx = _professional_context(request.user, referral_id)
    else:
        return outcome(401, "login", "Log in of gebruik de sleutel van een systeemkoppeling.")
    if ctx is None:
        return outcome(404, "not-found", NOT_FOUND)
    try:
        return _fhir(referral_task(ctx, referral_id))
    except Http404:
        return outcome(404, "not-found", NOT_FOUND)


@router.post(
    "",
    auth=None,
    summary="Een verwijzing aanbieden als FHIR transaction Bundle",
    operation_id="zorg_fhir_transaction",
)
def transaction_bundle(request: HttpRequest) -> HttpResponse:
    client, tried = _client_or_none(request)
    if client is None:
        message = (
            "Deze sleutel is onbekend of ingetrokken."
            if tried
            else "Gebruik de sleutel van een systeemkoppeling."
        )
        return outcome(401, "login", message)
    try:
        referral = import_bundle(client, request.body)
    except BundleRefused as refused:
        return outcome(refused.status, refused.code, refused.message, refused.expression)
    ctx = _client_context(client, referral.public_id)
    assert ctx is not None  # the client's organisation is the referral's sender
    response = _fhir(referral_task(ctx, referral.public_id), 201)
    response["Location"] = request.build_absolute_uri(
        request.path.rstrip("/") + f"/Task/{referral.public_id}"
    )
    return response
