"""GFF3 to feature tables: hierarchies, CDS pieces, phase, partials, types, dialects, identifiers, GTF."""

from __future__ import annotations

from pathlib import Path

from gbprep.gff import load_gff3, read_gff3_tables
from gbprep.model.bundle import GffOptions
from gbprep.model.diagnostics import Report
from gbprep.model.records import Feature, FeatureTable

HEAD = "##gff-version 3\n"


def build(
    tmp_path: Path, text: str, *, name: str = "a.gff3", **options: object
) -> tuple[dict[str, FeatureTable], Report]:
    path = tmp_path / name
    path.write_text(text)
    report = Report()
    return read_gff3_tables(path, report, options=GffOptions(**options)), report  # type: ignore[arg-type]


def rows(feature: Feature) -> list[tuple[str, str]]:
    return [
        (("<" if i.partial_start else "") + str(i.start), (">" if i.partial_stop else "") + str(i.stop))
        for i in feature.intervals
    ]


def by_key(tables: dict[str, FeatureTable], key: str) -> list[Feature]:
    return [f for t in tables.values() for f in t if f.key == key]


EUK = HEAD + (
    "c1\tfunannotate\tgene\t100\t900\t.\t-\t.\tID=ABC_000001\n"
    "c1\tfunannotate\tmRNA\t100\t900\t.\t-\t.\tID=ABC_000001-T1;Parent=ABC_000001;product=kinase\n"
    "c1\tfunannotate\texon\t600\t900\t.\t-\t.\tParent=ABC_000001-T1\n"
    "c1\tfunannotate\texon\t100\t400\t.\t-\t.\tParent=ABC_000001-T1\n"
    "c1\tfunannotate\tCDS\t600\t850\t.\t-\t1\tID=cds1;Parent=ABC_000001-T1\n"
    "c1\tfunannotate\tCDS\t150\t400\t.\t-\t0\tID=cds1;Parent=ABC_000001-T1\n"
)


def test_a_gene_model_becomes_gene_mrna_and_one_joined_cds(tmp_path: Path) -> None:
    tables, report = build(tmp_path, EUK)
    assert not report.findings
    (table,) = tables.values()
    assert [f.key for f in table] == ["gene", "mRNA", "CDS"]
    gene, mrna, cds = table
    assert rows(gene) == [("900", "100")]
    assert rows(mrna) == [("900", "600"), ("400", "100")]
    assert rows(cds) == [("<850", "600"), ("400", "150")]  # phase 1 on the 5' piece: starts mid-codon
    assert cds.get("codon_start") == "2"
    assert (gene.get("locus_tag"), mrna.get("product"), cds.get("product")) == (
        "ABC_000001",
        "kinase",
        "kinase",
    )
    assert (cds.pos.line, [i.pos.line for i in cds.intervals]) == (6, [6, 7])  # findings point at GFF3 lines
    assert gene.get("locus_tag") and gene.qualifiers[-1].pos.line == 2


def test_missing_codons_become_partial_ends_on_cds_mrna_and_gene(tmp_path: Path) -> None:
    # CDS 1..12 on the plus strand: no ATG at the start (5' partial), TAA at the end (complete).
    text = HEAD + (
        "c1\t.\tgene\t1\t12\t.\t+\t.\tID=g1;locus_tag=ABC_1\n"
        "c1\t.\tmRNA\t1\t12\t.\t+\t.\tID=m1;Parent=g1\n"
        "c1\t.\tCDS\t1\t12\t.\t+\t0\tID=c1;Parent=m1\n"
        "##FASTA\n>c1\nCCCGGGAAATAA\n"
    )
    tables, _ = build(tmp_path, text)
    gene, mrna, cds = tables["c1"]
    assert rows(cds) == [("<1", "12")] and rows(mrna) == [("<1", "12")] and rows(gene) == [("<1", "12")]
    assert cds.get("product") == "hypothetical protein"


def test_partial_attributes_mark_ends(tmp_path: Path) -> None:
    text = HEAD + (
        "c1\tGnomon\tgene\t10\t90\t.\t-\t.\tID=g1;partial=true;start_range=.,10\n"
        "c1\tProdigal:2.6\tCDS\t100\t190\t.\t+\t0\tID=c2;partial=01\n"
    )
    tables, _ = build(tmp_path, text)
    gene, cds = tables["c1"]
    assert rows(gene) == [("90", ">10")]  # the low end of a minus-strand gene is its 3' end
    assert rows(cds) == [("100", ">190")]


def test_rnas_pseudogenes_and_unsupported_types(tmp_path: Path) -> None:
    text = HEAD + (
        "c1\t.\tgene\t1\t80\t.\t+\t.\tID=g1;gene=trnD\n"
        "c1\t.\ttRNA\t1\t80\t.\t+\t.\tID=t1;Parent=g1;product=tRNA-Asp;anticodon=(pos:30..32,aa:Asp,seq:gtc)\n"
        "c1\t.\tsnRNA\t100\t200\t.\t+\t.\tID=s1\n"
        "c1\t.\tpseudogene\t300\t600\t.\t+\t.\tID=p1;Name=fakeA\n"
        "c1\t.\tCDS\t300\t600\t.\t+\t0\tID=pc;Parent=p1\n"
        "c1\t.\tmystery_thing\t700\t800\t.\t+\t.\tID=x1\n"
        "c1\t.\tmystery_thing\t900\t950\t.\t+\t.\tID=x2\n"
        "c1\t.\tcDNA_match\t1\t50\t.\t+\t.\tID=m;Target=t 1 50\n"
        "c1\t.\tpromoter\t960\t990\t.\t+\t.\tID=pr\n"
    )
    tables, report = build(tmp_path, text)
    table = tables["c1"]
    assert [f.key for f in table] == ["gene", "tRNA", "ncRNA", "gene", "CDS", "regulatory"]
    trna, ncrna, pseudo_gene, pseudo_cds, promoter = table[1:]
    assert (trna.get("product"), trna.get("gene"), trna.get("anticodon")) == (
        "tRNA-Asp",
        None,
        "(pos:30..32,aa:Asp,seq:gtc)",
    )
    assert ncrna.get("ncRNA_class") == "snRNA"
    assert pseudo_gene.has("pseudo") and pseudo_cds.has("pseudo") and pseudo_gene.get("gene") == "fakeA"
    assert promoter.get("regulatory_class") == "promoter"
    found = {f.code: f for f in report}
    unsupported = found["GFF3.UnsupportedType"]
    assert unsupported.pos is not None and unsupported.pos.line == 7 and "2 line(s)" in unsupported.message
    assert "GFF3.AlignmentLines" in found


def test_bad_parents_and_duplicate_ids_are_reported_at_their_lines(tmp_path: Path) -> None:
    text = HEAD + (
        "c1\t.\tgene\t1\t90\t.\t+\t.\tID=g1\n"
        "c1\t.\tmRNA\t1\t90\t.\t+\t.\tID=m1;Parent=g9\n"
        "c1\t.\ttRNA\t1\t90\t.\t+\t.\tID=g1\n"
    )
    tables, report = build(tmp_path, text)
    assert [f.key for f in tables["c1"]] == ["gene"]
    assert [(f.code, f.pos and f.pos.line) for f in report if f.code != "GFF3.MissingLocusTags"] == [
        ("GFF3.DuplicateId", 4),
        ("GFF3.UnknownParent", 3),
    ]


def test_locus_tag_prefix_assigns_tags_and_ncbi_style_ids(tmp_path: Path) -> None:
    text = HEAD + (
        "c2\t.\tgene\t1\t90\t.\t+\t.\tID=a\n"
        "c2\t.\tmRNA\t1\t90\t.\t+\t.\tID=a.1;Parent=a\n"
        "c2\t.\tCDS\t1\t90\t.\t+\t0\tParent=a.1\n"
        "c2\t.\tmRNA\t1\t90\t.\t+\t.\tID=a.2;Parent=a\n"
        "c2\t.\tCDS\t4\t90\t.\t+\t0\tParent=a.2;protein_id=mine\n"
        "c1\t.\tgene\t500\t900\t.\t+\t.\tID=b\n"
    )
    tables, report = build(tmp_path, text, locus_tag_prefix="XYZ")
    assert not [f for f in report if f.code == "GFF3.MissingLocusTags"]
    assert [g.get("locus_tag") for g in by_key(tables, "gene")] == [
        "XYZ_000020",
        "XYZ_000010",
    ]  # c1 sorts first
    ids = [(c.get("protein_id"), c.get("transcript_id")) for c in by_key(tables, "CDS")]
    assert ids == [
        ("gnl|XYZ|XYZ_000020", "gnl|XYZ|mrna.XYZ_000020"),
        ("gnl|XYZ|XYZ_000020_1", "gnl|XYZ|mrna.XYZ_000020_1"),
    ]
    assert [m.get("transcript_id") for m in by_key(tables, "mRNA")] == [i[1] for i in ids]
    kept, _ = build(tmp_path, text, locus_tag_prefix="XYZ", keep_ids=True)
    assert by_key(kept, "CDS")[1].get("protein_id") == "gnl|XYZ|mine"


def test_missing_locus_tags_without_a_prefix_are_reported(tmp_path: Path) -> None:
    _tables, report = build(tmp_path, HEAD + "c1\t.\tgene\t1\t90\t.\t+\t.\tID=g1\n")
    assert [(f.code, f.pos and f.pos.line) for f in report] == [("GFF3.MissingLocusTags", 2)]


def test_dialects_are_recognised_and_used(tmp_path: Path) -> None:
    maker = HEAD + (
        "c1\tmaker\tgene\t1\t90\t.\t+\t.\tID=maker-c1-gene-0.1;Name=maker-c1-gene-0.1\n"
        "c1\tmaker\tmRNA\t1\t90\t.\t+\t.\tID=maker-c1-mRNA-0.1;Parent=maker-c1-gene-0.1;"
        "Note=Similar to Ahcy: Adenosylhomocysteinase (Mus musculus)\n"
        "c1\tmaker\tCDS\t1\t90\t.\t+\t0\tParent=maker-c1-mRNA-0.1\n"
    )
    path = tmp_path / "m.gff3"
    path.write_text(maker)
    loaded = load_gff3(path, Report())
    assert loaded.dialect.name == "maker"
    gene, mrna, cds = loaded.tables["c1"]
    assert gene.get("gene") is None  # MAKER's Name is an identifier, not a gene symbol
    assert cds.get("product") == mrna.get("product") == "Adenosylhomocysteinase"

    prokka = (
        HEAD
        + "c1\tProdigal:002006\tCDS\t1\t90\t.\t+\t0\tID=P_1;locus_tag=PRK_00010;gene=dnaA;product=DnaA;Dbxref=COG:COG0593,SO:0001217;eC_number=3.6.4.12\n"
    )
    path.write_text(prokka)
    loaded = load_gff3(path, Report())
    assert loaded.dialect.name == "prokka"
    gene, cds = loaded.tables["c1"]  # Prokka writes no gene lines: one is made
    assert (gene.key, gene.get("locus_tag"), gene.get("gene")) == ("gene", "PRK_00010", "dnaA")
    assert cds.values("db_xref") == ["COG:COG0593"] and cds.get("EC_number") == "3.6.4.12"
    assert cds.get("protein_id") == "gnl|PRK|PRK_00010"  # made from the locus_tag, no prefix given

    liftoff = (
        HEAD
        + "c1\tLiftoff\tgene\t1\t90\t.\t+\t.\tID=g;gene_name=TP53;description=tumor protein;coverage=1.0;extra_copy_number=0\n"
    )
    path.write_text(liftoff)
    loaded = load_gff3(path, Report())
    assert loaded.dialect.name == "liftoff"
    (gene,) = loaded.tables["c1"]
    assert (gene.get("gene"), gene.get("note")) == ("TP53", "tumor protein")

    forced = load_gff3(path, Report(), options=GffOptions(dialect="augustus"))
    assert forced.dialect.name == "augustus" and forced.tables["c1"][0].get("gene") is None


def test_gtf_without_gene_and_transcript_lines(tmp_path: Path) -> None:
    text = (
        'c1\tAUGUSTUS\tCDS\t1\t9\t.\t+\t0\tgene_id "g1"; transcript_id "g1.t1";\n'
        'c1\tAUGUSTUS\tstop_codon\t10\t12\t.\t+\t0\tgene_id "g1"; transcript_id "g1.t1";\n'
    )
    tables, _report = build(tmp_path, text, name="a.gtf")
    gene, mrna, cds = tables["c1"]
    assert rows(gene) == [("1", "12")] and rows(cds) == [("1", "12")]  # GTF leaves the stop codon out of CDS
    assert mrna.key == "mRNA"


def test_a_feature_across_the_origin_of_a_circular_sequence_is_split(tmp_path: Path) -> None:
    text = HEAD + (
        "##sequence-region p1 1 1000\n"
        "p1\t.\tregion\t1\t1000\t.\t+\t.\tID=p1;Is_circular=true\n"
        "p1\t.\tCDS\t901\t1099\t.\t+\t0\tID=c\n"
    )
    tables, _ = build(tmp_path, text)
    (cds,) = tables["p1"]
    assert rows(cds) == [("901", "1000"), ("1", "99")]
