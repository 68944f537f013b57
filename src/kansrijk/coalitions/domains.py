"""Organisation kinds grouped into the four domains of the netwerkkaart, and the partner kinds a
coalition typically needs (domain.md §0 and §6; RIVM monitor, Molenaar thesis p.128)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import OrganisationKind as Kind


class Domain(models.TextChoices):
    MEDISCH = "medisch", _("Medisch")
    SOCIAAL = "sociaal", _("Sociaal")
    INFORMEEL = "informeel", _("Informeel")
    BESTUURLIJK = "bestuurlijk", _("Bestuurlijk")


DOMAIN_OF_KIND: dict[str, Domain] = {
    Kind.VERLOSKUNDIGE: Domain.MEDISCH,
    Kind.ZIEKENHUIS: Domain.MEDISCH,
    Kind.KRAAMZORG: Domain.MEDISCH,
    Kind.HUISARTS: Domain.MEDISCH,
    Kind.GGZ: Domain.MEDISCH,
    Kind.JGZ: Domain.MEDISCH,
    Kind.GGD: Domain.MEDISCH,
    Kind.VERSLAVINGSZORG: Domain.MEDISCH,
    Kind.WIJKTEAM: Domain.SOCIAAL,
    Kind.SCHULDHULP: Domain.SOCIAAL,
    Kind.WERK_INKOMEN: Domain.SOCIAAL,
    Kind.WONINGCORPORATIE: Domain.SOCIAAL,
    Kind.WELZIJN: Domain.SOCIAAL,
    Kind.VEILIG_THUIS: Domain.SOCIAAL,
    Kind.INFORMEEL: Domain.INFORMEEL,
    Kind.ERVARINGSDESKUNDIGEN: Domain.INFORMEEL,
    Kind.GEMEENTE: Domain.BESTUURLIJK,
    Kind.ZORGVERZEKERAAR: Domain.BESTUURLIJK,
    # National and other organisations steer or support; they do not deliver care to families.
    Kind.LANDELIJK: Domain.BESTUURLIJK,
    Kind.OVERIG: Domain.BESTUURLIJK,
}

# Partner kinds a coalition typically needs (kansrijkestartnl.nl "aanpak"; RIVM monitor).
TYPICAL_KINDS: tuple[str, ...] = (
    Kind.VERLOSKUNDIGE,
    Kind.KRAAMZORG,
    Kind.JGZ,
    Kind.HUISARTS,
    Kind.GGZ,
    Kind.WIJKTEAM,
    Kind.SCHULDHULP,
    Kind.GEMEENTE,
    Kind.ZORGVERZEKERAAR,
    Kind.ERVARINGSDESKUNDIGEN,
)

# The RIVM monitor found these often missing from coalitions (domain.md §1, §6).
OFTEN_ABSENT_KINDS: frozenset[str] = frozenset(
    {Kind.HUISARTS, Kind.ZORGVERZEKERAAR, Kind.ERVARINGSDESKUNDIGEN}
)
OFTEN_ABSENT_NOTE = _(
    "Het RIVM vond dat huisartsen, zorgverzekeraars en ervaringsdeskundigen vaak ontbreken in lokale coalities."
)


def domain_for_kind(kind: str) -> Domain:
    return DOMAIN_OF_KIND.get(kind, Domain.BESTUURLIJK)
