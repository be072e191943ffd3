"""The BioSource as tbl2asn 25.3 builds it from defline, .src and -j modifiers (each case run through tbl2asn)."""

from __future__ import annotations

from gbprep.assemble.source import SourceInfo, biosource, source_info
from gbprep.model.asntree import descend
from gbprep.model.diagnostics import SourcePos
from gbprep.model.records import AsnNode, SourceModifier

DEFLINE = SourcePos("a.fsa", 1)
TABLE = SourcePos("a.src", 2)


def _source(*mods: tuple[str, str, SourcePos]) -> AsnNode:
    return biosource(source_info([SourceModifier(n, v, p) for n, v, p in mods], DEFLINE, None))


def _subsources(node: AsnNode) -> list[tuple[str, str]]:
    found = descend(node, "subtype")
    items = found.children if found is not None else []
    return [(str(descend(i, "subtype").value), str(descend(i, "name").value)) for i in items]  # type: ignore[union-attr]


def test_a_source_table_organism_is_not_looked_up() -> None:
    alone = _source(("organism", "Candida albicans", TABLE))
    assert descend(alone, "org", "taxname").value == "Candida albicans"  # type: ignore[union-attr]
    assert descend(alone, "org", "orgname", "lineage") is None
    renamed = _source(("organism", "Homo sapiens", DEFLINE), ("organism", "homo SAPIENS", TABLE))
    assert descend(renamed, "org", "taxname").value == "homo SAPIENS"  # type: ignore[union-attr]
    assert descend(renamed, "org", "common").value == "human"  # type: ignore[union-attr]
    assert descend(renamed, "org", "db") is None  # the taxon id goes with the looked-up name
    assert descend(renamed, "org", "orgname", "div").value == "PRI"  # type: ignore[union-attr]


def test_a_source_table_value_replaces_the_deflines_and_notes_go_both_ways() -> None:
    node = _source(
        ("organism", "Homo sapiens", DEFLINE),
        ("country", "Narnia", DEFLINE),
        ("note", "defline note", DEFLINE),
        ("country", "viet nam:hanoi", TABLE),
        ("note", "table note", TABLE),
    )
    assert _subsources(node) == [("country", "Viet Nam: hanoi"), ("other", "defline note")]
    mods = descend(node, "org", "orgname", "mod")
    assert mods is not None and [str(descend(m, "subname").value) for m in mods.children] == ["table note"]  # type: ignore[union-attr]


def test_a_plasmid_name_puts_the_sequence_on_a_plasmid() -> None:
    named = _source(("organism", "Escherichia coli", DEFLINE), ("plasmid-name", "pX", DEFLINE))
    assert descend(named, "genome").value == "plasmid"  # type: ignore[union-attr]
    kept = _source(("location", "Mitochondrion", DEFLINE), ("plasmid-name", "pX", DEFLINE))
    assert descend(kept, "genome").value == "mitochondrion"  # type: ignore[union-attr]
    assert descend(_source(("location", "virion", DEFLINE)), "genome") is None


def _code(*mods: tuple[str, str]) -> int:
    return source_info([SourceModifier(n, v, DEFLINE) for n, v in mods], DEFLINE, None).genetic_code


def test_it_translates_mitochondria_and_kinetoplasts_with_the_mitochondrial_code() -> None:
    human = ("organism", "Homo sapiens")  # gcode 1, mgcode 2 in tbl2asn's offline taxonomy
    assert _code(human, ("location", "mitochondrion")) == 2
    assert _code(human, ("location", "Kinetoplast")) == 2
    assert _code(human, ("location", "mitochondrion"), ("mgcode", "4"), ("gcode", "3")) == 4
    assert _code(("location", "mitochondrion"), ("gcode", "3")) == 1  # no taxon, no [mgcode=]
    # tbl2asn 25.3 keeps the nuclear code on plastids (even with [pgcode=]) and hydrogenosomes
    assert _code(human, ("location", "hydrogenosome")) == 1
    assert _code(human, ("location", "chloroplast"), ("pgcode", "4"), ("gcode", "3")) == 3
    assert _code(human) == 1


def _info(*mods: tuple[str, str]) -> SourceInfo:
    return source_info([SourceModifier(n, v, DEFLINE) for n, v in mods], DEFLINE, None)


def test_origin_and_focus_as_tbl2asn_reads_them() -> None:
    yeast = ("organism", "Saccharomyces cerevisiae")
    for given, origin in [
        ("natural", "natural"),
        ("Natural", "natural"),
        ("natural mutant", "natmut"),
        ("natural-mutant", "natmut"),
        ("mutant", "mut"),
        ("artificial", "artificial"),
        ("SYNTHETIC", "synthetic"),
        ("other", "other"),
        ("mut", None),  # the ASN.1 words are not read
        ("natmut", None),
        ("unknown", None),
    ]:
        found = descend(_source((*yeast, DEFLINE), ("origin", given, DEFLINE)), "origin")
        assert (found.value if found is not None else None) == origin, given
    node = _source((*yeast, DEFLINE), ("focus", "TRUE", DEFLINE), ("location", "plasmid", DEFLINE))
    # Schema order: genome, origin, org, subtype, is-focus.
    assert [c.name for c in node.children] == ["genome", "org", "is-focus"]
    assert descend(_source((*yeast, DEFLINE), ("focus", "yes", DEFLINE)), "is-focus") is None


def test_any_modifier_gives_a_biosource_even_without_an_organism() -> None:
    # tbl2asn 25.3 writes 'source { org { orgname { } } }' for each of these, and none without modifiers.
    for name, value in [("tech", "wgs"), ("topology", "circular"), ("location", "plasmid"), ("gcode", "4")]:
        assert not _info((name, value)).empty, name
    assert _info().empty
