"""The .sqn from GFF3 input carries the same features as from the equivalent .tbl (issue 6's last criterion).

atub-scaf1-predict ships funannotate's ``.tbl`` and GFF3 of the same gene models. Each is read alone beside the
FASTA (GFF3's missing start/stop codons marked partial as the pipeline does when a sequence streams by), the
entries are assembled, and every Seq-feat (nucleotide and protein) is reduced to its kind and location; the two
multisets must be equal.
"""

from __future__ import annotations

from collections import Counter

import pytest

from gbprep.assemble import assemble_entry
from gbprep.assemble.entry import record_features
from gbprep.gff import infer_codon_partials
from gbprep.job.inputs import read_side_files, sequences
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Report
from gbprep.model.records import AsnNode
from gbprep.model.seqids import seq_id_keys
from gbprep.readers.textio import DEFAULT_LIMITS
from tests.engine.sqn_cases import options_for
from tests.shared_data import CORPUS, requires_corpus

CASE = CORPUS / "atub-scaf1-predict"
_LOCATION_FIELDS = frozenset({"from", "to", "point", "strand", "fuzz-from", "fuzz-to"})

FeatureKey = tuple[str, tuple[tuple[str, object], ...]]


def _kind(feat: AsnNode) -> str:
    data = feat.child("data")
    value = data.children[0] if data is not None and data.children else None
    if value is None:
        return "?"
    if value.name == "rna":
        rna_type = value.child("type")
        return f"rna:{rna_type.value if rna_type is not None else '?'}"
    if value.name == "imp":
        key = value.child("key")
        return f"imp:{key.value if key is not None else '?'}"
    return str(value.name)


def _location(feat: AsnNode) -> tuple[tuple[str, object], ...]:
    loc = feat.child("location")
    if loc is None:
        return ()
    out: list[tuple[str, object]] = []
    for node in loc.walk():
        if node.name in _LOCATION_FIELDS:
            # fuzz-from / fuzz-to are CHOICEs: the mark is the 'lim' value below them.
            out.append((str(node.name), node.children[0].value if node.children else node.value))
    return tuple(out)


def _assembled_features(source: str) -> tuple[Counter[FeatureKey], int]:
    """Kind and location of every Seq-feat assembled from the FASTA plus ``source`` ('table' or 'gff3')."""
    files = [InputFile(p, p.name) for p in sorted((CASE / "input").iterdir()) if p.is_file()]
    files = [f for f in files if f.kind in ("fasta", "template", source)]
    assert any(f.kind == source for f in files), f"{CASE}: no {source} input"
    report = Report()
    bundle = read_side_files(files, report, DEFAULT_LIMITS)
    options = options_for(CASE)
    by_key = bundle.features_by_key()
    found: Counter[FeatureKey] = Counter()
    records = 0
    for _item, record in sequences(bundle, report, DEFAULT_LIMITS):
        records += 1
        tables = {id(t): t for key in seq_id_keys(record.seq_id) for t in by_key.get(key, ())}
        infer_codon_partials(tables.values(), record)  # a no-op on .tbl tables
        features, ordered = record_features(bundle, record)
        entry = assemble_entry(record, features, bundle, options, ordered=ordered)
        for node in entry.walk():
            if node.name == "ftable":
                found.update((_kind(f), _location(f)) for f in node.children)
    assert records, f"{CASE}: no sequence read"
    return found, records


@requires_corpus
@pytest.mark.skipif(not (CASE / "input").is_dir(), reason=f"{CASE} is not in the corpus")
def test_gff3_gives_the_sqn_the_same_features_as_the_tbl() -> None:
    from_tbl, _ = _assembled_features("table")
    from_gff, _ = _assembled_features("gff3")
    kinds = Counter(kind for kind, _ in from_tbl.elements())
    print(
        f"\natub-scaf1-predict: {sum(from_tbl.values())} Seq-feats from .tbl, {sum(from_gff.values())} from GFF3"
    )
    print("  by kind:", dict(sorted(kinds.items())))
    only_tbl = from_tbl - from_gff
    only_gff = from_gff - from_tbl
    print(f"  only from .tbl: {sum(only_tbl.values())}; only from GFF3: {sum(only_gff.values())}")
    assert kinds["cdregion"] > 100 and kinds["gene"] > 100
    assert not only_tbl and not only_gff, (list(only_tbl.items())[:3], list(only_gff.items())[:3])
