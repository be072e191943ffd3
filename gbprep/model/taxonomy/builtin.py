"""The organisms tbl2asn 25.3 knows without the network, with exactly what it writes for them.

Found by running ``tbl2asn`` offline on a one-line FASTA per organism (its binary holds this list). The same
table serves its discrepancy report: each of these names gets a ``taxid`` among the source qualifiers (an
unknown name none) and counts as a eukaryote or not by its lineage (checked on every name here). tbl2asn
matches the names case-blind and writes the table's spelling. Everything else gets no lineage, division or
taxon id from tbl2asn; for those the portal uses a taxdump store (``store.py``).
"""

from __future__ import annotations

from gbprep.model.taxonomy.model import Taxon

_METAZOA = "Eukaryota; Metazoa"
_CHORDATA = f"{_METAZOA}; Chordata; Craniata; Vertebrata; Euteleostomi"
_MAMMALIA = f"{_CHORDATA}; Mammalia; Eutheria"
_INSECTA = (
    f"{_METAZOA}; Arthropoda; Tracheata; Hexapoda; Insecta; Pterygota; Neoptera; Endopterygota; Diptera"
)
_RODENT = f"{_MAMMALIA}; Rodentia; Sciurognathi; Muridae; Murinae"
_HOMINIDAE = f"{_MAMMALIA}; Primates; Catarrhini; Hominidae"
_NEMATODE = (
    f"{_METAZOA}; Nematoda; Chromadorea; Rhabditida; Rhabditoidea; Rhabditidae; Peloderinae; Caenorhabditis"
)
_MOSQUITO = f"{_INSECTA}; Nematocera; Culicoidea; Anopheles"
_PLANT = "Eukaryota; Viridiplantae"
_SEED_PLANT = "Embryophyta; Tracheophyta; Spermatophyta; Magnoliophyta"
_ORYZA = f"{_PLANT}; Streptophyta; {_SEED_PLANT}; Liliopsida; Poales; Poaceae; Ehrhartoideae; Oryzeae; Oryza"
_CANDIDA = (
    "Eukaryota; Fungi; Ascomycota; Saccharomycotina; Saccharomycetes; Saccharomycetales; "
    "mitosporic Saccharomycetales; Candida"
)
_TRYPANOSOMA = "Eukaryota; Euglenozoa; Kinetoplastida; Trypanosomatidae; Trypanosoma"

# (name, common name, taxid, lineage, division, gcode, mgcode); mgcode None: tbl2asn writes none (bacteria).
_ROWS: tuple[tuple[str, str, int, str, str, int, int | None], ...] = (
    (
        "Saccharomyces cerevisiae",
        "baker's yeast",
        4932,
        "Eukaryota; Fungi; Ascomycota; Saccharomycetes; Saccharomycetales; Saccharomycetaceae; Saccharomyces",
        "PLN",
        1,
        3,
    ),
    (
        "Drosophila melanogaster",
        "fruit fly",
        7227,
        f"{_INSECTA}; Brachycera; Muscomorpha; Ephydroidea; Drosophilidae; Drosophila",
        "INV",
        1,
        5,
    ),
    ("Homo sapiens", "human", 9606, f"{_HOMINIDAE}; Homo", "PRI", 1, 2),
    (
        "Escherichia coli",
        "",
        562,
        "Bacteria; Proteobacteria; gamma subdivision; Enterobacteriaceae; Escherichia",
        "BCT",
        11,
        None,
    ),
    (
        "Helicobacter pylori",
        "",
        210,
        "Bacteria; Proteobacteria; epsilon subdivision; Helicobacter group; Helicobacter",
        "BCT",
        11,
        None,
    ),
    (
        "Arabidopsis thaliana",
        "thale cress",
        3702,
        f"{_PLANT}; {_SEED_PLANT}; eudicotyledons; core eudicots; Rosidae; eurosids II; Brassicales; "
        "Brassicaceae; Arabidopsis",
        "PLN",
        1,
        1,
    ),
    ("Mus musculus", "house mouse", 10090, f"{_RODENT}; Mus", "ROD", 1, 2),
    ("Rattus norvegicus", "Norway rat", 10116, f"{_RODENT}; Rattus", "ROD", 1, 2),
    (
        "Danio rerio",
        "zebrafish",
        7955,
        f"{_CHORDATA}; Actinopterygii; Neopterygii; Teleostei; Euteleostei; Ostariophysi; Cypriniformes; "
        "Cyprinidae; Rasborinae; Danio",
        "VRT",
        1,
        2,
    ),
    ("Zea mays", "", 4577, f"{_PLANT}; {_SEED_PLANT}; Liliopsida; Poales; Poaceae; Zea", "PLN", 1, 1),
    ("Caenorhabditis elegans", "", 6239, _NEMATODE, "INV", 1, 5),
    ("Caenorhabditis briggsae", "", 6238, _NEMATODE, "INV", 1, 5),
    ("Anopheles gambiae", "African malaria mosquito", 7165, _MOSQUITO, "INV", 1, 5),
    ("Anopheles gambiae str. PEST", "African malaria mosquito", 180454, _MOSQUITO, "INV", 1, 5),
    (
        "Tetrahymena thermophila",
        "",
        5911,
        "Eukaryota; Alveolata; Ciliophora; Oligohymenophorea; Hymenostomatida; Tetrahymenina; Tetrahymena",
        "INV",
        6,
        4,
    ),
    ("Pan troglodytes", "chimpanzee", 9598, f"{_HOMINIDAE}; Pan", "PRI", 1, 2),
    ("Candida albicans", "", 5476, _CANDIDA, "PLN", 12, 4),
    ("Candida albicans SC5314", "", 237561, _CANDIDA, "PLN", 12, 4),
    ("Trypanosoma brucei", "", 5691, _TRYPANOSOMA, "INV", 1, 4),
    ("Trypanosoma cruzi", "", 5693, f"{_TRYPANOSOMA}; Schizotrypanum", "INV", 1, 4),
    ("Oryza sativa", "", 4530, _ORYZA, "PLN", 1, 1),
    ("Oryza sativa (indica cultivar-group)", "", 39946, _ORYZA, "PLN", 1, 1),
    ("Oryza sativa (japonica cultivar-group)", "", 39947, _ORYZA, "PLN", 1, 1),
    (
        "Aspergillus nidulans FGSC A4",
        "",
        227321,
        "Eukaryota; Fungi; Ascomycota; Pezizomycotina; Eurotiomycetes; Eurotiales; Trichocomaceae; Emericella",
        "PLN",
        1,
        4,
    ),
    ("environmental sequence", "", 256318, "unclassified; environmental samples", "UNA", 1, 2),
)

BUILTIN: dict[str, Taxon] = {
    row[0]: Taxon(
        taxid=row[2],
        name=row[0],
        common=row[1],
        lineage=row[3],
        division=row[4],
        gcode=row[5],
        mgcode=row[6],
        source="builtin",
    )
    for row in _ROWS
}
BUILTIN_FOLDED: dict[str, Taxon] = {name.lower(): taxon for name, taxon in BUILTIN.items()}
