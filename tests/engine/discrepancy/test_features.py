"""Annotation tests: feature counts, genes and their products, mRNAs of eukaryotic CDSs, locus tags."""

from __future__ import annotations

from pathlib import Path

from gbprep.discrepancy import DiscrepancyOptions
from tests.engine.discrepancy.helpers import GENOME, make_report, seq, summary

YEAST = "[organism=Saccharomyces cerevisiae]"  # a eukaryote tbl2asn knows without a taxonomy lookup
MYSTERY = "[organism=Aspergillus tubingensis]"  # unknown to tbl2asn: treated as a bacterium unless -X E


def test_it_counts_features_in_ncbi_order_and_names(tmp_path: Path) -> None:
    table = (
        ">Feature c1\n"
        "1\t300\tCDS\n\t\t\tproduct\tthing\n"
        "1\t300\tgene\n\t\t\tlocus_tag\tABC_0001\n"
        "310\t320\tpromoter\n"
        "330\t340\tTATA_signal\n"
    )
    report = make_report(tmp_path, seq("c1", GENOME), table)
    assert summary(report, "DISC_FEATURE_COUNT") == [
        "DISC_FEATURE_COUNT:gene: 1 present",
        "DISC_FEATURE_COUNT:CDS: 1 present",
        "DISC_FEATURE_COUNT:regulatory: 2 present",
    ]


def test_a_cds_without_a_gene_and_a_gene_without_a_product(tmp_path: Path) -> None:
    table = ">Feature c1\n1\t300\tCDS\n\t\t\tproduct\tthing\n400\t500\tgene\n\t\t\tlocus_tag\tABC_0002\n"
    report = make_report(tmp_path, seq("c1", GENOME), table)
    assert summary(report, "MISSING_GENES") == ["MISSING_GENES:1 features have no genes."]
    assert summary(report, "EXTRA_GENES") == [
        "EXTRA_GENES:1 gene features are not associated with a CDS or RNA feature."
    ]
    missing = next(line for line in report.lines if line.test == "MISSING_GENES")
    pos = missing.items[0].pos  # the CDS row: where the user fixes it
    assert pos is not None and (pos.file, pos.line) == ("genome.tbl", 2)


def test_eukaryotic_cds_needs_an_mrna_with_its_product(tmp_path: Path) -> None:
    table = (
        ">Feature c1\n"
        "1\t300\tgene\n\t\t\tlocus_tag\tABC_0001\n"
        "1\t300\tCDS\n\t\t\tproduct\tthing\n\t\t\tprotein_id\tgnl|abc|ABC_0001\n"
    )
    yeast = make_report(tmp_path, seq("c1", GENOME, YEAST), table)
    assert summary(yeast, "DISC_CDS_WITHOUT_MRNA") == [
        "DISC_CDS_WITHOUT_MRNA:1 coding regions do not have an mRNA"
    ]
    assert summary(yeast, "EUKARYOTE_SHOULD_HAVE_MRNA") == ["EUKARYOTE_SHOULD_HAVE_MRNA:no mRNA present"]
    assert summary(yeast, "MRNA_SHOULD_HAVE_PROTEIN_TRANSCRIPT_IDS") == [
        "MRNA_SHOULD_HAVE_PROTEIN_TRANSCRIPT_IDS:no protein_id and transcript_id present"
    ]
    # An organism tbl2asn does not know is a bacterium to it; -X E says otherwise.
    bacterium = make_report(tmp_path, seq("c1", GENOME, MYSTERY), table)
    assert summary(bacterium, "EUKARYOTE_SHOULD_HAVE_MRNA") == []
    told = make_report(tmp_path, seq("c1", GENOME, MYSTERY), table, DiscrepancyOptions(eukaryote=True))
    assert summary(told, "EUKARYOTE_SHOULD_HAVE_MRNA") == ["EUKARYOTE_SHOULD_HAVE_MRNA:no mRNA present"]


def test_every_organism_of_the_builtin_table_is_known_by_its_lineage(tmp_path: Path) -> None:
    # tbl2asn 25.3 gives these a taxid and a kingdom offline (observed: Tetrahymena gets the eukaryote tests,
    # 'environmental sequence' the bacterial ones, both a taxid line).
    table = ">Feature c1\n1\t300\tgene\n\t\t\tgene\tABC\n1\t300\tCDS\n\t\t\tproduct\tthing\n"
    ciliate = make_report(tmp_path, seq("c1", GENOME, "[organism=Tetrahymena thermophila]"), table)
    assert summary(ciliate, "EUKARYOTE_SHOULD_HAVE_MRNA") == ["EUKARYOTE_SHOULD_HAVE_MRNA:no mRNA present"]
    assert summary(ciliate, "DISC_BAD_BACTERIAL_GENE_NAME") == []
    unclassified = make_report(tmp_path, seq("c1", GENOME, "[organism=environmental sequence]"), table)
    assert summary(unclassified, "EUKARYOTE_SHOULD_HAVE_MRNA") == []
    assert summary(unclassified, "DISC_BAD_BACTERIAL_GENE_NAME") == [
        "DISC_BAD_BACTERIAL_GENE_NAME:1 bacterial genes do not start with lowercase letters"
    ]
    for report in (ciliate, unclassified):
        assert "DISC_SOURCE_QUALS_ASNDISC:taxid (all present, all unique)" in summary(
            report, "DISC_SOURCE_QUALS_ASNDISC"
        )


def test_an_mrna_with_another_product_does_not_count(tmp_path: Path) -> None:
    table = (
        ">Feature c1\n"
        "1\t300\tgene\n\t\t\tlocus_tag\tABC_0001\n"
        "1\t300\tmRNA\n\t\t\tproduct\tthing, isoform 1\n"
        "1\t300\tCDS\n\t\t\tproduct\tthing, variant 1\n"
    )
    report = make_report(tmp_path, seq("c1", GENOME, YEAST), table)
    assert summary(report, "DISC_CDS_WITHOUT_MRNA") == [
        "DISC_CDS_WITHOUT_MRNA:1 coding regions do not have an mRNA"
    ]
    assert summary(report, "EUKARYOTE_SHOULD_HAVE_MRNA") == []


def test_locus_tags_format_duplicates_across_records_and_missing(tmp_path: Path) -> None:
    table = (
        ">Feature c1\n"
        "1\t300\tgene\n\t\t\tlocus_tag\tABC_0001\n"
        "310\t400\tgene\n\t\t\tlocus_tag\tABC_0001.2\n"
        ">Feature c2\n"
        "1\t300\tgene\n\t\t\tlocus_tag\tABC_0001\n"
        "310\t400\tgene\n\t\t\tgene\tdnaK\n"
    )
    report = make_report(tmp_path, seq("c1", GENOME) + seq("c2", GENOME), table)
    assert summary(report, "BAD_LOCUS_TAG_FORMAT") == [
        "BAD_LOCUS_TAG_FORMAT:1 locus tags are incorrectly formatted."
    ]
    assert summary(report, "DUPLICATE_LOCUS_TAGS") == [
        "DUPLICATE_LOCUS_TAGS:2 genes have duplicate locus tags."
    ]
    assert summary(report, "MISSING_LOCUS_TAGS") == ["MISSING_LOCUS_TAGS:1 genes have no locus tags."]
    genome = make_report(
        tmp_path, seq("c1", GENOME) + seq("c2", GENOME), table, DiscrepancyOptions(genome_mode=True)
    )
    assert summary(genome, "DUPLICATE_LOCUS_TAGS") == [
        "FATAL: DUPLICATE_LOCUS_TAGS:2 genes have duplicate locus tags."
    ]


def test_overlapping_and_contained_genes_and_cds(tmp_path: Path) -> None:
    table = (
        ">Feature c1\n"
        "1\t300\tgene\n\t\t\tlocus_tag\tABC_0001\n"
        "1\t300\tCDS\n\t\t\tproduct\tcold shock protein\n"
        "100\t300\tgene\n\t\t\tlocus_tag\tABC_0002\n"
        "100\t300\tCDS\n\t\t\tproduct\tcold shock protein\n"
        "600\t400\tgene\n\t\t\tlocus_tag\tABC_0003\n"
    )
    report = make_report(tmp_path, seq("c1", GENOME), table)
    assert summary(report, "OVERLAPPING_GENES") == [
        "OVERLAPPING_GENES:2 genes overlap another gene on the same strand."
    ]
    assert summary(report, "FIND_OVERLAPPED_GENES") == [
        "FIND_OVERLAPPED_GENES:1 genes completely overlapped by other genes"
    ]
    assert summary(report, "CONTAINED_CDS") == [
        "CONTAINED_CDS:2 coding regions are completely contained in another coding region on the same strand."
    ]
    assert summary(report, "OVERLAPPING_CDS") == [
        "OVERLAPPING_CDS:2 coding regions overlap another coding region with a similar or identical name."
    ]


def test_source_qualifier_summary(tmp_path: Path) -> None:
    fasta = seq("c1", GENOME, "[organism=Escherichia coli] [strain=K-12] [host=Homo sapiens]") + seq(
        "c2", GENOME, "[organism=Escherichia coli] [strain=B]"
    )
    report = make_report(tmp_path, fasta)
    assert summary(report, "DISC_SOURCE_QUALS_ASNDISC") == [
        "DISC_SOURCE_QUALS_ASNDISC:host (some missing, all unique)",
        "DISC_SOURCE_QUALS_ASNDISC:strain (all present, all unique)",
        "DISC_SOURCE_QUALS_ASNDISC:taxname (all present, all same)",
        "DISC_SOURCE_QUALS_ASNDISC:taxid (all present, all same)",
    ]
    assert summary(report, "INCONSISTENT_BIOSOURCE") == [
        "INCONSISTENT_BIOSOURCE:2 inconsistent contig sources (Different strain values, Missing host modifier)"
    ]


def test_rnas_without_a_product_as_tbl2asn_reads_them(tmp_path: Path) -> None:
    table = (
        ">Feature c1\n"
        "1\t73\ttRNA\n\t\t\tproduct\ttransfer RNA\n"  # no amino acid: tbl2asn keeps it as a note only
        "101\t173\ttRNA\n\t\t\tproduct\ttRNA-Xxx\n"
        "201\t273\ttRNA\n\t\t\tproduct\ttRNA-fMet\n"
        "301\t380\tncRNA\n\t\t\tncRNA_class\tother\n"
        "401\t480\tncRNA\n\t\t\tncRNA_class\tsnoRNA\n"
        "501\t560\tmisc_RNA\n\t\t\tnote\tcontains 5.8S ribosomal RNA\n"
        "561\t590\ttmRNA\n"
    )
    report = make_report(tmp_path, seq("c1", GENOME), table)
    assert summary(report, "RNA_NO_PRODUCT") == [
        "RNA_NO_PRODUCT:2 RNA features have no product and are not pseudo"
    ]
    line = next(line for line in report.lines if line.test == "RNA_NO_PRODUCT")
    assert [item.text.split("\t")[:2] for item in line.items] == [
        ["tRNA", "transfer RNA"],
        ["ncRNA", "other"],
    ]
    genome = make_report(tmp_path, seq("c1", GENOME), table, DiscrepancyOptions(genome_mode=True))
    assert summary(genome, "RNA_NO_PRODUCT")[0].startswith("FATAL: ")


def test_an_rrna_named_as_tbl2asns_cleanup_leaves_it(tmp_path: Path) -> None:
    # '18S rRNA' becomes '18S ribosomal RNA' before the report is made: standard, and so listed elsewhere
    table = (
        ">Feature c1\n"
        "1\t300\trRNA\n\t\t\tproduct\t18S rRNA\n"
        "301\t500\trRNA\n\t\t\tproduct\t18S ribosomal RNA gene\n"
    )
    report = make_report(tmp_path, seq("c1", GENOME), table)
    line = next(line for line in report.lines if line.test == "RRNA_NAME_CONFLICTS")
    assert [item.text.split("\t")[1] for item in line.items] == ["18S ribosomal RNA gene"]
    missing = next(line for line in report.lines if line.test == "MISSING_GENES")
    assert [item.text.split("\t")[1] for item in missing.items] == [
        "18S ribosomal RNA",
        "18S ribosomal RNA gene",
    ]


def test_extra_genes_as_tbl2asn_sorts_them(tmp_path: Path) -> None:
    # run through tbl2asn 25.3: a gene with a note or a description is not extra; one with a GBQual (here
    # /inference) counts as pseudo, a slip of tbl2asn's; a gene is labelled by its description before its tag
    table = (
        ">Feature c1\n"
        "1\t40\tgene\n\t\t\tlocus_tag\tA_1\n"
        "51\t90\tgene\n\t\t\tlocus_tag\tA_2\n\t\t\tnote\tsome note\n"
        "101\t140\tgene\n\t\t\tlocus_tag\tA_3\n\t\t\tpseudo\n"
        "151\t190\tgene\n\t\t\tlocus_tag\tA_4\n\t\t\tinference\tab initio prediction:x\n"
        "201\t240\tgene\n\t\t\tlocus_tag\tA_5\n\t\t\tgene_desc\tsomething\n"
    )
    report = make_report(tmp_path, seq("c1", GENOME), table)
    assert summary(report, "EXTRA_GENES") == [
        "EXTRA_GENES:3 gene features are not associated with a CDS or RNA feature."
    ]
    line = next(line for line in report.lines if line.test == "EXTRA_GENES")
    assert [(sub.text, [i.text.split("\t")[1] for i in sub.items]) for sub in line.subs] == [
        (
            "1 non-pseudo gene features are not associated with a CDS or RNA feature and do not have "
            "frameshift in the comment.",
            ["A_1"],
        ),
        ("2 pseudo gene features are not associated with a CDS or RNA feature.", ["A_3", "A_4"]),
    ]
    superfluous = next(line for line in report.lines if line.test == "ONCALLER_SUPERFLUOUS_GENE")
    assert [i.text.split("\t")[1] for i in superfluous.items] == ["A_1", "A_2", "A_4", "something"]


def test_the_mrna_tests_read_eukaryotic_genomic_dna_outside_organelles(tmp_path: Path) -> None:
    table = ">Feature c1\n1\t300\tgene\n\t\t\tlocus_tag\tABC_0001\n1\t300\tCDS\n\t\t\tproduct\tthing\n"
    plasmid = make_report(tmp_path, seq("c1", GENOME, YEAST + " [location=plasmid]"), table)  # seed 5030
    assert summary(plasmid, "MRNA_SHOULD_HAVE_PROTEIN_TRANSCRIPT_IDS") == [
        "MRNA_SHOULD_HAVE_PROTEIN_TRANSCRIPT_IDS:no protein_id and transcript_id present"
    ]
    assert summary(plasmid, "EUKARYOTE_SHOULD_HAVE_MRNA") == ["EUKARYOTE_SHOULD_HAVE_MRNA:no mRNA present"]
    transcript = make_report(tmp_path, seq("c1", GENOME, YEAST + " [moltype=mRNA]"), table)
    assert summary(transcript, "MRNA_SHOULD_HAVE_PROTEIN_TRANSCRIPT_IDS") == []
    # a mitochondrial sequence anywhere turns EUKARYOTE_SHOULD_HAVE_MRNA off (seed 5138)
    mito = seq("c1", GENOME, YEAST) + seq("c2", GENOME, YEAST + " [location=mitochondrion]")
    assert summary(make_report(tmp_path, mito, table), "EUKARYOTE_SHOULD_HAVE_MRNA") == []


def test_overlapping_cds_compare_tbl2asns_labels(tmp_path: Path) -> None:
    # isoform CDSs without a product share their label (/inference=...); 'predicted protein' never counts
    # (seeds 5262, 5015 of the generator's isoforms, as tbl2asn 25.3 reported them)
    table = (
        ">Feature c1\n"
        "1\t300\tCDS\n\t\t\tinference\tab initio prediction:x\n"
        "1\t300\tCDS\n\t\t\tinference\tab initio prediction:x\n"
        "400\t600\tCDS\n\t\t\tproduct\tpredicted protein\n"
        "400\t600\tCDS\n\t\t\tproduct\tpredicted protein\n"
    )
    report = make_report(tmp_path, seq("c1", GENOME), table)
    assert summary(report, "OVERLAPPING_CDS") == [
        "OVERLAPPING_CDS:2 coding regions overlap another coding region with a similar or identical name."
    ]
    line = next(line for line in report.lines if line.test == "OVERLAPPING_CDS")
    assert [i.text.split("\t")[1] for i in line.items] == ["/inference=ab initio prediction:x"] * 2


def test_a_pseudo_gene_without_a_locus_tag_is_missing_one_too(tmp_path: Path) -> None:
    # seeds 5001 and 82: tbl2asn lists the pseudo gene (labelled 'Gene': it has no name either)
    table = ">Feature c1\n1\t300\tgene\n\t\t\tlocus_tag\tABC_0001\n310\t400\tgene\n\t\t\tpseudo\n"
    report = make_report(tmp_path, seq("c1", GENOME), table)
    assert summary(report, "MISSING_LOCUS_TAGS") == ["MISSING_LOCUS_TAGS:1 genes have no locus tags."]
    line = next(line for line in report.lines if line.test == "MISSING_LOCUS_TAGS")
    assert [i.text for i in line.items] == ["Gene\tGene\tc1:310-400\t"]


def test_a_cds_whose_protein_lost_the_organism_no_longer_matches_its_mrna(tmp_path: Path) -> None:
    # seed 5258: tbl2asn takes '[Saccharomyces cerevisiae]' off the protein, not off the mRNA
    table = (
        ">Feature c1\n"
        "1\t300\tgene\n\t\t\tlocus_tag\tABC_0001\n"
        "1\t300\tmRNA\n\t\t\tproduct\tthing [Saccharomyces cerevisiae]\n"
        "1\t300\tCDS\n\t\t\tproduct\tthing [Saccharomyces cerevisiae]\n"
    )
    report = make_report(tmp_path, seq("c1", GENOME, YEAST), table)
    assert summary(report, "DISC_CDS_WITHOUT_MRNA") == [
        "DISC_CDS_WITHOUT_MRNA:1 coding regions do not have an mRNA"
    ]
