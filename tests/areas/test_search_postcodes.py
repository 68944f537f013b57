"""The postcode table behind search by postcode: loaded with the open data, idempotent, and a postcode
file that cannot be mapped to today's municipalities is refused with nothing written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.areas.helpers import broken_copy, db_state, replace_cell

from kansrijk.areas.mergers import MERGERS, current_code
from kansrijk.areas.models import Area, AreaLevel, PostcodeArea

pytestmark = pytest.mark.django_db

POSTCODE = "postcode/pc_gemeente_ggd_2021.csv"
LINE_1012 = 892  # 1012,…,"Amsterdam","Amsterdam",… (header = line 1)


def postcode_rows() -> list[tuple[str, str, str, str]]:
    return list(
        PostcodeArea.objects.order_by("postcode").values_list(
            "postcode", "municipality__code", "place", "source_municipality"
        )
    )


def _cell(column: str, value: str) -> Callable[[bytes], bytes]:
    # The postcode file quotes its header ("postcode",…): unquote it for `replace_cell`.
    def change(content: bytes) -> bytes:
        head, rest = content.split(b"\n", 1)
        return replace_cell(
            head.replace(b'"', b"") + b"\n" + rest, line=LINE_1012, column=column, value=value
        )

    return change


def test_load_twice_gives_the_same_postcodes() -> None:
    before = postcode_rows()
    assert ("1012", "GM0363", "Amsterdam", "Amsterdam") in before
    call_command("data", "load", verbosity=0)
    assert postcode_rows() == before


def test_every_merger_leads_to_a_current_municipality() -> None:
    current = set(
        Area.objects.filter(level=AreaLevel.MUNICIPALITY, current=True).values_list("code", flat=True)
    )
    for code in MERGERS:
        assert code not in current
        assert current_code(code, current) in current
    assert current_code("GM0003", current) is None  # Appingedam (2021): before the postcode table


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("gemeente", '"Atlantis"', "kolom gemeente: gemeente 'Atlantis' is onbekend"),
        (
            "gemeente",
            '"Appingedam"',
            "kolom gemeente: gemeente 'Appingedam' (GM0003) is opgeheven en de opvolger is onbekend",
        ),
        ("postcode", "1O12", "kolom postcode: '1O12' is geen postcode van vier cijfers"),
    ],
    ids=["unknown", "dissolved-without-successor", "letter-o"],
)
def test_unmappable_postcode_file_is_refused_and_nothing_changes(
    data_dir: Path, tmp_path: Path, column: str, value: str, message: str
) -> None:
    broken = broken_copy(data_dir, tmp_path, POSTCODE, _cell(column, value))
    before, postcodes = db_state(), postcode_rows()
    with pytest.raises(CommandError) as caught:
        call_command("data", "load", "--data-dir", str(broken), verbosity=0)
    assert str(caught.value) == f"Niets geladen. pc_gemeente_ggd_2021.csv, regel {LINE_1012}, {message}"
    assert db_state() == before and postcode_rows() == postcodes
