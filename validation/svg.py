"""The report's picture as SVG: one track per sequence, its features as ticks, its findings as marks.

Server-side and plain (no script), so the report works without JavaScript and a screenshot shows it. Each mark
links to the finding's line in context.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode

WIDTH = 1000
LABEL = 160
TRACK = 34
COLOURS = {"REJECT": "#7a0019", "ERROR": "#b3261e", "WARNING": "#c77700", "INFO": "#4a78a8"}
FEATURE_COLOURS = {"gene": "#9fb7cf", "mRNA": "#7fa7c9", "CDS": "#2f6f9f"}


def overview_svg(overview: dict[str, Any], context_url: str) -> str:
    """``context_url`` is the context page's URL; marks add ``?file=...&line=...`` to it."""
    sequences = overview.get("sequences") or []
    if not sequences:
        return ""
    longest = max(int(s["length"]) for s in sequences) or 1
    scale = (WIDTH - LABEL - 20) / longest
    height = TRACK * len(sequences) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="overview" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="Sequences, features and findings">'
    ]
    for row, seq in enumerate(sequences):
        y = 10 + row * TRACK
        length = int(seq["length"])
        out.append(
            f'<text x="0" y="{y + 14}" font-size="11">{escape(str(seq["id"]))[:24]}</text>'
            f'<text x="0" y="{y + 26}" font-size="9" fill="#5b6b7b">{length:,} bp</text>'
            f'<rect x="{LABEL}" y="{y + 12}" width="{max(1.0, length * scale):.1f}" height="4" fill="#c9d3dd"/>'
        )
        for start, end, key in seq.get("features", []):
            x = LABEL + int(start) * scale
            w = max(0.6, (int(end) - int(start) + 1) * scale)
            colour = FEATURE_COLOURS.get(str(key), "#8a9aab")
            out.append(
                f'<rect x="{x:.1f}" y="{y + 8}" width="{w:.1f}" height="12" fill="{colour}" opacity=".7"/>'
            )
        for start, end, severity, code, file, line in seq.get("problems", []):
            whole = int(start) == 0
            x = LABEL - 8 if whole else LABEL + int(start) * scale
            w = 6.0 if whole else max(2.0, (int(end) - int(start) + 1) * scale)
            colour = COLOURS.get(str(severity), "#333")
            where = "the whole sequence" if whole else f"{start:,}..{end:,}"
            title = escape(f"{severity} {code} ({where}) — {file}:{line}")
            href = escape(f"{context_url}?{urlencode({'file': file, 'line': line})}") if line else "#"
            out.append(
                f'<a href="{href}" class="mark"><title>{title}</title>'
                f'<rect x="{x:.1f}" y="{y + 22}" width="{w:.1f}" height="8" fill="{colour}"/></a>'
            )
    more = int(overview.get("more") or 0)
    legend_y = 10 + len(sequences) * TRACK + 12
    legend = " · ".join(f'<tspan fill="{c}">■ {s}</tspan>' for s, c in COLOURS.items())
    extra = f" · {more} shorter sequences not drawn" if more else ""
    out.append(
        f'<text x="{LABEL}" y="{legend_y}" font-size="10">features above the line; findings below: {legend}{extra}</text>'
    )
    out.append("</svg>")
    return "".join(out)
