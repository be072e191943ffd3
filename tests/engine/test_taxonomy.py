"""Taxonomy: the built-in table (what tbl2asn 25.3 knows offline) and a store loaded from a tiny taxdump."""

from __future__ import annotations

from pathlib import Path

import pytest

from gbprep.cli.main import main
from gbprep.model.taxonomy import (
    BUILTIN,
    TaxdumpError,
    TaxonomyStore,
    is_eukaryote,
    is_green_plant,
    lineage_of,
    load_taxdump,
    lookup,
)

TAXDUMP = Path(__file__).parent / "data" / "taxdump"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "taxonomy.sqlite"
    load_taxdump(TAXDUMP, path)
    return path


def test_it_knows_what_tbl2asn_knows_offline() -> None:
    yeast = lookup("Saccharomyces cerevisiae")
    assert yeast is not None
    assert (yeast.taxid, yeast.division, yeast.gcode, yeast.mgcode, yeast.common) == (
        4932,
        "PLN",
        1,
        3,
        "baker's yeast",
    )
    assert yeast.lineage.startswith("Eukaryota; Fungi; Ascomycota;")
    assert lookup("Escherichia coli").mgcode is None  # type: ignore[union-attr]  # tbl2asn writes no mgcode
    assert len(BUILTIN) >= 25


def test_it_matches_exact_names_unless_told_to_fold_case() -> None:
    assert lookup("homo sapiens") is None
    assert (
        lookup("  HOMO sapiens ", fold_case=True) is BUILTIN["Homo sapiens"]
    )  # as tbl2asn matches its table
    assert lookup("Aspergillus tubingensis") is None  # not in tbl2asn's list and no store given


def test_it_answers_the_kingdom_questions_from_the_builtin_table() -> None:
    assert is_eukaryote("Tetrahymena thermophila") and not is_eukaryote("Escherichia coli")
    assert not is_eukaryote("environmental sequence")  # lineage "unclassified; ..."
    assert not is_eukaryote("Aspergillus tubingensis")  # unknown to tbl2asn offline: no answer, so False
    plants = {name for name in BUILTIN if is_green_plant(name)}
    assert plants == {name for name, taxon in BUILTIN.items() if "Viridiplantae" in taxon.lineage}
    assert "Zea mays" in plants and "Saccharomyces cerevisiae" not in plants
    assert is_green_plant("zea MAYS", fold_case=True) and not is_green_plant("zea MAYS")
    assert lineage_of("Homo sapiens").startswith("Eukaryota; Metazoa; Chordata")
    assert lineage_of("Aspergillus tubingensis") == ""


def test_store_taxa_answer_the_kingdom_questions(store: Path) -> None:
    niger = lookup("Aspergillus niger", store)
    bug = lookup("Enterococcus casseliflavus", store)
    assert niger is not None and niger.eukaryote and not niger.green_plant
    assert bug is not None and not bug.eukaryote


def test_it_builds_genbank_lineages_without_hidden_ranks(store: Path) -> None:
    niger = lookup("Aspergillus niger", store)
    assert niger is not None
    assert niger.lineage == "Eukaryota; Fungi; Aspergillus"  # 'cellular organisms' is hidden in GenBank
    assert (niger.taxid, niger.division, niger.gcode, niger.mgcode, niger.common) == (
        5061,
        "PLN",
        1,
        4,
        "black mold",
    )


def test_it_finds_synonyms_and_ignores_case_after_exact_names(store: Path) -> None:
    assert lookup("Aspergillus awamori", store).name == "Aspergillus niger"  # type: ignore[union-attr]
    assert lookup("aspergillus NIGER", store).taxid == 5061  # type: ignore[union-attr]
    assert lookup("Nonexistent organism", store) is None


def test_it_reads_the_plastid_code_of_newer_dumps(store: Path) -> None:
    bug = TaxonomyStore(store).lookup("Enterococcus casseliflavus")
    assert bug is not None
    assert (bug.division, bug.gcode, bug.pgcode, bug.lineage) == ("BCT", 11, 11, "Bacteria")


def test_it_refuses_a_folder_without_the_dump(tmp_path: Path) -> None:
    with pytest.raises(TaxdumpError, match=r"nodes\.dmp"):
        load_taxdump(tmp_path, tmp_path / "x.sqlite")
    assert not (tmp_path / "x.sqlite").exists()


def test_the_command_loads_and_looks_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "tax.sqlite"
    assert main(["taxonomy", "load", str(TAXDUMP), "--store", str(target)]) == 0
    assert "loaded into" in capsys.readouterr().out
    assert main(["taxonomy", "lookup", "Aspergillus niger", "--store", str(target)]) == 0
    assert '"taxid": 5061' in capsys.readouterr().out
    assert main(["taxonomy", "lookup", "Nothing here"]) == 1
