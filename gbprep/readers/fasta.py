"""Read FASTA the way tbl2asn does, and say precisely what is wrong with it.

``read_fasta`` reads the nucleotide ``.fsa`` file; ``read_protein_fasta`` reads the ``.pep`` (replacement
proteins) and ``.rna`` (transcripts) files used for cross-checks. Both stream: one record is built at a time,
and a sequence written on one 1 GB line arrives from ``TextSource.line_blocks()`` in 1 MiB fragments, so peak
memory is about twice the largest single sequence (its pieces, then the joined string), whatever the file
size. Runs of clean sequence lines (the bulk of any genome) are taken a block at a time, not line by line.

What tbl2asn (and NCBI's FASTA reader inside it) does, and what we do:

* The SeqID is the first word after ``>``. A bare word is a local id (``lcl``); ``lcl|x``, ``gnl|db|x`` and
  the database forms (``gb|ACC|NAME``, ``gi|123`` ...) may be chained, as in BankIt's
  ``lcl|A1|gnl|BankIt|SUB1_A1``.
  NCBI refuses local ids over 50 characters and the characters ``> [ ] | "``; its submission pages ask for
  letters, digits and ``- _ . : * #`` only, so other characters get a warning.
* ``[name=value]`` source modifiers are taken out of the title. Names are matched ignoring case and
  treating ``-``, ``_`` and spaces alike, with spaces allowed around ``=`` (``[organism= X]`` works). A name
  tbl2asn does not know stays in the title, where its validator reports SEQ_DESCR.FastaBracketTitle.
* ``>?100`` is a gap of known length, ``>?unk100`` one of unknown length; both become that many ``N``.
* Residues are IUPAC codes in either case (lowercase soft-masking is accepted and lost). Spaces and tabs
  inside sequence lines are skipped silently, as NCBI does. Digits, ``-``, ``*`` and other characters are
  dropped, as NCBI's reader drops invalid residues, but reported: each one shifts every later position.
"""

from __future__ import annotations

import difflib
import re
import string
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from gbprep.model.diagnostics import Finding, Report, Severity, SourcePos, declare
from gbprep.model.records import Gap, LineMap, ProteinRecord, SequenceRecord, SourceModifier
from gbprep.model.seqids import id_key as _id_key
from gbprep.model.seqids import split_seq_id as _split_seq_id
from gbprep.readers.textio import DEFAULT_LIMITS, ReadLimits, TextSource

__all__ = ["DEFAULT_LIMITS", "read_fasta", "read_protein_fasta"]

# NCBI C++ toolkit limits (CSeq_id::kMaxLocalIDLength and friends); table2asn refuses longer ids.
MAX_LOCAL_ID = 50
MAX_GENERAL_TAG = 50
MAX_GENERAL_DB = 20
# A gap line expands into Ns held in memory, so a 14-byte line must not be allowed to ask for gigabytes.
MAX_GAP_LENGTH = 100_000_000
MAX_GAP_TOTAL = 1_000_000_000
# A protein or binary file read as nucleotides would otherwise give one finding for every line.
LINE_FINDINGS_PER_RECORD = 20

_CHARS_FIX = "Use only letters, digits and - _ . : * # in SeqIDs, e.g. contig_1."

NOT_FASTA = declare(
    "FASTA.NotFasta",
    Severity.REJECT,
    "The file is not FASTA",
    "Upload the sequences as FASTA: each record is a line '>SeqID [organism=...]' followed by lines of "
    "sequence.",
)
NO_HEADER = declare(
    "FASTA.NoHeader",
    Severity.ERROR,
    "Sequence without a '>' definition line",
    "Put a definition line such as '>contig_1 [organism=Genus species]' before the sequence.",
)
NO_RECORDS = declare(
    "FASTA.NoRecords",
    Severity.ERROR,
    "The file holds no FASTA records",
    "Upload the FASTA file that holds the sequences; this one has only blank lines.",
)
TEXT_BEFORE_HEADER = declare(
    "FASTA.TextBeforeFirstHeader",
    Severity.ERROR,
    "Text before the first '>' line",
    "Delete the lines before the first '>' line, or give them their own '>SeqID' line if they are sequence.",
)
MISSING_SEQID = declare(
    "FASTA.MissingSeqId",
    Severity.ERROR,
    "A '>' line without a SeqID",
    "Write the SeqID straight after '>', e.g. '>contig_1 [organism=Genus species]'.",
)
SPACE_BEFORE_SEQID = declare(
    "FASTA.SpaceBeforeSeqId",
    Severity.WARNING,
    "Space between '>' and the SeqID",
    "Remove the space after '>'; some tools then read an empty SeqID.",
)
SEQID_TOO_LONG = declare(
    "FASTA.SeqIdTooLong",
    Severity.ERROR,
    "SeqID longer than NCBI allows",
    f"Shorten the SeqID to {MAX_LOCAL_ID} characters or fewer, and use the same new name in the feature "
    "table and any .src/.cmt files.",
    ncbi="SEQ_INST.BadSeqIdLength",
)
SEQID_INVALID_CHAR = declare(
    "FASTA.SeqIdInvalidCharacter",
    Severity.ERROR,
    "SeqID with a character NCBI refuses",
    _CHARS_FIX,
    ncbi="SEQ_INST.BadSeqIdCharacter",
)
SEQID_UNUSUAL_CHAR = declare(
    "FASTA.SeqIdUnusualCharacter",
    Severity.WARNING,
    "SeqID with a character NCBI advises against",
    _CHARS_FIX,
    ncbi="SEQ_INST.BadSeqIdFormat",
)
BAD_SEQID_FORMAT = declare(
    "FASTA.BadSeqIdFormat",
    Severity.ERROR,
    "SeqID in an unreadable NCBI format",
    "Use a plain name such as contig_1, or one of NCBI's forms lcl|name or gnl|yourlab|name. A '|' is read "
    "as a separator between id parts.",
    ncbi="SEQ_INST.BadSeqIdFormat",
)
DATABASE_SEQID = declare(
    "FASTA.DatabaseSeqId",
    Severity.WARNING,
    "SeqID names a record of a public database",
    "For a new submission use your own name (contig_1 or gnl|yourlab|contig_1). Database ids such as "
    "gb|ACC or gi|123 are for updates of existing records; tell the curators if this is one.",
)
SEQID_LIKE_ACCESSION = declare(
    "FASTA.SeqIdLooksLikeAccession",
    Severity.INFO,
    "SeqID has the form of an INSDC accession",
    "Nothing to do if this is just your name for the sequence. It will not be linked to the record with "
    "that accession; if this submission updates that record, tell the curators.",
)
DUPLICATE_SEQID = declare(
    "FASTA.DuplicateSeqId",
    Severity.ERROR,
    "SeqID used for two sequences",
    "Give every sequence its own SeqID; features and source modifiers are attached by SeqID.",
    ncbi="SEQ_INST.IdOnMultipleBioseqs",
)
SEQID_CASE_CONFLICT = declare(
    "FASTA.SeqIdCaseConflict",
    Severity.WARNING,
    "Two SeqIDs differ only in upper/lower case",
    "Rename one of them; several tools (and people) do not tell them apart.",
    ncbi="SEQ_INST.CaseDifferenceInSeqID",
)
HEADER_TOO_LONG = declare(
    "FASTA.HeaderTooLong",
    Severity.ERROR,
    "Definition line longer than allowed",
    "Check that the line ends were not lost: the sequence may have been joined onto the '>' line.",
)
SEQUENCE_IN_DEFLINE = declare(
    "FASTA.SequenceInDefline",
    Severity.WARNING,
    "Definition line ends in what looks like sequence",
    "Put the sequence on the lines after the '>' line; the definition line holds only the SeqID, source "
    "modifiers and a title.",
)
UNBALANCED_BRACKET = declare(
    "FASTA.UnbalancedBracket",
    Severity.ERROR,
    "Unbalanced '[' or ']' in the definition line",
    "Write each source modifier as [name=value], with one '[' and one ']' and no brackets inside the value.",
    ncbi="SEQ_DESCR.FastaBracketTitle",
)
UNKNOWN_MODIFIER = declare(
    "FASTA.UnknownModifier",
    Severity.WARNING,
    "Source modifier name tbl2asn does not know",
    "Use a name from NCBI's list of source modifiers (e.g. [strain=...], [isolate=...], [plasmid-name=...], "
    "[location=mitochondrion]); an unknown one stays in the sequence title.",
    ncbi="SEQ_DESCR.FastaBracketTitle",
)
MODIFIER_VALUE = declare(
    "FASTA.ModifierValue",
    Severity.WARNING,
    "Source modifier value not recognised",
    "Use one of the values listed in the message.",
)
REPEATED_MODIFIER = declare(
    "FASTA.RepeatedModifier",
    Severity.ERROR,
    "Source modifier given twice on one definition line",
    "Keep one copy of the modifier.",
)
BAD_GAP_LINE = declare(
    "FASTA.BadGapLine",
    Severity.ERROR,
    "Gap line that cannot be read",
    "Write a gap as its own line: '>?100' for a gap of about 100 bases, '>?unk100' for a gap of unknown "
    "length, inside a record (after its '>SeqID' line).",
)
INVALID_RESIDUE = declare(
    "FASTA.InvalidResidue",
    Severity.ERROR,
    "Characters that are not IUPAC sequence codes",
    "Use only the IUPAC codes A C G T (U) and R Y S W K M B D H V N; write unknown bases as N. The "
    "characters were dropped, so every later position in this sequence has moved.",
    ncbi="SEQ_INST.InvalidResidue",
)
DIGITS_IN_SEQUENCE = declare(
    "FASTA.DigitsInSequence",
    Severity.WARNING,
    "Digits in sequence lines",
    "Remove the position numbers (as in a GenBank ORIGIN block); they were skipped.",
)
HYPHEN_IN_SEQUENCE = declare(
    "FASTA.HyphenInSequence",
    Severity.ERROR,
    "'-' in sequence lines",
    "'-' is an alignment gap and a sequence record has none: remove the hyphens (they were dropped), or "
    "write a real gap as N or as a '>?unk100' gap line. Submit unaligned sequences.",
)
NON_ASCII_DEFLINE = declare(
    "FASTA.NonAsciiDefinitionLine",
    Severity.WARNING,
    "A character outside ASCII in the definition line",
    "GenBank records are plain ASCII: replace accented letters (é by e), typographic quotes and dashes, and "
    "delete invisible characters such as direction marks or zero-width spaces.",
    ncbi="GENERIC.NonAsciiAsn",
)
COMMENT_LINE = declare(
    "FASTA.CommentLine",
    Severity.WARNING,
    "Comment line (';') inside a record",
    "Delete the line; FASTA readers skip ';' lines, so it is not part of the sequence or the title.",
)
EMPTY_SEQUENCE = declare(
    "FASTA.EmptySequence",
    Severity.ERROR,
    "Record without sequence",
    "Add the sequence under the '>' line, or delete the '>' line.",
)
PROTEIN_IN_NUCLEOTIDE = declare(
    "FASTA.ProteinInNucleotideFile",
    Severity.ERROR,
    "Protein sequence in the nucleotide FASTA",
    "The nucleotide file (.fsa) holds DNA/RNA only. Upload proteins as a .pep file, or leave them out: "
    "tbl2asn translates the CDS features itself.",
)
NUCLEOTIDE_IN_PROTEIN = declare(
    "FASTA.NucleotideInProteinFile",
    Severity.WARNING,
    "Nucleotide sequence in the protein FASTA",
    "The .pep file holds amino-acid sequences; check that the right file was uploaded.",
)
STOP_IN_PROTEIN = declare(
    "FASTA.StopInProtein",
    Severity.ERROR,
    "Stop codon '*' inside a protein",
    "A protein ends at its first stop; check the CDS and its translation. Only a final '*' is allowed.",
    ncbi="SEQ_INST.StopInProtein",
)
READER_FAILURE = declare(
    "FASTA.ReaderFailure",
    Severity.ERROR,
    "The FASTA reader stopped unexpectedly",
    "This is a fault in the portal, not in your file. Please report it to the curators with the file.",
)

# -- SeqIDs -------------------------------------------------------------------------------------------------

# Number of fields after each NCBI id type (min, max): "gb|ACC" or "gb|ACC|LOCUS", "gnl|DB|TAG" ...
_REFUSED_ID_CHARS = re.compile(r'[\[\]>|"\x00-\x20\x7f-\U0010ffff]')
_ADVISED_ID = re.compile(r"[A-Za-z0-9_.:*#-]*")
_NUC_ACCESSION = re.compile(
    r"(?:[A-Z]\d{5}|[A-Z]{2}\d{6}|[A-Z]{2}\d{8}|[A-Z]{4}\d{8,10}|[A-Z]{6}\d{9,11}|[ANX][CGTWZMR]_\d{6,9})"
    r"(?:\.\d+)?"
)
_PROT_ACCESSION = re.compile(r"(?:[A-Z]{3}\d{5}|[A-Z]{3}\d{7}|[ANXYW]P_\d{6,9})(?:\.\d+)?")
# NCBI warns when a definition line ends in 20 or more of these: the sequence was probably put there.
_BASE_LETTERS = "ACGTNacgtn"


def _short(text: str, limit: int = 60) -> str:
    """Names as quoted in messages: a megabyte-long 'SeqID' must not be copied into every finding text."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


# -- Source modifiers --------------------------------------------------------------------------------------

# A word list reads better than 130 quoted strings.
_MODIFIER_NAMES = frozenset(
    """
    organism strain isolate substrain sub_species variety serotype serogroup serovar cultivar pathovar
    chemovar biovar biotype group subgroup type subtype ecotype forma forma_specialis breed common acronym
    dosage host authority anamorph teleomorph synonym gb_acronym gb_anamorph gb_synonym old_name old_lineage
    specimen_voucher culture_collection bio_material metagenome_source type_material mating_type
    chromosome map clone subclone haplotype haplogroup genotype sex cell_line cell_type tissue_type clone_lib
    dev_stage frequency germline rearranged lab_host pop_variant tissue_lib plasmid_name transposon_name
    insertion_seq_name plastid_name country geo_loc_name segment endogenous_virus_name transgenic
    environmental_sample isolation_source lat_lon altitude collection_date collected_by identified_by
    fwd_primer_seq rev_primer_seq fwd_primer_name rev_primer_name fwd_pcr_primer_seq rev_pcr_primer_seq
    fwd_pcr_primer_name rev_pcr_primer_name metagenomic linkage_group
    note subsource_note orgmod_note
    location origin focus gcode mgcode pgcode moltype molecule tech completeness topology strand
    secondary_accession keyword db_xref division lineage taxid bioproject biosample sra project comment
    primary_accessions gene gene_syn gene_synonym allele protein prot_desc ec_number function locus_tag
    product
    """.split()  # noqa: SIM905
)
_ALIASES = {
    "org": "organism",
    "mol_type": "moltype",
    "dbxref": "db_xref",
    "specific_host": "host",
    "nat_host": "host",
    "subspecies": "sub_species",
    "completedness": "completeness",
    "note_orgmod": "orgmod_note",
    "note_subsrc": "subsource_note",
    "secondary_accessions": "secondary_accession",
    "keywords": "keyword",
}
# Names people write that tbl2asn leaves in the title (the corpus has [plasmid=] and [organelle=]).
_SUGGESTIONS = {
    "plasmid": "plasmid-name",
    "organelle": "location",
    "species": "organism",
    "organism_name": "organism",
    "taxon": "organism",
    "plastid": "plastid-name",
    "genetic_code": "gcode",
    "voucher": "specimen-voucher",
    "date": "collection-date",
    "source": "isolation-source",
}
# One value per sequence; a second copy is a contradiction, not an addition.
_SINGLE_VALUED = frozenset(
    """organism topology location gcode mgcode pgcode moltype molecule tech completeness origin focus taxid
    division lineage""".split()  # noqa: SIM905
)
_GENETIC_CODES = frozenset({1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14, 15, 16, *range(21, 32), 33})


def _vocabulary(words: str) -> frozenset[str]:
    return frozenset(_norm_value(w) for w in words.split(","))


def _norm_value(value: str) -> str:
    return re.sub(r"[\s_-]+", " ", value.strip().lower())


_VOCABULARIES = {
    "topology": _vocabulary("linear,circular,tandem,other"),
    "molecule": _vocabulary("dna,rna"),
    "location": _vocabulary(
        "genomic,chloroplast,chromoplast,kinetoplast,mitochondrion,plastid,macronuclear,extrachrom,plasmid,"
        "transposon,insertion-seq,cyanelle,proviral,virion,nucleomorph,apicoplast,leucoplast,proplastid,"
        "endogenous-virus,hydrogenosome,chromosome,chromatophore,plasmid-in-mitochondrion,plasmid-in-plastid"
    ),
    "moltype": _vocabulary(
        "genomic,genomic DNA,genomic RNA,mRNA,tRNA,rRNA,ncRNA,snRNA,scRNA,snoRNA,tmRNA,cRNA,viral cRNA,"
        "pre-RNA,precursor RNA,transcribed RNA,other RNA,other DNA,unassigned DNA,unassigned RNA,"
        "other-genetic,genomic-mRNA,transfer-messenger RNA"
    ),
    "tech": _vocabulary(
        "standard,est,sts,survey,genemap,physmap,derived,concept-trans,seq-pept,both,seq-pept-overlap,"
        "seq-pept-homol,concept-trans-a,htgs-0,htgs-1,htgs-2,htgs-3,fli-cdna,htc,wgs,barcode,"
        "composite-wgs-htgs,tsa,targeted,other"
    ),
    "completeness": _vocabulary("complete,partial,no-left,no-right,no-ends,has-left,has-right,unknown,other"),
}


def _norm_name(name: str) -> str:
    return re.sub(r"[\s_-]+", "_", name.strip().lower())


def _value_problem(name: str, value: str) -> tuple[Severity, str] | None:
    if not value:
        return Severity.WARNING, "has no value and was ignored"
    if name in ("gcode", "mgcode", "pgcode"):
        number = value.strip()
        if not (number.isascii() and number.isdigit() and len(number) < 4 and int(number) in _GENETIC_CODES):
            codes = ", ".join(str(c) for c in sorted(_GENETIC_CODES))
            return Severity.ERROR, f"is not an NCBI genetic code number ({codes})"
    vocabulary = _VOCABULARIES.get(name)
    if vocabulary is not None and _norm_value(value) not in vocabulary:
        return Severity.WARNING, "is not one of: " + ", ".join(sorted(vocabulary))
    return None


# -- Residues ----------------------------------------------------------------------------------------------

_ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)
_NUC_CODES = "ACGTUMRWSYKVHDBN"
_NUC_ODD = re.compile(rf"[^{_NUC_CODES}]+")
_PROT_ODD = re.compile(r"[^A-Z*]+")
# Runs of whole lines that need no per-line work: every character a code of the alphabet in either case
# (blank lines are cut off afterwards). Taken in bulk by ``_Reader._bulk``.
_NUC_CLEAN = re.compile(rf"[{_NUC_CODES}{_NUC_CODES.lower()}\n]*")
_PROT_CLEAN = re.compile(r"[A-Za-z*\n]*")
# Upper-cases and drops the line ends of a clean run in one pass (bytes.translate is the fastest way).
_BYTES_UPPER = bytes.maketrans(string.ascii_lowercase.encode(), string.ascii_uppercase.encode())
_SKIPPED = frozenset(" \t\f\v")
_MERGE_SIZE = 1 << 20
# Letters that are amino acids but not nucleotide codes; X is left out because DNA is often X-masked.
_PROTEIN_ONLY = frozenset("EFIJLOPQZ")
_SEQUENCE_LIKE = re.compile(r"[ACGTUMRWSYKVHDBNacgtumrwsykvhdbn\s\d]*")
_GAP_LINE = re.compile(r">\?\s*(unk)?\s*(\d*)\s*(.*)", re.IGNORECASE | re.DOTALL)
_GAP_MODIFIERS = re.compile(r"(?:\[[^\[\]]*\]\s*)*")  # each round starts at '[': no backtracking blow-up
_BRACKET_PAIR = re.compile(r"\[([^\[\]]*)\]")
_TBL_ROW = re.compile(r"\s*(?:[<>]?\d+\s+[<>]?\d+|\[)")  # "1<TAB>100<TAB>gene" or "[offset=10]"


@dataclass(frozen=True, slots=True)
class _Alphabet:
    name: str
    odd: re.Pattern[str]  # runs of characters outside the alphabet (after upper-casing)
    codes: str
    clean: re.Pattern[str]  # a run of lines with nothing to report (either case, no spaces)


_NUCLEOTIDE = _Alphabet("nucleotide", _NUC_ODD, "A C G T U R Y S W K M B D H V N", _NUC_CLEAN)
_PROTEIN = _Alphabet("amino-acid", _PROT_ODD, "the 26 letters and a final *", _PROT_CLEAN)


def _looks_like(line: str) -> tuple[str, bool] | None:
    """What a first line that is not a '>' line suggests the file is, and whether that is certain."""
    text = line.strip()
    head = text.split("\t")[0].strip().lower()
    for test, what in (
        (text.startswith("LOCUS"), "a GenBank flatfile (it starts with LOCUS)"),
        (line.startswith("ID   "), "an EMBL flatfile (it starts with ID)"),
        (text.startswith("##gff-version"), "a GFF3 annotation file"),
        (text.startswith("##fileformat=VCF"), "a VCF variant file"),
        (re.match(r"[A-Za-z][\w-]* ::=", text) is not None, "ASN.1 text (a .sbt template or a .sqn file)"),
        (text.startswith("StructuredCommentPrefix"), "a structured-comment (.cmt) file"),
        (text.startswith("@"), "FASTQ reads (it starts with @); submit assembled sequences as FASTA"),
        (text.startswith("<"), "XML or HTML"),
        (head in ("seqid", "seq_id", "sequence_id", "sequence id"), "a source-modifier table (.src)"),
        (text.count("\t") >= 8, "a GFF or GTF annotation file (9 tab-separated columns)"),
    ):
        if test:
            return what, True
    if text.startswith(("{", "[")):
        return "JSON or a list", False
    return None


@dataclass(slots=True)
class _Building:
    """A record while its lines are read, with the counts its end-of-record findings need."""

    seq_id: str
    title: str
    pos: SourcePos
    modifiers: list[SourceModifier]
    chunks: list[str] = field(default_factory=list)
    recent: list[str] = field(
        default_factory=list
    )  # short lines, merged into ``chunks`` about 1 MiB at a time
    recent_size: int = 0
    length: int = 0
    gaps: list[Gap] = field(default_factory=list)
    gap_total: int = 0
    line_map: LineMap = field(default_factory=LineMap)
    pending: list[Finding] = field(default_factory=list)
    bad_lines: int = 0
    bad_chars: int = 0
    first_unreported: int | None = None
    protein_letters: int = 0
    digits: int = 0
    digit_pos: SourcePos | None = None
    hyphens: int = 0
    hyphen_pos: SourcePos | None = None
    comments: int = 0
    comment_pos: SourcePos | None = None

    def append(self, residues: str) -> None:
        # A str per 60-letter line would cost ~50 bytes of object overhead per line, nearly doubling a
        # chromosome's footprint; merged pieces keep the total near the sequence length.
        if len(residues) >= _MERGE_SIZE >> 4:  # already a big piece (a bulk run): no need to copy it again
            self.length += len(residues)
            if self.recent:
                self.chunks.append("".join(self.recent))
                self.recent, self.recent_size = [], 0
            self.chunks.append(residues)
            return
        self.recent.append(residues)
        self.recent_size += len(residues)
        self.length += len(residues)
        if self.recent_size >= _MERGE_SIZE:
            self.chunks.append("".join(self.recent))
            self.recent, self.recent_size = [], 0

    def take_residues(self) -> str:
        residues = "".join([*self.chunks, *self.recent])
        self.chunks, self.recent, self.recent_size = [], [], 0
        return residues


class _Reader:
    """One pass over one file. ``alphabet``, ``modifiers`` (take known ones out of the title) and ``gaps``
    (accept '>?' gap lines) select the .fsa or the .pep/.rna behaviour."""

    def __init__(
        self,
        path: str | Path,
        report: Report,
        *,
        name: str | None,
        limits: ReadLimits,
        alphabet: _Alphabet,
        modifiers: bool,
        gaps: bool,
    ) -> None:
        self.source = TextSource(path, report, name=name, limits=limits)
        self.file = self.source.name
        self.report = report
        self.limits = limits
        self.alphabet = alphabet
        self.modifiers = modifiers
        self.gaps = gaps
        self.line = 1  # the line being read, for the last-resort finding
        self.seen: dict[str, int] = {}
        self.seen_folded: dict[str, tuple[str, int]] = {}
        # per line, because a long line arrives in several fragments
        self.line_bad = 0
        self.line_bad_col = 0
        self.line_bad_chars: list[str] = []
        # The record whose next lines may be taken in bulk (not inside a fragmented line, not deciding
        # whether the file is a feature table); set by ``_records`` after each line, read by ``_lines``.
        self.bulk_record: _Building | None = None

    def at(self, line: int, column: int | None = None) -> SourcePos:
        return SourcePos(self.file, line, column)

    def add(self, finding: Finding) -> None:
        self.report.add(finding)

    # -- the line loop --------------------------------------------------------------------------------------

    def records(self) -> Iterator[_Building]:
        """Never raises: a fault in this module becomes a finding, and reading stops there."""
        try:
            yield from self._records()
        except Exception as exc:  # a last resort: the caller's batch must survive a reader bug
            self.add(
                READER_FAILURE(
                    self.at(self.line),
                    f"Reading {self.file} stopped at line {self.line}: internal error {type(exc).__name__}.",
                )
            )

    def _records(self) -> Iterator[_Building]:
        record: _Building | None = None
        any_header = False
        maybe_table = False  # the first record is named 'Feature': the next line tells whether this is a .tbl
        continuing = False  # inside a line that arrives in fragments
        kind = ""
        parts: list[str] = []
        size = col_base = lines_seen = number = 0
        pre_first = pre_last = pre_count = 0
        pre_sequence_like = pre_comments_only = True
        pre_guess: tuple[str, bool] | None = None

        for number, text, more in self._lines():
            self.line = number
            self.bulk_record = None
            if not continuing:  # the first fragment of a line decides what the line is
                lines_seen += 1
                parts, size, col_base = [], 0, 0
                lead = text[:1]  # one slice instead of several startswith calls: this runs for every line
                if lead == ">":
                    kind = "gap" if text[1:2] == "?" else "header"
                elif (not lead or lead.isspace()) and not more and not text.strip():
                    kind = "blank"
                elif record is None:
                    kind = "pre"
                    if not pre_count:
                        pre_first = number
                        pre_guess = _looks_like(text[:500])
                        if pre_guess is not None and pre_guess[1]:
                            message = f"{self.file} does not look like FASTA: it looks like {pre_guess[0]}."
                            self.add(NOT_FASTA(self.at(number, 1), message))
                            return
                    pre_count += 1
                    pre_last = number
                    pre_comments_only = pre_comments_only and text.startswith((";", "#"))
                elif lead == ";":
                    kind = "comment"
                else:
                    kind = "data"
                    if maybe_table and self._is_feature_table(record, text):
                        return
                    record.line_map.add(record.length, number)
                maybe_table = maybe_table and kind == "blank"

            if kind in ("header", "gap"):
                if size < self.limits.max_line_chars:
                    parts.append(text)
                size += len(text)
            elif kind == "data" and record is not None:
                self._residues(record, text, number, col_base)
            elif kind == "pre" and pre_sequence_like:
                pre_sequence_like = _SEQUENCE_LIKE.fullmatch(text) is not None

            continuing = more
            if continuing:
                col_base += len(text)
                continue

            if kind == "header":
                if record is not None:
                    yield self._finish(record)
                elif pre_count:
                    self._report_pre_text(
                        pre_first, pre_last, pre_count, pre_sequence_like, pre_comments_only
                    )
                record = self._header(self._whole_line(parts, size, number), number)
                maybe_table = not any_header and record.seq_id.lower() in ("feature", "features")
                any_header = True
            elif kind == "gap":
                self._gap_line(record, self._whole_line(parts, size, number), number)
            elif kind == "data" and record is not None:
                self._end_data_line(record, number)
            elif kind == "comment" and record is not None:
                record.comments += 1
                record.comment_pos = record.comment_pos or self.at(number, 1)
            if not maybe_table:
                self.bulk_record = record

        if record is not None:
            yield self._finish(record)
        elif pre_count:
            self._report_no_header(pre_first, pre_sequence_like, pre_guess)
        elif lines_seen:
            self.add(NO_RECORDS(self.at(1), f"{self.file} holds no '>' records."))

    def _lines(self) -> Iterator[tuple[int, str, bool]]:
        """``(number, text, more)`` for each line or fragment that ``_records`` must look at; runs of clean
        sequence lines of ``bulk_record`` are taken in bulk on the way and never reach it."""
        for number, block, more in self.source.line_blocks():
            if more:
                yield number, block, True
                continue
            pos, end = 0, len(block)
            while pos < end:
                record = self.bulk_record
                if record is not None:
                    pos, number = self._bulk(record, block, pos, number)
                    if pos == end:
                        break
                eol = block.index("\n", pos)
                yield number, block[pos:eol], False
                number += 1
                pos = eol + 1

    def _bulk(self, record: _Building, block: str, pos: int, number: int) -> tuple[int, int]:
        """Take the clean sequence lines at ``pos`` of ``block`` (line ``number``) in one go; returns the
        position and number of the first line not taken.

        Why: a genome is millions of 60-letter lines with nothing to report. Doing for a run of them at once
        what the per-line path does for each (a ``LineMap`` entry at the line's first residue, upper-cased
        residues) makes reading several times faster. A line with anything else (a space, a digit, a
        character outside the alphabet, '>' or ';', a blank line) ends the run and goes the careful way.
        """
        end = self.alphabet.clean.match(block, pos).end()  # type: ignore[union-attr]  # [..]* always matches
        cut = block.rfind("\n", pos, end) + 1  # whole lines only
        if cut <= pos or block.startswith("\n", pos):
            return pos, number
        blank = block.find("\n\n", pos, cut)
        if blank >= 0:
            cut = blank + 1
        run = block[pos:cut].encode("ascii")
        residues = run.translate(_BYTES_UPPER, b"\n").decode("ascii")
        count = len(run) - len(residues)  # lines in the run: one line end each
        width = run.find(b"\n")
        offsets, start = record.line_map.first_offsets, record.length
        head = count - 1
        if run[width : head * (width + 1) : width + 1] == b"\n" * head:
            # The usual layout: all lines but the last are as wide as the first (the line ends sit every
            # width + 1 bytes, and there are no others), so their first residues are evenly spaced.
            offsets.extend(range(start, start + head * width, width))
            offsets.append(start + head * width)
        else:
            for line in run.split(b"\n")[:-1]:
                offsets.append(start)
                start += len(line)
        record.line_map.lines.extend(range(number, number + count))
        record.append(residues)
        self.line = number + count - 1
        return cut, number + count

    def _is_feature_table(self, record: _Building, text: str) -> bool:
        if "\t" not in text and not _TBL_ROW.match(text):
            return False
        self.add(
            NOT_FASTA(
                self.at(record.pos.line, 1),
                f"{self.file} does not look like FASTA: it looks like a five-column feature table (.tbl), a "
                "'>Feature SeqID' line followed by rows of locations.",
                fix="Upload the feature table as the annotation (.tbl) file and the sequences (FASTA) here.",
            )
        )
        return True

    def _whole_line(self, parts: list[str], size: int, number: int) -> str:
        text = "".join(parts)
        if size > self.limits.max_line_chars:
            text = text[: self.limits.max_line_chars]
            self.add(
                HEADER_TOO_LONG(
                    self.at(number, 1),
                    f"The '>' line at line {number} is {size:,} characters long, more than "
                    f"{self.limits.max_line_chars:,}; the rest of it was ignored.",
                )
            )
        return text

    def _report_pre_text(
        self, first: int, last: int, count: int, sequence_like: bool, comments: bool
    ) -> None:
        where = f"Line {first}" if count == 1 else f"Lines {first}-{last}"
        if comments:
            message = f"{where} before the first '>' line are comments (';' or '#'); ignored."
            self.add(TEXT_BEFORE_HEADER(self.at(first, 1), message, severity=Severity.WARNING))
        elif sequence_like:
            message = (
                f"{where} before the first '>' line look like sequence without a definition line; ignored."
            )
            self.add(TEXT_BEFORE_HEADER(self.at(first, 1), message, fix=NO_HEADER.fix))
        else:
            self.add(
                TEXT_BEFORE_HEADER(self.at(first, 1), f"{where} before the first '>' line were ignored.")
            )

    def _report_no_header(self, first: int, sequence_like: bool, guess: tuple[str, bool] | None) -> None:
        if sequence_like:
            self.add(NO_HEADER(self.at(first, 1), f"{self.file} holds sequence but no '>' definition line."))
            return
        looks = f" It looks like {guess[0]}." if guess else ""
        self.add(
            NOT_FASTA(
                self.at(first, 1), f"{self.file} has no line starting with '>', so no FASTA records.{looks}"
            )
        )

    # -- definition lines -----------------------------------------------------------------------------------

    def _header(self, text: str, line: int) -> _Building:
        body = text[1:]
        lead = len(body) - len(body.lstrip())
        word = re.match(r"\S*", body[lead:])
        token = word.group() if word else ""
        rest_at = 1 + lead + len(token)  # 0-based index of the text after the SeqID
        if "[" in token:
            cut = token.index("[")
            if cut:  # '> [organism=x]' has no SeqID at all, which MISSING_SEQID below says
                self.add(
                    SEQID_INVALID_CHAR(
                        self.at(line, 2 + lead + cut),
                        f"No space between the SeqID and '[' at line {line}: '{_short(token)}'.",
                        fix="Put a space between the SeqID and the first [modifier]: '>contig_1 [organism=...]'.",
                    )
                )
            token, rest_at = token[:cut], 1 + lead + cut
        if not token:
            self.add(MISSING_SEQID(self.at(line, 2), f"The '>' line at line {line} has no SeqID."))
        elif lead:
            self.add(
                SPACE_BEFORE_SEQID(
                    self.at(line, 2), f"Space between '>' and SeqID '{_short(token)}' at line {line}."
                )
            )
        if token:
            self._check_seq_id(token, line, 2 + lead)
        pos = self.at(line, 1)
        rest = text[rest_at:]
        if not rest.isascii():
            self._non_ascii(rest, rest_at, line, token)
        title, modifiers = self._modifiers(rest, rest_at, line, token)
        stripped = text.rstrip()
        run = len(stripped) - len(stripped.rstrip(_BASE_LETTERS))
        if run >= 20:
            start = len(stripped) - run
            in_id = start < rest_at and run > 25
            self.add(
                SEQUENCE_IN_DEFLINE(
                    self.at(line, start + 1),
                    f"The definition line at line {line} ends with {run:,} nucleotide letters.",
                    seq_id=token,
                    severity=Severity.ERROR if in_id else None,
                )
            )
        return _Building(seq_id=token, title=title, pos=pos, modifiers=modifiers)

    def _non_ascii(self, rest: str, offset: int, line: int, seq_id: str) -> None:
        """One finding per definition line, at its first non-ASCII character, shown as a code point: a
        right-to-left override (U+202E) or a zero-width space is invisible when printed."""
        odd = [(i, c) for i, c in enumerate(rest) if not c.isascii()]
        hidden = [(i, c) for i, c in odd if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
        index, char = (hidden or odd)[0]  # an invisible one matters most: point at it
        column = offset + index + 1
        invisible = bool(hidden)
        count = len(odd)
        more = f" ({count} non-ASCII characters in all)" if count > 1 else ""
        name = unicodedata.name(char, "unnamed character")
        self.add(
            NON_ASCII_DEFLINE(
                self.at(line, column),
                f"The definition line at line {line} has U+{ord(char):04X} ({name}) at column {column}{more}"
                + (
                    "; it is invisible and can make the text display differently from what it is."
                    if invisible
                    else "."
                ),
                seq_id=seq_id or None,
                severity=Severity.ERROR if invisible else None,
            )
        )

    def _check_seq_id(self, token: str, line: int, column: int) -> None:
        ids, shown = _split_seq_id(token), _short(token)
        if ids is None:
            self.add(
                BAD_SEQID_FORMAT(
                    self.at(line, column + token.index("|")),
                    f"SeqID '{shown}' at line {line} contains '|' but is not an NCBI id: a '|' form must "
                    "start with an id type such as lcl| or gnl|.",
                    seq_id=token,
                )
            )
            keys: tuple[str, ...] = (f"lcl|{token}",)
        else:
            keys = tuple(_id_key(kind, values) for kind, values in ids)
            database_reported = False
            for kind, values in ids:
                if kind == "lcl":
                    self._check_name(values[0], "local id", MAX_LOCAL_ID, token, line, column, accession=True)
                elif kind == "gnl":
                    self._check_name(values[0], "database name", MAX_GENERAL_DB, token, line, column)
                    self._check_name(values[1], "general id", MAX_GENERAL_TAG, token, line, column)
                elif not database_reported:
                    database_reported = True
                    self.add(
                        DATABASE_SEQID(
                            self.at(line, column),
                            f"SeqID '{shown}' at line {line} uses the public-database id type '{kind}|'.",
                            seq_id=token,
                        )
                    )
        for key in keys:
            if key in self.seen:
                self.add(
                    DUPLICATE_SEQID(
                        self.at(line, column),
                        f"SeqID '{shown}' at line {line} was already used at line {self.seen[key]}.",
                        seq_id=token,
                    )
                )
                break
            folded = self.seen_folded.get(key.lower())
            if folded is not None:
                self.add(
                    SEQID_CASE_CONFLICT(
                        self.at(line, column),
                        f"SeqID '{shown}' at line {line} differs only in case from "
                        f"'{folded[0].split('|', 1)[1]}' at line {folded[1]}.",
                        seq_id=token,
                    )
                )
                break
        for key in keys:
            self.seen.setdefault(key, line)
            self.seen_folded.setdefault(key.lower(), (key, line))

    def _check_name(
        self,
        value: str,
        what: str,
        limit: int,
        token: str,
        line: int,
        column: int,
        *,
        accession: bool = False,
    ) -> None:
        shown, shown_value = _short(token), _short(value)
        if not value:
            self.add(
                BAD_SEQID_FORMAT(
                    self.at(line, column), f"SeqID '{shown}' at line {line} has an empty {what}."
                )
            )
            return
        if len(value) > limit:
            self.add(
                SEQID_TOO_LONG(
                    self.at(line, column),
                    f"The {what} '{shown_value}' in SeqID at line {line} is {len(value)} characters long; "
                    f"NCBI allows {limit}.",
                    seq_id=token,
                    fix=None if what == "local id" else f"Shorten the {what} to {limit} characters or fewer.",
                )
            )
        refused = _REFUSED_ID_CHARS.search(value)
        advised = _ADVISED_ID.match(value)
        if refused is not None:
            bad = refused.group()
            self.add(
                SEQID_INVALID_CHAR(
                    self.at(line, column + token.find(bad)),
                    f"SeqID '{shown}' at line {line} contains {bad!r}, which NCBI does not allow.",
                    seq_id=token,
                )
            )
        elif advised is not None and advised.end() < len(value):
            bad = value[advised.end()]
            self.add(
                SEQID_UNUSUAL_CHAR(
                    self.at(line, column + token.find(bad)),
                    f"SeqID '{shown}' at line {line} contains {bad!r}; NCBI asks for letters, digits "
                    "and - _ . : * # only.",
                    seq_id=token,
                )
            )
        pattern = _PROT_ACCESSION if self.alphabet is _PROTEIN else _NUC_ACCESSION
        if accession and pattern.fullmatch(value):
            self.add(
                SEQID_LIKE_ACCESSION(
                    self.at(line, column),
                    f"SeqID '{shown_value}' at line {line} has the form of an INSDC accession; it is kept as "
                    "your own name for the sequence.",
                    seq_id=token,
                )
            )

    def _modifiers(self, rest: str, offset: int, line: int, seq_id: str) -> tuple[str, list[SourceModifier]]:
        """Split the text after the SeqID into title and modifiers, in one linear pass.

        Only unnested ``[...]`` pairs are candidates (a regex finds them without backtracking across the
        line, which matters for a megabyte-long definition line). A pair is taken out of the title when it
        is a modifier tbl2asn knows; .pep/.rna titles keep every pair.
        """
        title: list[str] = []
        modifiers: list[SourceModifier] = []
        first_seen: dict[str, tuple[str, int]] = {}
        pos = 0
        unbalanced = False
        for match in _BRACKET_PAIR.finditer(rest):
            between = rest[pos : match.start()]
            if not unbalanced and ("[" in between or "]" in between):
                unbalanced = self._unbalanced(between, offset + pos, line, seq_id)
            title.append(between)
            pos = match.end()
            if not self.modifiers or self._pair(match, offset, line, seq_id, first_seen, modifiers):
                title.append(match.group())
        tail = rest[pos:]
        if not unbalanced and ("[" in tail or "]" in tail):
            self._unbalanced(tail, offset + pos, line, seq_id)
        title.append(tail)
        return " ".join("".join(title).split()), modifiers

    def _pair(
        self,
        match: re.Match[str],
        offset: int,
        line: int,
        seq_id: str,
        first_seen: dict[str, tuple[str, int]],
        modifiers: list[SourceModifier],
    ) -> bool:
        """Read one ``[name=value]``; True when it stays in the title (plain text or an unknown name)."""
        inner = match.group(1)
        if "=" not in inner:  # plain bracketed text, e.g. "hypothetical protein [Homo sapiens]"
            return True
        column = offset + match.start() + 1
        raw_name, _, raw_value = inner.partition("=")
        shown = _short(raw_name.strip())
        name = _norm_name(raw_name)
        name = _ALIASES.get(name, name)
        value = " ".join(raw_value.split())
        if name not in _MODIFIER_NAMES:
            self._unknown_modifier(raw_name.strip(), name, column, line, seq_id)
            return True
        problem = _value_problem(name, value)
        if problem is not None:
            self.add(
                MODIFIER_VALUE(
                    self.at(line, column),
                    f"[{shown}={_short(value)}] at line {line}: the value {problem[1]}.",
                    seq_id=seq_id,
                    severity=problem[0],
                )
            )
            if not value:
                return False
        if name in _SINGLE_VALUED and name in first_seen:
            earlier, earlier_col = first_seen[name]
            same = _norm_value(earlier) == _norm_value(value)
            self.add(
                REPEATED_MODIFIER(
                    self.at(line, column),
                    f"[{shown}=...] appears twice at line {line} (columns {earlier_col} and "
                    f"{column}) "
                    + ("with the same value." if same else f"as '{_short(earlier)}' and '{_short(value)}'."),
                    seq_id=seq_id,
                    severity=Severity.WARNING if same else None,
                )
            )
        first_seen.setdefault(name, (value, column))
        modifiers.append(SourceModifier(name=name, value=value, pos=self.at(line, column)))
        return False

    def _unbalanced(self, text: str, offset: int, line: int, seq_id: str) -> bool:
        """Report the first bracket in ``text`` (which holds no complete pair); once per line is enough."""
        opening, closing = text.find("["), text.find("]")
        if opening >= 0 and (closing < 0 or opening < closing):
            after = re.split(r"[\[\]]", text[opening + 1 :], maxsplit=1)[0]
            intended = "=" in after
            self.add(
                UNBALANCED_BRACKET(
                    self.at(line, offset + opening + 1),
                    f"'[' at line {line}, column {offset + opening + 1} is never closed: "
                    f"'[{after[:40]}'" + ("; that modifier was not read." if intended else "."),
                    seq_id=seq_id,
                    severity=None if intended else Severity.WARNING,
                )
            )
        else:
            self.add(
                UNBALANCED_BRACKET(
                    self.at(line, offset + closing + 1),
                    f"']' at line {line}, column {offset + closing + 1} has no matching '['.",
                    seq_id=seq_id,
                    severity=Severity.WARNING,
                )
            )
        return True

    def _unknown_modifier(self, raw: str, name: str, column: int, line: int, seq_id: str) -> None:
        shown = _short(raw)
        suggestion = _SUGGESTIONS.get(name)
        if suggestion is None:
            close = difflib.get_close_matches(name, _MODIFIER_NAMES, n=1, cutoff=0.8)
            suggestion = close[0].replace("_", "-") if close else None
        hint = f" Did you mean [{suggestion}=...]?" if suggestion else ""
        self.add(
            UNKNOWN_MODIFIER(
                self.at(line, column),
                f"[{shown}=...] at line {line} is not a source modifier tbl2asn knows; it was left in the "
                f"title.{hint}",
                seq_id=seq_id,
            )
        )

    # -- sequence lines -------------------------------------------------------------------------------------

    def _residues(self, record: _Building, text: str, line: int, col_base: int) -> None:
        data = text.upper() if text.isascii() else text.translate(_ASCII_UPPER)
        odd = self.alphabet.odd
        if odd.search(data) is None:  # the common case: nothing to report, no per-character work
            record.append(data)
            return
        record.append(odd.sub("", data))
        for match in odd.finditer(data):
            for index, char in enumerate(match.group(), match.start()):
                if char in _SKIPPED:
                    continue
                column = col_base + index + 1
                if "0" <= char <= "9":
                    record.digits += 1
                    record.digit_pos = record.digit_pos or self.at(line, column)
                elif char == "-":
                    record.hyphens += 1
                    record.hyphen_pos = record.hyphen_pos or self.at(line, column)
                else:
                    if not self.line_bad:
                        self.line_bad_col = column
                    self.line_bad += 1
                    if len(self.line_bad_chars) < 5 and char not in self.line_bad_chars:
                        self.line_bad_chars.append(char)
                    if char in _PROTEIN_ONLY:
                        record.protein_letters += 1

    def _end_data_line(self, record: _Building, line: int) -> None:
        if not self.line_bad:
            return
        record.bad_lines += 1
        record.bad_chars += self.line_bad
        if len(record.pending) < LINE_FINDINGS_PER_RECORD:
            shown = " ".join(repr(c) for c in self.line_bad_chars)
            x_hint = (
                " X is an amino-acid code; write unknown bases as N." if "X" in self.line_bad_chars else ""
            )
            record.pending.append(
                INVALID_RESIDUE(
                    self.at(line, self.line_bad_col),
                    f"Line {line} has {self.line_bad} character{'s' if self.line_bad > 1 else ''} that "
                    f"{'are' if self.line_bad > 1 else 'is'} not {self.alphabet.name} code ({shown}), the "
                    f"first at column {self.line_bad_col}; dropped.{x_hint}",
                    seq_id=record.seq_id,
                    fix=None if self.alphabet is _NUCLEOTIDE else f"Use only {self.alphabet.codes}.",
                )
            )
        elif record.first_unreported is None:
            record.first_unreported = line
        self.line_bad, self.line_bad_col, self.line_bad_chars = 0, 0, []

    def _gap_line(self, record: _Building | None, text: str, line: int) -> None:
        if record is None or not self.gaps:
            where = "before the first '>SeqID' line" if record is None else f"in {self.file}"
            self.add(
                BAD_GAP_LINE(
                    self.at(line, 1),
                    f"Gap line '{text[:40]}' at line {line} {where}; ignored."
                    + ("" if self.gaps else " Gap lines belong in the nucleotide (.fsa) file."),
                )
            )
            return
        match = _GAP_LINE.fullmatch(text.rstrip())
        digits = match.group(2) if match else ""
        if not digits or len(digits) > 12 or int(digits) == 0:
            self.add(
                BAD_GAP_LINE(
                    self.at(line, 1),
                    f"Gap line '{text[:40]}' at line {line} has no usable length; ignored.",
                    seq_id=record.seq_id,
                )
            )
            return
        length = int(digits)
        if length > MAX_GAP_LENGTH or record.gap_total + length > MAX_GAP_TOTAL:
            self.add(
                BAD_GAP_LINE(
                    self.at(line, 1),
                    f"Gap line at line {line} asks for {length:,} Ns, more than this portal expands "
                    f"({MAX_GAP_LENGTH:,} per gap, {MAX_GAP_TOTAL:,} per sequence); ignored.",
                    seq_id=record.seq_id,
                    fix="Check the gap length; ask the curators if the assembly really has gaps this long.",
                )
            )
            return
        assert match is not None  # digits came from it
        if _GAP_MODIFIERS.fullmatch(match.group(3)) is None:
            self.add(
                BAD_GAP_LINE(
                    self.at(line, 1),
                    f"Gap line at line {line} has text after the length that is not a [name=value] pair: "
                    f"'{match.group(3)[:40]}'; it was ignored.",
                    seq_id=record.seq_id,
                    severity=Severity.WARNING,
                )
            )
        record.line_map.add(record.length, line)
        record.gaps.append(Gap(record.length, length, match.group(1) is not None, self.at(line, 1)))
        record.append("N" * length)
        record.gap_total += length

    # -- end of a record ------------------------------------------------------------------------------------

    def _finish(self, record: _Building) -> _Building:
        seq_id, shown = record.seq_id, _short(record.seq_id)
        total = record.length + record.protein_letters
        if (
            self.alphabet is _NUCLEOTIDE
            and record.protein_letters >= 5
            and record.protein_letters * 10 >= total
        ):
            self.add(
                PROTEIN_IN_NUCLEOTIDE(
                    record.pos,
                    f"Sequence '{shown}' looks like protein: {record.protein_letters:,} of its letters are "
                    f"amino acids that are not nucleotide codes (E F I L P Q ...) on {record.bad_lines:,} "
                    "lines.",
                    seq_id=seq_id,
                )
            )
        else:
            self.report.extend(record.pending)
            if record.first_unreported is not None:
                more = record.bad_lines - len(record.pending)
                self.add(
                    INVALID_RESIDUE(
                        self.at(record.first_unreported),
                        f"{more:,} more lines of '{shown}' have invalid characters, from line "
                        f"{record.first_unreported} on ({record.bad_chars:,} characters in all); not listed "
                        "one by one.",
                        seq_id=seq_id,
                    )
                )
        record.pending = []
        if record.digits:
            self.add(
                DIGITS_IN_SEQUENCE(
                    record.digit_pos,
                    f"Sequence '{shown}' has {record.digits:,} digits in its sequence lines, the first at "
                    f"{record.digit_pos}; skipped.",
                    seq_id=seq_id,
                )
            )
        if record.hyphens:
            self.add(
                HYPHEN_IN_SEQUENCE(
                    record.hyphen_pos,
                    f"Sequence '{shown}' has {record.hyphens:,} '-' characters, the first at "
                    f"{record.hyphen_pos}; dropped.",
                    seq_id=seq_id,
                )
            )
        if record.comments:
            self.add(
                COMMENT_LINE(
                    record.comment_pos,
                    f"Sequence '{shown}' has {record.comments} comment line(s) starting with ';', the first "
                    f"at {record.comment_pos}; skipped.",
                    seq_id=seq_id,
                )
            )
        if record.length == 0:
            self.add(
                EMPTY_SEQUENCE(
                    record.pos, f"'{shown}' at line {record.pos.line} has no sequence.", seq_id=seq_id
                )
            )
        return record


# -- public entry points -----------------------------------------------------------------------------------


def read_fasta(
    path: str | Path,
    report: Report,
    *,
    name: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Iterator[SequenceRecord]:
    """Nucleotide records of a ``.fsa`` file, one at a time; every problem goes to ``report``, never raised.

    ``name`` is what findings call the file (the user's file name). Records with problems are still yielded
    (with invalid characters dropped) so later checks can run; the findings say what was wrong.
    """
    reader = _Reader(path, report, name=name, limits=limits, alphabet=_NUCLEOTIDE, modifiers=True, gaps=True)
    for built in reader.records():
        yield SequenceRecord(
            seq_id=built.seq_id,
            title=built.title,
            pos=built.pos,
            residues=built.take_residues(),
            modifiers=built.modifiers,
            gaps=built.gaps,
            line_map=built.line_map,
        )


def read_protein_fasta(
    path: str | Path,
    report: Report,
    *,
    name: str | None = None,
    kind: Literal["pep", "rna"] = "pep",
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Iterator[ProteinRecord]:
    """Records of a ``.pep`` (amino acids) or ``.rna`` (nucleotides) cross-check file.

    The title keeps its ``[gene=...] [protein=...]`` text as written, because these files name product
    qualifiers rather than source modifiers. A final ``*`` (stop) is removed from a protein; an inner one is
    reported.
    """
    if kind not in ("pep", "rna"):
        raise ValueError(f"kind must be 'pep' or 'rna', not {kind!r}")
    protein = kind == "pep"
    alphabet = _PROTEIN if protein else _NUCLEOTIDE
    reader = _Reader(path, report, name=name, limits=limits, alphabet=alphabet, modifiers=False, gaps=False)
    for built in reader.records():
        residues = built.take_residues()
        if protein:
            residues = _check_protein(reader, built, residues)
        yield ProteinRecord(seq_id=built.seq_id, title=built.title, pos=built.pos, residues=residues)


def _check_protein(reader: _Reader, record: _Building, residues: str) -> str:
    residues, shown = residues.rstrip("*"), _short(record.seq_id)
    stop = residues.find("*")
    if stop >= 0:
        reader.add(
            STOP_IN_PROTEIN(
                reader.at(record.line_map.line_of(stop) or record.pos.line),
                f"Protein '{shown}' has {residues.count('*')} '*' before its end, the first at "
                f"residue {stop + 1}.",
                seq_id=record.seq_id,
            )
        )
    if len(residues) >= 20:
        bases = sum(residues.count(code) for code in "ACGTUN")
        if bases * 10 >= len(residues) * 9:
            reader.add(
                NUCLEOTIDE_IN_PROTEIN(
                    record.pos,
                    f"'{shown}' is {bases * 100 // len(residues)}% A, C, G, T/U and N: it looks like "
                    "a nucleotide sequence, not a protein.",
                    seq_id=record.seq_id,
                )
            )
    return residues
