"""The graphic view: an SVG of one window of a record (genes, mRNAs, CDSs, RNAs, gaps), drawn from
``RecordFeature`` rows found by position, so a megabase record is never read whole for a picture."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape

from records.models import PublicRecord, RecordFeature

WIDTH = 1000
LANE = 14
MAX_FEATURES = 1500
TRACKS = (
    ("gene", "Genes", "#2e7d32"),
    ("mRNA", "mRNAs", "#1565c0"),
    ("CDS", "CDS", "#ef6c00"),
    ("RNA", "Other RNAs", "#6a1b9a"),
    ("gap", "Gaps", "#9e9e9e"),
)
TRACK_OF = {"gene": "gene", "mRNA": "mRNA", "CDS": "CDS", "assembly_gap": "gap", "gap": "gap"}


def window(record: PublicRecord, start: int | None, end: int | None) -> tuple[int, int]:
    length = max(1, record.length)
    lo = max(1, start or 1)
    hi = min(length, end or length)
    if hi < lo:
        lo, hi = 1, length
    if hi - lo < 50:  # the deepest zoom: 50 bases across
        mid = (lo + hi) // 2
        lo, hi = max(1, mid - 25), min(length, max(mid - 25, 1) + 50)
    return lo, hi


def _ticks(lo: int, hi: int) -> list[int]:
    span = hi - lo + 1
    step = 1
    while span / step > 10:
        for factor in (2, 5, 10):
            if span / (step * factor) <= 10:
                step *= factor
                break
        else:
            step *= 10
    first = ((lo + step - 1) // step) * step
    return list(range(first, hi + 1, step))


def record_svg(record: PublicRecord, start: int | None = None, end: int | None = None) -> str:
    lo, hi = window(record, start, end)
    scale = WIDTH / (hi - lo + 1)

    def x(pos: int) -> float:
        return round((min(max(pos, lo), hi + 1) - lo) * scale, 1)

    features = list(
        RecordFeature.objects.filter(record=record, start__lte=hi, end__gte=lo)
        .order_by("start")
        .values_list("kind", "start", "end", "strand", "parts", "label", "locus_tag", "target")[
            : MAX_FEATURES + 1
        ]
    )
    dense = len(features) > MAX_FEATURES
    out: list[str] = []
    y = 30
    out.append(
        f'<text x="0" y="12" class="title">{escape(record.accession_version)}: {lo:,}..{hi:,} '
        f"({hi - lo + 1:,} of {record.length:,} bp)</text>"
    )
    out.append(f'<line x1="0" y1="{y}" x2="{WIDTH}" y2="{y}" stroke="#333"/>')
    for tick in _ticks(lo, hi):
        out.append(f'<line x1="{x(tick)}" y1="{y - 4}" x2="{x(tick)}" y2="{y + 4}" stroke="#333"/>')
        out.append(f'<text x="{x(tick)}" y="{y + 16}" class="tick">{tick:,}</text>')
    y += 30
    for track, title, color in TRACKS:
        items = [f for f in features if TRACK_OF.get(f[0], "RNA" if f[0].endswith("RNA") else "") == track]
        if not items:
            continue
        out.append(f'<text x="0" y="{y + 10}" class="track">{title}</text>')
        y += 14
        if dense:
            buckets = [0] * 200
            for f in items:
                for b in range(int(x(f[1]) / 5), min(199, int(x(f[2]) / 5)) + 1):
                    buckets[b] += 1
            top = max(buckets) or 1
            for b, count in enumerate(buckets):
                if count:
                    h = max(1, round(20 * count / top))
                    out.append(f'<rect x="{b * 5}" y="{y + 20 - h}" width="5" height="{h}" fill="{color}"/>')
            y += 28
            continue
        lanes: list[float] = []
        for kind, fstart, fend, strand, parts, label, locus_tag, target in items:
            x0, x1 = x(fstart), x(fend + 1)
            lane = next((i for i, edge in enumerate(lanes) if edge < x0 - 2), len(lanes))
            if lane == len(lanes):
                lanes.append(x1)
            else:
                lanes[lane] = x1
            top = y + lane * LANE
            name = " ".join(p for p in (kind, locus_tag, label) if p)
            where = f"{fstart:,}..{fend:,}" + (" (-)" if strand < 0 else "")
            shape = [f"<title>{escape(name)} {where}</title>"]
            shape.append(f'<line x1="{x0}" y1="{top + 5}" x2="{x1}" y2="{top + 5}" stroke="{color}"/>')
            for p0, p1 in parts or [[fstart, fend]]:
                if p1 < lo or p0 > hi:
                    continue
                shape.append(
                    f'<rect x="{x(p0)}" y="{top}" width="{max(1.0, x(p1 + 1) - x(p0))}" height="10" fill="{color}"/>'
                )
            arrow = x1 if strand >= 0 else x0
            tip = 4 if strand >= 0 else -4
            shape.append(f'<path d="M{arrow},{top} l{tip},5 l{-tip},5" fill="none" stroke="{color}"/>')
            if x1 - x0 > 60 and (locus_tag or label):
                shape.append(
                    f'<text x="{x0 + 2}" y="{top + 9}" class="label">{escape((locus_tag or label)[:30])}</text>'
                )
            body = "".join(shape)
            if target and kind in ("CDS", "mRNA"):
                body = f'<a href="{reverse("records:detail", args=[target])}">{body}</a>'
            out.append(f'<g class="feature {kind}">{body}</g>')
        y += max(1, len(lanes)) * LANE + 8
    if not features:
        out.append(f'<text x="0" y="{y + 10}" class="track">No annotated feature in this window.</text>')
        y += 20
    height = y + 10
    style = (
        "<style>text{font:11px sans-serif;fill:#333}.title{font-weight:bold}.tick{text-anchor:middle}"
        ".track{fill:#555;font-weight:bold}.label{fill:#fff;font-size:9px}</style>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="-5 0 {WIDTH + 10} {height}" data-from="{lo}" data-to="{hi}" data-length="{record.length}" '
        f'role="img" aria-label="{escape(record.accession_version)} graphic">{style}{"".join(out)}</svg>'
    )
