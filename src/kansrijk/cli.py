"""The `kansrijk` console script: the user-facing management commands, one word each.

`kansrijk --help` lists them with their one-line description; `kansrijk NAME --help` shows the details.
Everything else stays available through `python -m django` / manage.py for developers.
"""

from __future__ import annotations

import os
import sys

# Management command name per user-facing word. Add new commands here to expose them.
COMMANDS: dict[str, str] = {
    "data": "data",
    "startfoto": "startfoto",
    "atlas": "atlas",
    "coalitie": "coalitie",
    "herinneringen": "coalitie_herinneringen",
    "zelfscan-peiling": "zelfscan_peiling",
    "balans": "balans",
    "klantroutes": "klantroutes",
    "menukaart": "menukaart",
    "wegwijzer": "wegwijzer",
    "monitor": "monitor",
    "demo": "demo",
    "auditlog": "auditlog",
    "retentie": "retentie",
    "seed-scale": "seed_scale",
    "setup": "setup",
    "serve": "runserver",
    "migrate": "migrate",
    "createsuperuser": "createsuperuser",
}


def _describe() -> str:
    from django.core.management import get_commands, load_command_class

    known = get_commands()
    lines = ["Gebruik: kansrijk OPDRACHT [opties]", "", "Opdrachten:"]
    for word, name in COMMANDS.items():
        app = known.get(name)
        if app is None:
            continue
        help_text = (load_command_class(app, name).help or "").strip().splitlines()
        lines.append(f"  {word:<16} {help_text[0] if help_text else ''}")
    lines += ["", "Meer over een opdracht: kansrijk OPDRACHT --help"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansrijk.settings")
    import django

    django.setup()
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_describe())
        return 0
    word = args[0]
    if word not in COMMANDS:
        print(f"Onbekende opdracht: {word}. Zie `kansrijk --help`.", file=sys.stderr)
        return 2
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["kansrijk", COMMANDS[word], *args[1:]])
    except SystemExit as exc:  # argparse and CommandError exit through here
        return int(exc.code or 0) if isinstance(exc.code, int) else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
