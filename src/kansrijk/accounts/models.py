"""Users, organisations and named roles.

Roles are named (TextChoices) and held per organisation: never integer levels (style.md, anti-pattern 2).
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from kansrijk.core.models import BaseModel


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coördinator coalitie")
    PROFESSIONAL = "professional", _("Professional")
    NATIONAL = "national", _("Landelijk programma")
    ORG_ADMIN = "org_admin", _("Beheerder organisatie")
    PLATFORM_ADMIN = "platform_admin", _("Beheerder platform")


# Roles that will handle personal data: 2FA becomes mandatory for them (care layer).
CARE_ROLES = frozenset({Role.PROFESSIONAL})


class OrganisationKind(models.TextChoices):
    VERLOSKUNDIGE = "verloskundigenpraktijk", _("Verloskundigenpraktijk")
    ZIEKENHUIS = "ziekenhuis", _("Ziekenhuis / gynaecologie")
    KRAAMZORG = "kraamzorg", _("Kraamzorg")
    HUISARTS = "huisartsenpraktijk", _("Huisartsenpraktijk")
    GGZ = "volwassenen_ggz", _("Volwassenen-GGZ")
    JGZ = "jgz", _("Jeugdgezondheidszorg (JGZ)")
    GGD = "ggd", _("GGD")
    WIJKTEAM = "sociaal_wijkteam", _("Sociaal wijkteam")
    SCHULDHULP = "schuldhulpverlening", _("Schuldhulpverlening")
    WERK_INKOMEN = "werk_inkomen", _("Werk & inkomen")
    WONINGCORPORATIE = "woningcorporatie", _("Woningcorporatie")
    WELZIJN = "welzijn", _("Welzijn")
    INFORMEEL = "informele_steun", _("Informele steun (bijv. Home-Start)")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    VERSLAVINGSZORG = "verslavingszorg", _("Verslavingszorg")
    ZORGVERZEKERAAR = "zorgverzekeraar", _("Zorgverzekeraar")
    ERVARINGSDESKUNDIGEN = "ervaringsdeskundigen", _("Ervaringsdeskundigen / spiegelgroep")
    GEMEENTE = "gemeente", _("Gemeente")
    LANDELIJK = "landelijk", _("Landelijke organisatie")
    OVERIG = "overig", _("Overig")


class Organisation(BaseModel):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=40, choices=OrganisationKind.choices)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("E-mailadres is verplicht")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractUser):
    """Login is by e-mail address; there is no separate user name."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mailadres"), unique=True)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()  # type: ignore[misc]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Membership(BaseModel):
    """A user holds a named role on behalf of an organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.organisation})"
