"""Sections that apps above submissions add to a submission's page (validation's runs and Submit buttons, ...).

submissions sits below those apps and never imports them. They register a panel here from their
``AppConfig.ready`` and the page shows every registered panel in order. A registry rather than a signal: the
page needs HTML back from each, in a stable order, and a panel that fails should fail the page loudly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from submissions.models import Submission


@dataclass(frozen=True)
class PanelContext:
    request: HttpRequest
    submission: Submission
    can_write: bool
    # can_write and the submission is a draft or needs fixes
    editable: bool


# A panel renders its own template (autoescaped) and returns the HTML.
Panel = Callable[[PanelContext], str]

_panels: list[Panel] = []


def panel_register(panel: Panel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def panels_render(context: PanelContext) -> list[SafeString]:
    # Each panel's HTML comes from a Django template, which escaped what it shows.
    return [mark_safe(panel(context)) for panel in _panels]
