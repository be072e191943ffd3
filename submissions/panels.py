"""Sections that apps above submissions add to a submission's pages (validation's runs and Submit buttons on
the submission's page, accessions' release requests on its release page, ...).

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

# The pages that show panels: the submission's page and its release page.
DETAIL = "detail"
RELEASE = "release"

_panels: dict[str, list[Panel]] = {DETAIL: [], RELEASE: []}


def panel_register(panel: Panel, page: str = DETAIL) -> None:
    registered = _panels[page]  # an unknown page fails at start-up, not as a silently missing section
    if panel not in registered:
        registered.append(panel)


def panels_render(context: PanelContext, page: str = DETAIL) -> list[SafeString]:
    # Each panel's HTML comes from a Django template, which escaped what it shows.
    return [mark_safe(panel(context)) for panel in _panels[page]]
