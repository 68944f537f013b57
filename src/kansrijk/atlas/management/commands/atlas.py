"""`kansrijk atlas`: the atlas estimate per municipality or for all wijken, and (re)fitting the model."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from kansrijk.accounts.models import User
from kansrijk.atlas.compute import DEFAULT_TARGET, TARGETS
from kansrijk.atlas.exports import csv_rows, csv_writer, geojson
from kansrijk.atlas.fit import ObservedFileError
from kansrijk.atlas.selectors import atlas_national, atlas_payload
from kansrijk.atlas.services import atlas_model_create_default, atlas_model_ensure, atlas_model_fit
from kansrijk.core.batch import report_failure, run_each

USAGE_ERROR = 2  # unknown municipality, missing option: the command line itself is wrong
FILE_ERROR = 1  # a bad observed file or no permission


class Command(BaseCommand):
    help = (
        "Atlas kwetsbaarheid (schatting): per gemeente (GM0599), alle wijken (--all), "
        "of het model schatten (fit --observed BESTAND.csv) / herberekenen (herbereken)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("doelwit", nargs="?", help="gemeentecode (GM0599), 'fit' of 'herbereken'")
        parser.add_argument("--format", choices=["json", "csv", "geojson"], default="json")
        parser.add_argument("--all", action="store_true", help="alle wijken van Nederland")
        parser.add_argument(
            "--observed", type=Path, help="CSV met wijkcode,jaar,geboorten,kwetsbaar (voor fit)"
        )
        parser.add_argument(
            "--als", help="e-mailadres van de beheerder/coördinator die fit of herbereken doet"
        )
        parser.add_argument(
            "--doel",
            choices=sorted(TARGETS),
            default=DEFAULT_TARGET,
            help="kalibratiedoel (standaard rivm2021: 7,2%%)",
        )

    def _fail(self, message: str, code: int) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(code)

    def handle(self, *args: Any, **opts: Any) -> None:
        word = (opts["doelwit"] or "").strip()
        if word in {"fit", "herbereken"}:
            self._model(word, opts)
        elif opts["all"]:
            self._all(opts["format"])
        elif word:
            self._one(word, opts["format"])
        else:
            self._fail("Geef een gemeentecode (bijv. GM0599), --all, 'fit' of 'herbereken'.", USAGE_ERROR)

    def _actor(self, email: str | None) -> User:
        user = User.objects.filter(email=(email or "").lower()).first()
        if user is None:
            self._fail(
                "Geef met --als het e-mailadres van een bestaande beheerder of coördinator.", USAGE_ERROR
            )
        return user

    def _model(self, word: str, opts: dict[str, Any]) -> None:
        actor = self._actor(opts["als"])
        try:
            if word == "fit":
                if opts["observed"] is None:
                    self._fail("fit heeft --observed BESTAND.csv nodig.", USAGE_ERROR)
                model = atlas_model_fit(actor=actor, path=opts["observed"], target_key=opts["doel"])
            else:
                from kansrijk.atlas.services import ensure_can_fit

                ensure_can_fit(actor)
                model = atlas_model_create_default(actor=actor, target_key=opts["doel"])
        except ObservedFileError as exc:
            for line in exc.errors:
                self.stderr.write(line)
            self._fail("Niets gewijzigd: verbeter het bestand en probeer opnieuw.", FILE_ERROR)
        except PermissionDenied as exc:
            self._fail(str(exc), FILE_ERROR)
        except ValueError as exc:
            self._fail(str(exc), USAGE_ERROR)
        s = model.summary
        self.stdout.write(
            f"Atlasmodel versie {model.version} ({model.kind}) opgeslagen: landelijk {s['aandeel'] * 100:.1f}% "
            f"(90%-interval {s['ondergrens'] * 100:.1f}–{s['bovengrens'] * 100:.1f}%), "
            f"kalibratie {model.calibration['doel']}."
        )

    def _one(self, code: str, fmt: str) -> None:
        payload = atlas_payload(model=atlas_model_ensure(), code=code)
        if payload is None:
            self._fail(f"Onbekende gemeentecode: {code} (verwacht bijv. GM0599).", USAGE_ERROR)
        self._write([payload], fmt)

    def _all(self, fmt: str) -> None:
        model = atlas_model_ensure()
        codes = [g.code for g in atlas_national(model=model)[1]]
        bar = tqdm(codes, desc="Gemeenten", unit="gemeente", file=sys.stderr, disable=None)
        # One municipality that fails must not stop the rest: report it, write the others, exit non-zero.
        payloads, failures = run_each(bar, lambda code: atlas_payload(model=model, code=code))
        self._write([p for p in payloads if p], fmt, many=True)
        for code, reason in failures:
            self.stderr.write(report_failure(code, reason))
        if failures:
            self._fail(f"{len(failures)} van {len(codes)} gemeente(n) mislukt; zie hierboven.", 1)

    def _write(self, payloads: list[dict[str, Any]], fmt: str, many: bool = False) -> None:
        if fmt == "csv":
            writer = csv_writer(self.stdout)
            for payload in payloads:
                writer.writerows(csv_rows(payload))
        elif fmt == "geojson":
            self.stdout.write(geojson(payloads))
        else:
            body = payloads if many else payloads[0]
            self.stdout.write(json.dumps(body, ensure_ascii=False, indent=2))
