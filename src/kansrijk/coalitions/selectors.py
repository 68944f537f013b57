from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from kansrijk.accounts.models import User
from kansrijk.areas.models import Area
from kansrijk.coalitions.models import Coalition


def coalitions_coordinated_by(user: User | AnonymousUser) -> QuerySet[Coalition]:
    if not user.is_authenticated:
        return Coalition.objects.none()
    return Coalition.objects.filter(coordinators=user)


def user_coordinates_municipality(user: User | AnonymousUser, municipality: Area) -> bool:
    return coalitions_coordinated_by(user).filter(municipalities=municipality).exists()
