"""Writes of the zelfscan: open and close a round, submit (or change) a response, import and activate a
questionnaire version. Each checks permission, validates, writes and records its audit event in one
transaction. The answer values are not written to the audit log: who answered and how many is enough.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import Organisation, User
from kansrijk.accounts.selectors import user_is_platform_admin
from kansrijk.accounts.types import Actor
from kansrijk.audit.services import record
from kansrijk.coalitions.models import (
    SCALE_MAX,
    SCALE_MIN,
    Coalition,
    Questionnaire,
    Statement,
    ZelfscanAnswer,
    ZelfscanResponse,
    ZelfscanRound,
    ZelfscanTheme,
)
from kansrijk.coalitions.selectors.access import effective_participations
from kansrijk.coalitions.selectors.questionnaires import questionnaire_highest_version
from kansrijk.coalitions.selectors.zelfscan import questionnaire_active
from kansrijk.coalitions.services._common import ensure_coordinator, ensure_member
from kansrijk.core.jsonsafe import JSONTooDeepError, loads_limited

# Rounds.
NO_ACTIVE_QUESTIONNAIRE = _(
    "Er is geen actieve vragenlijst. Vraag de platformbeheerder een versie te activeren."
)
ROUND_NAME_EMPTY = _("Geef de ronde een naam.")
ROUND_NAME_TAKEN = _("Deze coalitie heeft al een ronde met de naam “{name}”.")
ROUND_ALREADY_OPEN = _("De ronde “{name}” staat nog open. Sluit die eerst; er is steeds één open ronde.")
ROUND_ALREADY_CLOSED = _("De ronde “{name}” is al gesloten.")
# Responses.
ROUND_CLOSED = _("De ronde “{name}” is gesloten: antwoorden geven of wijzigen kan niet meer.")
# Statements end with a full stop of their own, so the messages do not add one after the quote.
ANSWER_MISSING = _("Geef een antwoord op de stelling “{statement}”")
ANSWER_OUT_OF_SCALE = _("Kies 1, 2, 3, 4 of 5 bij de stelling “{statement}” (gegeven: “{value}”)")
ANSWER_UNKNOWN_STATEMENT = _("Stelling {ref} hoort niet bij de vragenlijst van deze ronde.")
# Questionnaires.
NOT_PLATFORM_ADMIN = _("Alleen de platformbeheerder beheert de zelfscan-vragenlijsten.")
QUESTIONNAIRE_ALREADY_ACTIVE = _("Versie {version} is al de actieve vragenlijst.")
Q_TOO_LARGE = _("Het bestand is te groot (maximaal {max} kB).")
Q_NOT_UTF8 = _("Het bestand is geen UTF-8-tekst.")
Q_INVALID_JSON = _("Het bestand is geen geldige JSON (regel {line}, kolom {col}): {msg}.")
Q_TOO_DEEP = _("Het bestand is te diep genest (maximaal {max} niveaus).")
Q_NOT_OBJECT = _(
    "Het bestand moet één JSON-object zijn met de sleutels version, title, description en themes."
)
Q_UNKNOWN_KEYS = _("{where}: onbekende sleutel(s) {keys}. Toegestaan: {allowed}.")
Q_MISSING_KEY = _("{where}: de sleutel “{key}” ontbreekt.")
Q_VERSION_TYPE = _("version moet een geheel getal van 1 tot en met 32767 zijn.")
Q_VERSION_EXISTS = _("Versie {version} bestaat al. Kies een hoger versienummer.")
Q_VERSION_NOT_HIGHER = _("Versie {version} moet hoger zijn dan de hoogste bestaande versie ({highest}).")
Q_NOT_TEXT = _("{where}: {key} moet tekst zijn.")
Q_EMPTY_TEXT = _("{where}: {key} mag niet leeg zijn.")
Q_TOO_LONG = _("{where}: {key} is te lang ({length} tekens; maximaal {max}).")
Q_NO_THEMES = _("themes moet een lijst met minstens één thema zijn.")
Q_NO_STATEMENTS = _("{where}: statements moet een lijst met minstens één stelling zijn.")
Q_NOT_AN_OBJECT = _("{where} moet een JSON-object zijn.")
Q_BAD_KEY = _("{where}: key “{key}” mag alleen letters, cijfers, - en _ bevatten (maximaal 64 tekens).")
Q_DUPLICATE_KEY = _("{where}: key “{key}” komt al eerder voor.")

MAX_UPLOAD_BYTES = 200_000
_KEY = re.compile(r"^[-a-zA-Z0-9_]{1,64}$")
_TOP_KEYS = ("version", "title", "description", "themes")
_THEME_KEYS = ("key", "title", "source", "statements")
_STATEMENT_KEYS = ("key", "text")


def _ensure_platform_admin(actor: Actor) -> None:
    if not isinstance(actor, User) or not user_is_platform_admin(actor):
        raise PermissionDenied(NOT_PLATFORM_ADMIN)


# --- rounds ----------------------------------------------------------------------------------------


@transaction.atomic
def zelfscan_round_open(*, coalition: Coalition, name: str, opened_on: dt.date, actor: User) -> ZelfscanRound:
    """A new round on the active questionnaire. A coalition has at most one open round at a time, so
    everyone answers the same round and the trend has one point per moment."""
    ensure_coordinator(actor, coalition)
    name = name.strip()
    if not name:
        raise ValidationError({"name": ROUND_NAME_EMPTY})
    # Lock the coalition row: two coordinators pressing the button at once get one round, not two.
    Coalition.objects.select_for_update().filter(pk=coalition.pk).first()
    open_round = ZelfscanRound.objects.filter(coalition=coalition, closed=False).first()
    if open_round is not None:
        raise ValidationError(str(ROUND_ALREADY_OPEN).format(name=open_round.name))
    if ZelfscanRound.objects.filter(coalition=coalition, name__iexact=name).exists():
        raise ValidationError({"name": str(ROUND_NAME_TAKEN).format(name=name)})
    questionnaire = questionnaire_active()
    if questionnaire is None:
        raise ValidationError(NO_ACTIVE_QUESTIONNAIRE)
    zs_round = ZelfscanRound(coalition=coalition, questionnaire=questionnaire, name=name, opened_on=opened_on)
    zs_round.full_clean(validate_unique=False)
    zs_round.save()
    record(
        actor=actor,
        action="zelfscan.round_opened",
        obj=zs_round,
        changes={
            "coalition": coalition.slug,
            "name": name,
            "opened_on": opened_on.isoformat(),
            "questionnaire_version": questionnaire.version,
        },
    )
    return zs_round


@transaction.atomic
def zelfscan_round_close(*, round: ZelfscanRound, actor: User) -> ZelfscanRound:
    ensure_coordinator(actor, round.coalition)
    zs_round = ZelfscanRound.objects.select_for_update().get(pk=round.pk)
    if zs_round.closed:
        raise ValidationError(str(ROUND_ALREADY_CLOSED).format(name=zs_round.name))
    zs_round.closed = True
    zs_round.save(update_fields=["closed", "updated_at"])
    record(
        actor=actor,
        action="zelfscan.round_closed",
        obj=zs_round,
        changes={
            "coalition": zs_round.coalition.slug,
            "closed": [False, True],
            "respondents": zs_round.responses.count(),
        },
    )
    round.closed = True
    return zs_round


# --- responses -------------------------------------------------------------------------------------


def _answering_organisation(user: User, coalition: Coalition) -> Organisation | None:
    """On whose behalf: the organisation of the user's (effective) participation in this coalition."""
    participation = (
        effective_participations()
        .filter(user=user, coalition=coalition)
        .select_related("organisation")
        .first()
    )
    return participation.organisation if participation else None


def _validated_answers(statements: list[Statement], answers: Mapping[int, object]) -> dict[int, int]:
    """Every statement answered with an integer 1..5 and nothing else; all problems at once."""
    by_id = {s.pk: s for s in statements}
    errors = [str(ANSWER_UNKNOWN_STATEMENT).format(ref=ref) for ref in answers if ref not in by_id]
    clean: dict[int, int] = {}
    for statement in statements:
        value = answers.get(statement.pk)
        if value is None or value == "":
            errors.append(str(ANSWER_MISSING).format(statement=statement.text))
            continue
        # bool is an int in Python; True must not count as 1.
        ok = isinstance(value, int) and not isinstance(value, bool) and SCALE_MIN <= value <= SCALE_MAX
        if not ok:
            errors.append(str(ANSWER_OUT_OF_SCALE).format(statement=statement.text, value=value))
            continue
        clean[statement.pk] = value  # type: ignore[assignment]
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def zelfscan_response_submit(
    *, round: ZelfscanRound, answers: Mapping[int, object], actor: User
) -> ZelfscanResponse:
    """Store the actor's answers (statement id → 1..5) in an open round; a second submit by the same
    user replaces the earlier answers (one response per user per round)."""
    coalition = round.coalition
    ensure_member(actor, coalition)
    zs_round = ZelfscanRound.objects.select_for_update().get(pk=round.pk)
    if zs_round.closed:
        raise ValidationError(str(ROUND_CLOSED).format(name=zs_round.name))
    statements = list(
        Statement.objects.filter(theme__questionnaire_id=zs_round.questionnaire_id).order_by(
            "theme__order", "theme__key", "order", "key"
        )
    )
    clean = _validated_answers(statements, answers)
    response = ZelfscanResponse.objects.filter(round=zs_round, user=actor).first()
    created = response is None
    if response is None:
        response = ZelfscanResponse.objects.create(
            round=zs_round, user=actor, organisation=_answering_organisation(actor, coalition)
        )
    else:
        response.answers.all().delete()
        response.save(update_fields=["updated_at"])
    ZelfscanAnswer.objects.bulk_create(
        ZelfscanAnswer(response=response, statement_id=pk, value=value) for pk, value in clean.items()
    )
    record(
        actor=actor,
        action="zelfscan.response_submitted" if created else "zelfscan.response_changed",
        obj=response,
        changes={
            "coalition": coalition.slug,
            "round": str(zs_round.public_id),
            "organisation": response.organisation.name if response.organisation else None,
            "answers": len(clean),
        },
    )
    return response


# --- questionnaires --------------------------------------------------------------------------------


def questionnaire_parse(source: str | bytes | Mapping[str, Any]) -> dict[str, Any]:
    """The uploaded file as a dict, or a ValidationError saying why it is not JSON."""
    if isinstance(source, Mapping):
        return dict(source)
    if isinstance(source, bytes):
        if len(source) > MAX_UPLOAD_BYTES:
            raise ValidationError(str(Q_TOO_LARGE).format(max=MAX_UPLOAD_BYTES // 1000))
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(Q_NOT_UTF8) from exc
    if len(source.encode("utf-8")) > MAX_UPLOAD_BYTES:
        raise ValidationError(str(Q_TOO_LARGE).format(max=MAX_UPLOAD_BYTES // 1000))
    try:
        data = loads_limited(source)
    except JSONTooDeepError as exc:
        raise ValidationError(str(Q_TOO_DEEP).format(max=exc.max_depth)) from exc
    except json.JSONDecodeError as exc:
        raise ValidationError(
            str(Q_INVALID_JSON).format(line=exc.lineno, col=exc.colno, msg=exc.msg)
        ) from exc
    if not isinstance(data, dict):
        raise ValidationError(Q_NOT_OBJECT)
    return data


class _Checker:
    """Collects every problem of an uploaded questionnaire, each naming where it is."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def keys(
        self, where: str, obj: Mapping[str, Any], allowed: tuple[str, ...], required: tuple[str, ...]
    ) -> None:
        unknown = sorted(set(obj) - set(allowed))
        if unknown:
            self.errors.append(
                str(Q_UNKNOWN_KEYS).format(where=where, keys=", ".join(unknown), allowed=", ".join(allowed))
            )
        for key in required:
            if key not in obj:
                self.errors.append(str(Q_MISSING_KEY).format(where=where, key=key))

    def text(self, where: str, obj: Mapping[str, Any], key: str, max_length: int, required: bool) -> str:
        value = obj.get(key, "")
        if key not in obj:
            return ""  # reported as a missing key (when required)
        if not isinstance(value, str):
            self.errors.append(str(Q_NOT_TEXT).format(where=where, key=key))
            return ""
        value = value.strip()
        if required and not value:
            self.errors.append(str(Q_EMPTY_TEXT).format(where=where, key=key))
        if len(value) > max_length:
            self.errors.append(
                str(Q_TOO_LONG).format(where=where, key=key, length=len(value), max=max_length)
            )
        return value

    def key(self, where: str, obj: Mapping[str, Any], seen: set[str]) -> str:
        value = obj.get("key")
        if "key" not in obj:
            return ""
        if not isinstance(value, str) or not _KEY.match(value):
            self.errors.append(str(Q_BAD_KEY).format(where=where, key=value))
            return ""
        if value in seen:
            self.errors.append(str(Q_DUPLICATE_KEY).format(where=where, key=value))
        seen.add(value)
        return value


def questionnaire_validate(data: Mapping[str, Any]) -> dict[str, Any]:
    """Check the upload format (that of data/zelfscan_v1.json) and return it cleaned (texts stripped).

    Raises one ValidationError listing every problem, each naming the theme or statement."""
    check = _Checker()
    check.keys("Het bestand", data, _TOP_KEYS, ("version", "title", "themes"))
    version = data.get("version")
    if "version" in data and (
        not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= 32767
    ):
        check.errors.append(str(Q_VERSION_TYPE))
        version = None
    elif version is not None:
        highest = questionnaire_highest_version()
        if Questionnaire.objects.filter(version=version).exists():
            check.errors.append(str(Q_VERSION_EXISTS).format(version=version))
        elif version <= highest:
            check.errors.append(str(Q_VERSION_NOT_HIGHER).format(version=version, highest=highest))
    clean: dict[str, Any] = {
        "version": version,
        "title": check.text("Het bestand", data, "title", 200, required=True),
        "description": check.text("Het bestand", data, "description", 5000, required=False),
        "themes": [],
    }
    themes = data.get("themes")
    if "themes" in data and (not isinstance(themes, list) or not themes):
        check.errors.append(str(Q_NO_THEMES))
        themes = []
    theme_keys: set[str] = set()
    for t_no, theme in enumerate(themes or [], start=1):
        where = f"Thema {t_no}"
        if not isinstance(theme, dict):
            check.errors.append(str(Q_NOT_AN_OBJECT).format(where=where))
            continue
        if isinstance(theme.get("key"), str):
            where = f"Thema {t_no} ({theme['key']})"
        check.keys(where, theme, _THEME_KEYS, ("key", "title", "statements"))
        clean_theme: dict[str, Any] = {
            "key": check.key(where, theme, theme_keys),
            "title": check.text(where, theme, "title", 200, required=True),
            "source": check.text(where, theme, "source", 400, required=False),
            "statements": [],
        }
        statements = theme.get("statements")
        if "statements" in theme and (not isinstance(statements, list) or not statements):
            check.errors.append(str(Q_NO_STATEMENTS).format(where=where))
            statements = []
        statement_keys: set[str] = set()
        for s_no, statement in enumerate(statements or [], start=1):
            s_where = f"{where}, stelling {s_no}"
            if not isinstance(statement, dict):
                check.errors.append(str(Q_NOT_AN_OBJECT).format(where=s_where))
                continue
            if isinstance(statement.get("key"), str):
                s_where = f"{where}, stelling {s_no} ({statement['key']})"
            check.keys(s_where, statement, _STATEMENT_KEYS, ("key", "text"))
            clean_theme["statements"].append(
                {
                    "key": check.key(s_where, statement, statement_keys),
                    "text": check.text(s_where, statement, "text", 400, required=True),
                }
            )
        clean["themes"].append(clean_theme)
    if check.errors:
        raise ValidationError(check.errors)
    return clean


@transaction.atomic
def questionnaire_import(*, source: str | bytes | Mapping[str, Any], actor: User) -> Questionnaire:
    """A new questionnaire version from JSON in the format of data/zelfscan_v1.json, all or nothing.

    The new version is not active yet: activating it is a separate decision (questionnaire_activate)."""
    _ensure_platform_admin(actor)
    data = questionnaire_validate(questionnaire_parse(source))
    questionnaire = Questionnaire.objects.create(
        version=data["version"], title=data["title"], description=data["description"], is_active=False
    )
    statements: list[Statement] = []
    for t_order, theme_data in enumerate(data["themes"]):
        theme = ZelfscanTheme.objects.create(
            questionnaire=questionnaire,
            key=theme_data["key"],
            title=theme_data["title"],
            source=theme_data["source"],
            order=t_order,
        )
        statements += [
            Statement(theme=theme, key=s["key"], text=s["text"], order=s_order)
            for s_order, s in enumerate(theme_data["statements"])
        ]
    Statement.objects.bulk_create(statements)
    record(
        actor=actor,
        action="zelfscan.questionnaire_imported",
        obj=questionnaire,
        changes={
            "version": questionnaire.version,
            "title": questionnaire.title,
            "themes": len(data["themes"]),
            "statements": len(statements),
        },
    )
    return questionnaire


@transaction.atomic
def questionnaire_activate(*, questionnaire: Questionnaire, actor: User) -> Questionnaire:
    """New rounds use this version from now on; existing rounds keep the version they were opened on."""
    _ensure_platform_admin(actor)
    # Lock every version row so two activations at once cannot both win (the unique constraint would
    # reject the loser anyway, but with a database error instead of a clear message).
    versions = list(Questionnaire.objects.select_for_update().order_by("pk"))
    target = next(q for q in versions if q.pk == questionnaire.pk)
    if target.is_active:
        raise ValidationError(str(QUESTIONNAIRE_ALREADY_ACTIVE).format(version=target.version))
    previous = next((q for q in versions if q.is_active), None)
    # Switch the old one off first: the partial unique index allows one active row at any moment.
    Questionnaire.objects.filter(is_active=True).update(is_active=False)
    target.is_active = True
    target.save(update_fields=["is_active", "updated_at"])
    record(
        actor=actor,
        action="zelfscan.questionnaire_activated",
        obj=target,
        changes={"active_version": [previous.version if previous else None, target.version]},
    )
    questionnaire.is_active = True
    return target
