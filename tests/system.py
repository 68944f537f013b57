"""The named system actor for test set-up (fixtures create data as the system, never as "nobody")."""

from kansrijk.audit.actors import SystemActor

TESTS = SystemActor("tests")
