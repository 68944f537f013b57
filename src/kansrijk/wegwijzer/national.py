"""The national fallback of the Wegwijzer: helplines that exist everywhere in the Netherlands, and the
first step (huisarts, verloskundige, consultatiebureau) that every parent has.

Shown where a coalition records no public offer for a theme, and as the whole page where no confirmed
coalition covers the municipality. Only real national organisations, each with the public page we took
its contact from (`source`); never an invented provider. Texts are B1 Dutch (tests/wegwijzer check it).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kansrijk.areas.models import Phase
from kansrijk.interventions.models import Need


@dataclass(frozen=True)
class Helpline:
    key: str
    name: str
    what: Promise
    phone: str
    website: str
    source: str  # the public page the name and number come from

    def as_dict(self) -> dict[str, str]:
        return {
            "naam": self.name,
            "wat": str(self.what),
            "telefoon": self.phone,
            "website": self.website,
            "bron": self.source,
        }


HELPLINES: dict[str, Helpline] = {
    h.key: h
    for h in (
        Helpline(
            "geldfit",
            "Geldfit",
            _("Gratis hulp bij geldzorgen. U kunt ook online een test doen."),
            "0800-8115",
            "https://www.geldfit.nl",
            "https://www.geldfit.nl",
        ),
        Helpline(
            "veilig-thuis",
            "Veilig Thuis",
            _("Advies en hulp bij geweld thuis. Dag en nacht. Het gesprek is gratis."),
            "0800-2000",
            "https://veiligthuis.nl",
            "https://veiligthuis.nl",
        ),
        Helpline(
            "fier",
            "Fier",
            _("Hulp bij geweld in een relatie. U kunt ook chatten."),
            "",
            "https://www.fier.nl",
            "https://www.fier.nl",
        ),
        Helpline(
            "113",
            "113 Zelfmoordpreventie",
            _("Denkt u aan zelfmoord? Praat erover. Dag en nacht. Gratis."),
            "0800-0113",
            "https://www.113.nl",
            "https://www.113.nl",
        ),
        Helpline(
            "luisterlijn",
            "De Luisterlijn",
            _("Iemand die naar u luistert. Dag en nacht."),
            "088-0767000",
            "https://www.deluisterlijn.nl",
            "https://www.deluisterlijn.nl",
        ),
        Helpline(
            "ikstopnu",
            "Ikstopnu",
            _("Gratis hulp bij stoppen met roken."),
            "0800-1995",
            "https://www.ikstopnu.nl",
            "https://www.ikstopnu.nl",
        ),
        Helpline(
            "rookvrije-ouders",
            "Rookvrije Ouders",
            _("Tips om te stoppen met roken. Voor u en uw partner."),
            "",
            "https://www.rookvrijeouders.nl",
            "https://www.rookvrijeouders.nl",
        ),
        Helpline(
            "siriz",
            "Siriz",
            _("Hulp als u zwanger bent en dat niet wilde. U beslist zelf."),
            "",
            "https://www.siriz.nl",
            "https://www.siriz.nl",
        ),
        Helpline(
            "thuisarts",
            "Thuisarts.nl",
            _("Goede informatie over uw gezondheid. Van huisartsen."),
            "",
            "https://www.thuisarts.nl",
            "https://www.thuisarts.nl",
        ),
        Helpline(
            "opvoeden",
            "Opvoeden.nl",
            _("Antwoord op vragen over uw kind en opvoeden."),
            "",
            "https://www.opvoeden.nl",
            "https://www.opvoeden.nl",
        ),
        Helpline(
            "lezen-schrijven",
            "Stichting Lezen & Schrijven",
            _("Hulp om beter te leren lezen en schrijven."),
            "",
            "https://www.lezenenschrijven.nl",
            "https://www.lezenenschrijven.nl",
        ),
    )
}

# Per theme: the national helplines, in the order shown. A theme without one still has the first step.
NEED_HELPLINES: dict[str, tuple[str, ...]] = {
    Need.FINANCIEN: ("geldfit",),
    Need.HUISVESTING: (),
    Need.PSYCHISCH: ("113", "luisterlijn"),
    Need.VERSLAVING: ("thuisarts",),
    Need.ROKEN: ("ikstopnu", "rookvrije-ouders"),
    Need.HUISELIJK_GEWELD: ("veilig-thuis", "fier"),
    Need.LAAGGELETTERDHEID: ("lezen-schrijven",),
    Need.SOCIAAL_NETWERK: ("luisterlijn",),
    Need.ONBEDOELDE_ZWANGERSCHAP: ("siriz",),
    Need.OUDERSCHAP: ("opvoeden",),
    Need.LVB: (),
    Need.GEZONDHEID: ("thuisarts",),
}

# The first step in each phase: the professional every parent has. Roles, never a named provider.
FIRST_STEPS: dict[str, Promise] = {
    Phase.PRECONCEPTIE: _("Wilt u zwanger worden? Ga naar uw huisarts."),
    Phase.ZWANGERSCHAP: _("Bent u zwanger? Ga naar een verloskundige. Of naar uw huisarts."),
    Phase.GEBOORTE: _("Rond de geboorte helpen de verloskundige en de kraamzorg u."),
    Phase.NA_GEBOORTE: _("Na de geboorte gaat u naar het consultatiebureau. Daar werkt de JGZ."),
}

FIRST_STEP_THEME = _("Begin bij uw huisarts, verloskundige of consultatiebureau. Zij helpen u verder.")
EMERGENCY = _("Is er direct gevaar? Bel dan 112.")


def helplines_for(need: str) -> list[dict[str, str]]:
    return [HELPLINES[key].as_dict() for key in NEED_HELPLINES.get(need, ())]
