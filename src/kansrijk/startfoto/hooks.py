"""The startfoto's door for duidingen: the coalition layer registers who may write them and which are public.

A duiding is written by a coalition, but the startfoto is the area layer and may not import the coalition
layer (import contracts, pyproject.toml). So the coalition layer registers a `DuidingProvider` in its
`AppConfig.ready()`; the startfoto asks it. Without a provider (coalitions not installed) nobody may write
a duiding and none is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from kansrijk.areas.models import Area
from kansrijk.startfoto.models import Duiding


@dataclass(frozen=True)
class DuidingProvider:
    # The coalitions in whose name `user` may write a duiding on `municipality`'s startfoto, by name.
    writable_coalitions: Callable[[AbstractBaseUser | AnonymousUser, Area], QuerySet[Any]]
    # The coalitions whose duidingen anyone may read (the confirmed ones).
    public_coalitions: Callable[[], QuerySet[Any]]
    # How the author is shown to the public: organisation and role, never an e-mail address.
    author_label: Callable[[AbstractBaseUser], str]


def _no_coalitions(*_args: object) -> QuerySet[Any]:
    coalition_model = Duiding._meta.get_field("coalition").related_model
    return coalition_model._default_manager.none()  # type: ignore[union-attr]


_NONE = DuidingProvider(
    writable_coalitions=_no_coalitions, public_coalitions=_no_coalitions, author_label=lambda _user: ""
)
_provider: DuidingProvider = _NONE


def register_duiding_provider(provider: DuidingProvider) -> None:
    """Called once, by the coalition layer's AppConfig.ready()."""
    global _provider
    _provider = provider


def duiding_provider() -> DuidingProvider:
    return _provider
