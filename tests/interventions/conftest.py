"""Fixtures for the menukaart and the local offer: the coalition cast, a platform admin, seeded interventions."""

from __future__ import annotations

import pytest

from kansrijk.accounts.models import OrganisationKind, Role, User
from kansrijk.accounts.services import membership_grant, organisation_get_or_create, user_create
from tests.coalitions.conftest import cast, client_for  # noqa: F401  (re-exported fixtures)
from tests.mfa import give_totp
from tests.personas import PASSWORD
from tests.system import TESTS


@pytest.fixture
def platform_admin(db: None) -> User:
    user = user_create(email="beheer@test.nl", password=PASSWORD, actor=TESTS)
    give_totp(user)  # two-step verification is required for every signed-in user
    membership_grant(
        user=user,
        organisation=organisation_get_or_create(
            name="Platformbeheer Test", kind=OrganisationKind.LANDELIJK, actor=TESTS
        ),
        role=Role.PLATFORM_ADMIN,
        actor=TESTS,
    )
    return user
