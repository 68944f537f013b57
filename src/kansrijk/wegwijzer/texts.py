"""Every text the Wegwijzer writes itself, in B1 Dutch: theme titles and explanations, the page's fixed
sentences. Kept in one place so tests/wegwijzer can check each against the B1 rule (average sentence at
most 12 words, at most 15 % of words with four or more syllables). Content a coalition writes (an
offer's description, a route step) is theirs; the offer form asks for B1.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kansrijk.interventions.models import Need

# Per theme: the title a parent recognises, and one or two short sentences.
THEMES: dict[str, tuple[Promise, Promise]] = {
    Need.FINANCIEN: (
        _("Geldzorgen"),
        _("Hebt u zorgen over geld of schulden? Er is hulp. U bent niet de enige."),
    ),
    Need.HUISVESTING: (_("Wonen"), _("Hebt u geen goed huis? Of moet u uit uw huis? Vraag op tijd hulp.")),
    Need.PSYCHISCH: (
        _("Stress en somber zijn"),
        _("Voelt u zich vaak somber, bang of druk? Praat erover. Dat helpt."),
    ),
    Need.VERSLAVING: (
        _("Alcohol en drugs"),
        _(
            "Drinkt u alcohol of gebruikt u drugs? Stoppen is beter voor u en uw kind. U hoeft het niet alleen te doen."
        ),
    ),
    Need.ROKEN: (_("Roken"), _("Stoppen met roken is goed voor u en uw kind. Met hulp lukt het vaker.")),
    Need.HUISELIJK_GEWELD: (
        _("Geweld thuis"),
        _("Bent u thuis niet veilig? Bel dan. U mag anoniem blijven."),
    ),
    Need.LAAGGELETTERDHEID: (
        _("Lezen en taal"),
        _("Vindt u lezen of schrijven moeilijk? U kunt het nog leren."),
    ),
    Need.SOCIAAL_NETWERK: (
        _("Steun van anderen"),
        _("Hebt u weinig mensen om u heen? Er zijn mensen die met u meedenken."),
    ),
    Need.ONBEDOELDE_ZWANGERSCHAP: (
        _("Zwanger, maar niet gepland"),
        _("Bent u zwanger en twijfelt u? Praat met iemand. U beslist zelf."),
    ),
    Need.OUDERSCHAP: (_("Ouder worden"), _("Hebt u vragen over uw baby of over opvoeden? Stel ze gerust.")),
    Need.LVB: (
        _("Moeite met leren of begrijpen"),
        _("Is veel uitleg moeilijk voor u? Vraag om makkelijke woorden."),
    ),
    Need.GEZONDHEID: (
        _("Gezond zwanger"),
        _("Wilt u zwanger worden of bent u zwanger? Zorg goed voor uzelf."),
    ),
}

TITLE = _("Wegwijzer gezond zwanger worden")
INTRO = _("Hier staat waar u hulp krijgt. Bij zwanger worden, zwanger zijn en de eerste jaren met uw kind.")
SEARCH_HELP = _("Typ uw postcode of de naam van uw gemeente.")
SEARCH_LABEL = _("Postcode of gemeente")
LOCAL = _("Deze hulp is er in uw gemeente. Organisaties hebben zelf gezegd dat het mag.")
NATIONAL = _("Voor uw gemeente hebben we nog geen lokale hulp. Hieronder staat hulp voor heel Nederland.")
ONLY_NATIONAL = _("Hier is nog geen hulp in uw gemeente bekend. Deze hulp is er in heel Nederland.")
PHASES_INTRO = _("Per fase: wie kunt u eerst vragen?")
THEMES_INTRO = _("Per onderwerp: wie helpt u, en hoe?")
ROUTE_INTRO = _("Zo werkt de hulp hier, stap voor stap.")
NO_TRACKING = _("Deze pagina gebruikt geen cookies. We volgen u niet.")
DEMO = _("DEMO. Dit zijn verzonnen voorbeeldgegevens.")
PRINT_HINT = _("Druk deze pagina af. Of geef de PDF mee.")
REFERRAL_YES = _("U hebt een verwijzing nodig. Vraag die aan uw huisarts of verloskundige.")
REFERRAL_NO = _("U hebt geen verwijzing nodig. U kunt zelf bellen.")
REFERRAL_UNKNOWN = _("Vraag of u een verwijzing nodig hebt.")
COST_TEXTS: dict[str, Promise] = {
    "gratis": _("Het is gratis."),
    "eigen_bijdrage": _("U betaalt zelf een deel."),
    "zorgverzekering": _("Uw zorgverzekering betaalt het."),
    "onbekend": _("Vraag wat het kost."),
}

# Every sentence above, for the readability test.
ALL_TEXTS: tuple[Promise, ...] = (
    *(text for pair in THEMES.values() for text in pair),
    TITLE,
    INTRO,
    SEARCH_HELP,
    LOCAL,
    NATIONAL,
    ONLY_NATIONAL,
    PHASES_INTRO,
    THEMES_INTRO,
    ROUTE_INTRO,
    NO_TRACKING,
    DEMO,
    PRINT_HINT,
    REFERRAL_YES,
    REFERRAL_NO,
    REFERRAL_UNKNOWN,
    *COST_TEXTS.values(),
)
