"""Users, organisations and named roles.

Roles are named (TextChoices) and held per organisation: never integer levels (style.md, anti-pattern 2).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kansrijk.core.models import BaseModel


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coördinator coalitie")
    # A member of a partner organisation who reads (and, where allowed, writes in) the coalition
    # workspace. Not a care role: the care layer brings its own role for people who see families.
    PARTNER_MEMBER = "partner_member", _("Medewerker partnerorganisatie")
    NATIONAL = "national", _("Landelijk programma")
    ORG_ADMIN = "org_admin", _("Beheerder organisatie")
    # The care roles (care layer): a professional who sees families, within their team's caseload and
    # the family's consent; a log manager (logbeheerder) who reviews the organisation's access log.
    CARE_PROFESSIONAL = "care_professional", _("Zorgprofessional (werkt met gezinnen)")
    LOG_MANAGER = "logbeheerder", _("Logbeheerder")
    PLATFORM_ADMIN = "platform_admin", _("Beheerder platform")


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


EIGHT_DIGITS = RegexValidator(r"^[0-9]{8}$", _("Vul precies 8 cijfers in."))


class Organisation(BaseModel):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=40, choices=OrganisationKind.choices)
    # Identifiers other systems know the organisation by (FHIR exchange, issue 12); blank when unknown,
    # unique when set. URA: UZI register; AGB: Vektis AGB-Z; KvK: Chamber of Commerce number.
    ura = models.CharField(_("URA-nummer"), max_length=8, blank=True, validators=[EIGHT_DIGITS])
    agb = models.CharField(_("AGB-code"), max_length=8, blank=True, validators=[EIGHT_DIGITS])
    kvk = models.CharField(_("KvK-nummer"), max_length=8, blank=True, validators=[EIGHT_DIGITS])

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        constraints = [
            models.UniqueConstraint(fields=["ura"], condition=~Q(ura=""), name="organisation_ura_once"),
            models.UniqueConstraint(fields=["agb"], condition=~Q(agb=""), name="organisation_agb_once"),
            models.UniqueConstraint(fields=["kvk"], condition=~Q(kvk=""), name="organisation_kvk_once"),
        ]

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
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    # Our manager creates users by e-mail address; the stubs expect the username-based manager.
    objects = UserManager()  # type: ignore[assignment,misc]

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


class MembershipRequestStatus(models.TextChoices):
    OPEN = "open", _("Wacht op beheerder")
    GRANTED = "toegekend", _("Toegekend")
    REFUSED = "geweigerd", _("Geweigerd")


class MembershipRequest(BaseModel):
    """Someone asks to belong to an organisation (e.g. after accepting a coalition invitation).

    Only the organisation's own admin (or, for an organisation without one, the platform admin) decides:
    nobody outside an organisation can make someone its member (docs/adr/0007)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="membership_requests")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="membership_requests"
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices, default=Role.PARTNER_MEMBER)
    # Why the request exists, in words for the admin ("uitnodiging voor coalitie X door Y").
    reason = models.CharField(_("aanleiding"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MembershipRequestStatus.choices,
        default=MembershipRequestStatus.OPEN,
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(status="open"),
                name="membership_request_one_open",
            ),
            models.CheckConstraint(
                condition=models.Q(status="open", decided_at__isnull=True)
                | (~models.Q(status="open") & models.Q(decided_at__isnull=False)),
                name="membership_request_decided_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.get_status_display()})"


class AccessReview(BaseModel):
    """An organisation admin confirmed, on a date, who of the organisation has access to what."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="access_reviews")
    reviewed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    # What was confirmed, as shown at that moment (names of people and what they could reach).
    summary = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.created_at:%Y-%m-%d})"
