"""Checks that apps above validation add to every validation run (accessions: a genome update's proteins
must carry the accessions they have in the released genome).

validation sits below those apps and never imports them. They register a check here from their
``AppConfig.ready``; the run calls every registered check after the engine, with the same files the engine
read, and stores what they return as the run's findings (counted, filtered, waived and blocking like the
engine's own). A registry rather than a signal: the run needs findings back from each, and a check that
fails should fail the run loudly, not vanish.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Finding
from submissions.models import Submission

# A check reads the run's files (local paths, as the engine got them) and returns findings; most return []
# at once for submissions they do not concern.
RunCheck = Callable[[Submission, Sequence[InputFile]], list[Finding]]

_checks: list[RunCheck] = []


def run_check_register(check: RunCheck) -> None:
    if check not in _checks:
        _checks.append(check)


def run_checks_apply(submission: Submission, inputs: Sequence[InputFile]) -> list[Finding]:
    found: list[Finding] = []
    for check in _checks:
        found.extend(check(submission, inputs))
    return found
