"""The limits and finding codes of the FASTA reader, in one place: each code may be declared only once,
and a curator can read here everything a FASTA file can get wrong and the limits the messages quote.
"""

from __future__ import annotations

from gbprep.model.diagnostics import Severity, declare

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
