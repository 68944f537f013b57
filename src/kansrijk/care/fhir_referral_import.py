"""Importing a referral from another system: a FHIR R4B transaction Bundle (Task + ServiceRequest +
Patient + Consent) POSTed by a system client (issue 12; docs/fhir.md).

- The client's organisation is the sender; a `requester` naming another organisation is refused (403).
- The `owner` organisation (by URA, AGB-Z, KvK or Kansrijk id) must be an accepted partner of a coalition
  the sender is an accepted partner of too (403 otherwise).
- A Consent is required: active, naming the owner organisation as recipient and the data categories.
- The family is matched only among the families the sender organisation has a live own relation with
  (by BSN through its keyed hash, or by given name, family name and birth date when there is no BSN), so
  no family registered elsewhere is revealed; otherwise it is registered explicitly on the sender's own
  relation. The sending team: the team of the matched relation, or the organisation's first care team by
  name. The consent, the referral and its sending then go through the care services, with the access log.
- Anything wrong: `BundleRefused` (status, OperationOutcome issue code, Dutch message) and nothing stored:
  everything runs in one transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from fhir.resources.R4B.task import Task

from kansrijk.accounts.models import Organisation
from kansrijk.care import bsn as bsn_codec
from kansrijk.care.accesslog import log_access
from kansrijk.care.context import AccessContext
from kansrijk.care.context_clients import first_team, system_client_context
from kansrijk.care.fhir_referral_codes import (
    COALITION_SYSTEM,
    EXT_COALITION,
    EXT_DUE_DATE,
    EXT_MUNICIPALITY,
    EXT_RECEIVING_TEAM,
    EXT_STAGE,
    NEED_SYSTEM,
)
from kansrijk.care.fhir_referral_parse import (
    BundleRefused,
    Parts,
    coding_code,
    consent_data,
    ext,
    forbidden,
    handover_fields,
    organisation_of,
    parse,
    person_data,
    unprocessable,
)
from kansrijk.care.models import (
    AccessEvent,
    CareRelation,
    CareTeam,
    EpisodeStage,
    EpisodeStatus,
    Person,
    PersonRole,
    Referral,
    RelationBasis,
    SystemClient,
)
from kansrijk.care.selectors.access import basis_label
from kansrijk.care.services.consent import consent_record
from kansrijk.care.services.episodes import PersonData, family_register
from kansrijk.care.services.referrals import referral_create, referral_send
from kansrijk.coalitions.models import Coalition, PartnerStatus
from kansrijk.interventions.models import Need

__all__ = ["BundleRefused", "import_bundle", "parse"]


def _coalition(task: Any, sender: Organisation, owner: Organisation) -> Coalition:
    accepted = {"partners__status": PartnerStatus.ACCEPTED}
    of_sender = Coalition.objects.filter(partners__organisation=sender, **accepted)
    if not of_sender.exists():
        raise forbidden("Uw organisatie is geen geaccepteerde partner van een coalitie.", "Task.requester")
    shared = of_sender.filter(
        pk__in=Coalition.objects.filter(partners__organisation=owner, **accepted)
    ).distinct()
    named = ext(task.extension, EXT_COALITION)
    slug = named.valueIdentifier.value if named is not None and named.valueIdentifier is not None else ""
    if named is not None and named.valueIdentifier.system == COALITION_SYSTEM and slug:
        shared = shared.filter(slug=slug)
    choices = list(shared[:2])
    if not choices:
        raise forbidden(
            "De ontvangende organisatie is geen partner van een coalitie van uw organisatie.", "Task.owner"
        )
    if len(choices) > 1:
        raise unprocessable(
            "Noem de coalitie (extensie 'coalitie'): uw organisaties delen er meer dan één.", "Task"
        )
    return choices[0]


def _receiving_team(task: Any, owner: Organisation) -> CareTeam:
    teams = CareTeam.objects.filter(organisation=owner).select_related("organisation").order_by("name")
    named = ext(task.extension, EXT_RECEIVING_TEAM)
    if named is not None and named.valueString:
        match = teams.filter(name__iexact=named.valueString.strip()).first()
        if match is not None:
            return match
    team = teams.first()
    if team is None:
        raise unprocessable("De ontvangende organisatie heeft nog geen zorgteam in Kansrijk.", "Task.owner")
    return team


def _matched_relation(client: SystemClient, coalition: Coalition, person: PersonData) -> CareRelation | None:
    """The sender organisation's live own relation with the family this person is the parent of."""
    relations = CareRelation.objects.filter(
        organisation_id=client.organisation_id,
        basis=RelationBasis.OWN,
        ended_at__isnull=True,
        episode__coalition=coalition,
        episode__status=EpisodeStatus.OPEN,
        episode__anonymised_at__isnull=True,
    )
    persons = Person.objects.filter(role=PersonRole.PARENT, episode__in=relations.values("episode_id"))
    if person.bsn:
        persons = persons.filter(bsn_hash=bsn_codec.lookup_hash(person.bsn))
    elif person.birth_date is not None and person.family_name:
        persons = persons.filter(
            given_name__iexact=person.given_name,
            family_name__iexact=person.family_name,
            birth_date=person.birth_date,
        )
    else:
        return None
    episodes = {p.episode_id for p in persons[:2]}
    if len(episodes) > 1:
        raise unprocessable(
            "Deze ouder past bij meer dan één gezin van uw organisatie. Stuur het BSN mee.", "Patient"
        )
    if not episodes:
        return None
    return (
        relations.filter(episode_id=episodes.pop())
        .select_related("team__organisation")
        .order_by("team__name")
        .first()
    )


def _new_family(ctx: AccessContext, task: Task, coalition: Coalition, person: PersonData) -> Any:
    municipalities = coalition.municipalities.all()
    named = ext(task.extension, EXT_MUNICIPALITY)
    code = named.valueCoding.code if named is not None and named.valueCoding is not None else ""
    municipality = municipalities.filter(code=code).first() if code else None
    if municipality is None and municipalities.count() == 1:
        municipality = municipalities.first()
    if municipality is None:
        raise unprocessable(
            "Noem de gemeente van het gezin (extensie 'gemeente', CBS-code).", "Task.extension"
        )
    due = ext(task.extension, EXT_DUE_DATE)
    due_date = due.valueDate if due is not None and isinstance(due.valueDate, date) else None
    stage_ext = ext(task.extension, EXT_STAGE)
    stage = stage_ext.valueCoding.code if stage_ext is not None and stage_ext.valueCoding is not None else ""
    if stage not in EpisodeStage.values:
        stage = EpisodeStage.PREGNANT if due_date else EpisodeStage.WISH
    return family_register(
        ctx, coalition=coalition, municipality=municipality, stage=stage, persons=[person], due_date=due_date
    )


def _check_task(task: Any) -> str:
    if task.intent != "order":
        raise unprocessable("Task.intent moet 'order' zijn.", "Task.intent")
    if task.status != "requested":
        raise unprocessable("Een nieuwe verwijzing heeft Task.status 'requested'.", "Task.status")
    if not any(c.code == "fulfill" for c in (task.code.coding or [] if task.code else [])):
        raise unprocessable("Task.code moet 'fulfill' zijn.", "Task.code")
    identifier = next((i for i in task.identifier or [] if i.value), None)
    if identifier is None:
        raise unprocessable("Geef de Task een identifier van uw systeem.", "Task.identifier")
    return f"{identifier.system or ''}|{identifier.value}"[:200]


def _import(client: SystemClient, parts: Parts) -> Referral:
    task, service_request = parts.task, parts.service_request
    external_id = _check_task(task)
    sender = client.organisation
    requester = organisation_of(task, task.requester)
    if task.requester is not None and (requester is None or requester.pk != sender.pk):
        raise forbidden("U kunt alleen namens uw eigen organisatie verwijzen.", "Task.requester")
    owner = organisation_of(task, task.owner)
    if owner is None:
        raise unprocessable("De ontvangende organisatie (Task.owner) is onbekend.", "Task.owner")
    if owner.pk == sender.pk:
        raise unprocessable("Verwijs naar een andere organisatie.", "Task.owner")
    coalition = _coalition(task, sender, owner)
    if Referral.objects.filter(receiving_organisation=owner, external_id=external_id).exists():
        raise BundleRefused(409, "duplicate", "Deze verwijzing is al ontvangen.", "Task.identifier")
    need = coding_code(service_request.category, NEED_SYSTEM)
    if need not in Need.values:
        raise unprocessable(
            "Noem het thema van de verwijzing (ServiceRequest.category).", "ServiceRequest.category"
        )
    reason = next((c.text for c in service_request.reasonCode or [] if c.text), "")
    if not reason.strip():
        raise unprocessable(
            "Schrijf de reden van de verwijzing (ServiceRequest.reasonCode.text).", "ServiceRequest"
        )
    message = "\n".join(n.text for n in service_request.note or [] if n.text)
    handover = handover_fields(service_request)
    consent = consent_data(task, parts.consent, owner)
    person = person_data(parts.patient)
    receiving_team = _receiving_team(task, owner)

    relation = _matched_relation(client, coalition, person)
    if relation is not None:
        ctx = system_client_context(client, relation.team)
        episode = relation.episode
        log_access(
            ctx,
            event=AccessEvent.SEARCH,
            action="gezin.koppelen",
            basis=basis_label(relation),
            episode_id=episode.public_id,
            detail={"gevonden_op": "bsn" if person.bsn else "naam en geboortedatum"},
        )
    else:
        team = first_team(client)
        if team is None:
            raise unprocessable("Uw organisatie heeft nog geen zorgteam in Kansrijk.", "Task.requester")
        ctx = system_client_context(client, team)
        episode = _new_family(ctx, task, coalition, person)
    parent = episode.persons.filter(role=PersonRole.PARENT).order_by("created_at").first()
    if parent is None:  # pragma: no cover - family_register requires a parent; a match is on one
        raise unprocessable("Dit gezin heeft geen ouder.", "Patient")
    consent_record(
        ctx,
        episode_id=episode.public_id,
        subject=parent,
        given_by=parent,
        receiving_organisation=owner,
        categories=consent.categories,
        purpose=consent.purpose,
        given_on=consent.given_on,
        method=consent.method,
        text=consent.text,
    )
    referral = referral_create(
        ctx,
        episode_id=episode.public_id,
        need=need,
        receiving_team=receiving_team,
        reason=reason,
        message=message,
        handover=handover,
    )
    Referral.objects.filter(pk=referral.pk).update(external_id=external_id)
    referral_send(ctx, referral_id=referral.public_id, version=referral.version)
    return Referral.objects.get(pk=referral.pk)


def import_bundle(client: SystemClient, body: bytes) -> Referral:
    """Import one bundle as `client`: the sent referral, or `BundleRefused` with nothing stored."""
    parts = parse(body)
    try:
        with transaction.atomic():
            return _import(client, parts)
    except ValidationError as exc:
        raise unprocessable(" ".join(str(m) for m in exc.messages)) from exc
    except PermissionDenied as exc:
        raise forbidden(str(exc) or "Dit mag uw organisatie niet.") from exc
    except Http404 as exc:
        raise unprocessable("Dit gezin of deze verwijzing is niet zichtbaar voor uw organisatie.") from exc
