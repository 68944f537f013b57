"""No permission check can be switched off: a service gets a signed-in user or a named system actor,
never "nobody" (None); the audit log records which system work it was."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction

from kansrijk.accounts.models import Organisation
from kansrijk.audit.actors import DEMO, SystemActor
from kansrijk.audit.models import AuditEvent
from kansrijk.audit.services import record
from kansrijk.coalitions.services.coalition import partner_add
from tests.personas import Cast


@pytest.mark.django_db
def test_record_refuses_a_missing_actor() -> None:
    with transaction.atomic(), pytest.raises(TypeError, match="needs an actor"):
        record(actor=None, action="x.y")  # type: ignore[arg-type]


@pytest.mark.django_db
def test_system_work_is_recorded_by_name_and_anonymous_sign_in_as_anonymous() -> None:
    with transaction.atomic():
        named = record(actor=DEMO, action="demo.made")
        anonymous = record(actor=AnonymousUser(), action="auth.login_failed")
    assert AuditEvent.objects.get(pk=named.pk).actor_label == "systeem: demo"
    assert AuditEvent.objects.get(pk=anonymous.pk).actor_label == "anoniem"


def test_a_system_actor_needs_a_real_name() -> None:
    for bad in ("", "Demo", "x", "met spatie"):
        with pytest.raises(ValueError):
            SystemActor(bad)


def test_a_person_is_always_checked_and_none_is_no_way_around_it(cast: Cast) -> None:
    organisation = Organisation.objects.create(name="Welzijn Oost", kind="welzijn")
    for outsider in (cast.other_coordinator, cast.partner_member):
        with pytest.raises(PermissionDenied):
            partner_add(coalition=cast.coalition, organisation=organisation, actor=outsider)
    with pytest.raises((PermissionDenied, TypeError, AttributeError)):
        partner_add(coalition=cast.coalition, organisation=organisation, actor=None)  # type: ignore[arg-type]
    partner = partner_add(coalition=cast.coalition, organisation=organisation, actor=DEMO)
    assert AuditEvent.objects.filter(object_id=str(partner.public_id)).get().actor_label == "systeem: demo"
