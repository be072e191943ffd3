"""Shrink a submission that shows a difference to the smallest one still showing it: fewest records, then
feature groups (a gene with its mRNA and CDS), features, qualifiers and defline modifiers, side files and
the template's publication. Greedy: each removal is kept when the same ``Difference`` is still found.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from devtools.diffgen.compare import Difference, compare, val_counts
from devtools.diffgen.model import Submission
from devtools.diffgen.oracle import run_ours, run_tbl2asn
from devtools.diffgen.writer import write

_FULL = ("asnval", "gbf-oracle", "gbf-self")


def shows(sub: Submission, target: Difference, folder: Path) -> bool:
    """Whether ``sub`` still shows ``target``. Kind ``oracle`` ("SEVERITY CODE") asks only that tbl2asn report
    that code: how a regression case is cut down once the difference it showed has been fixed."""
    shutil.rmtree(folder, ignore_errors=True)
    write(sub, folder)
    if target.kind == "oracle":
        found, _ = val_counts(run_tbl2asn(folder), ours=False)
        return any(f"{sev.name} {code}" == target.key for sev, code in found)
    result = compare(sub.base, run_tbl2asn(folder), run_ours(folder), full=target.kind in _FULL)
    return target in result.differences


def _pop_record(s: Submission, i: int) -> None:
    s.records.pop(i)


def _drop_group(s: Submission, r: int, g: int) -> None:
    s.records[r].features = [f for f in s.records[r].features if f.group != g]


def _pop_feature(s: Submission, r: int, i: int) -> None:
    s.records[r].features.pop(i)


def _pop_qual(s: Submission, r: int, i: int, q: int) -> None:
    s.records[r].features[i].quals.pop(q)


def _pop_mod(s: Submission, r: int, m: int) -> None:
    s.records[r].mods.pop(m)


def _no_title(s: Submission, r: int) -> None:
    s.records[r].title = ""


def _no_side(s: Submission, name: str) -> None:
    setattr(s, name, [])


def _no_pub(s: Submission) -> None:
    s.template = "nopub"


def _drop_flag(s: Submission, flag: str) -> None:
    i = s.flags.index(flag)
    del s.flags[i : i + 2]


def _candidates(sub: Submission) -> Iterator[Callable[[Submission], None]]:
    if len(sub.records) > 1:
        for i in range(len(sub.records)):
            yield partial(_pop_record, i=i)
    for r, record in enumerate(sub.records):
        for group in sorted({f.group for f in record.features}, reverse=True):
            yield partial(_drop_group, r=r, g=group)
    for r, record in enumerate(sub.records):
        for i in reversed(range(len(record.features))):
            yield partial(_pop_feature, r=r, i=i)
    for r, record in enumerate(sub.records):
        for i, feature in enumerate(record.features):
            for q in reversed(range(len(feature.quals))):
                yield partial(_pop_qual, r=r, i=i, q=q)
        for m in reversed(range(len(record.mods))):
            yield partial(_pop_mod, r=r, m=m)
        if record.title:
            yield partial(_no_title, r=r)
    for name in ("src", "cmt", "pep"):
        if getattr(sub, name):
            yield partial(_no_side, name=name)
    if sub.template != "nopub":
        yield _no_pub
    for flag in ("-y", "-X", "-M"):
        if flag in sub.flags:
            yield partial(_drop_flag, flag=flag)


def shrink(sub: Submission, target: Difference, folder: Path, budget: int = 120) -> Submission:
    """The smallest submission found (within ``budget`` tool runs) that still shows ``target``."""
    best = sub.clone()
    tries = 0
    changed = True
    while changed and tries < budget:
        changed = False
        for edit in list(_candidates(best)):
            if tries >= budget:
                break
            trial = best.clone()
            try:
                edit(trial)
            except IndexError:
                continue
            tries += 1
            if shows(trial, target, folder):
                best = trial
                changed = True
                break
    shutil.rmtree(folder, ignore_errors=True)
    return best
