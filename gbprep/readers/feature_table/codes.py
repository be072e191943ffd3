"""The finding codes the five-column feature table reader declares.

Kept apart from the reading code so that the reader's modules share one declaration of each code (a code
may be declared only once) and a curator can read the catalogue of what a table can get wrong in one place.
"""

from __future__ import annotations

from gbprep.model.diagnostics import Severity, declare

# --- findings -----------------------------------------------------------------------------------------------

MISSING_HEADER = declare(
    "TBL.MissingHeader",
    Severity.ERROR,
    "Feature table rows before any '>Feature' line",
    "Start each sequence's block with a line '>Feature SeqID', where SeqID is the identifier after '>' in "
    "the FASTA file. Rows before the first such line are ignored.",
)
NOT_A_HEADER = declare(
    "TBL.NotAHeader",
    Severity.ERROR,
    "A line starts with '>' but is not a '>Feature SeqID' line",
    "Write block headers as '>Feature SeqID'. Sequences belong in the FASTA file, not in the table. "
    "Everything up to the next '>Feature' line is ignored.",
)
MISSING_SEQ_ID = declare(
    "TBL.MissingSeqId",
    Severity.ERROR,
    "A '>Feature' line names no sequence",
    "Put the sequence identifier after '>Feature', separated by a space: '>Feature contig_1'. The features "
    "of a block without an identifier cannot be attached to any sequence.",
)
NO_FEATURE_TABLE = declare(
    "TBL.NoFeatureTable",
    Severity.ERROR,
    "The file holds no feature table",
    "A feature table starts with a '>Feature SeqID' line followed by feature rows. Check that this is the "
    "right file.",
)
EMPTY_TABLE = declare(
    "TBL.EmptyTable",
    Severity.WARNING,
    "A '>Feature' block has no features",
    "Add the features for this sequence under its '>Feature' line, or remove the line if the sequence has "
    "no annotation.",
)
REPEATED_SEQ_ID = declare(
    "TBL.RepeatedSeqId",
    Severity.INFO,
    "Two '>Feature' blocks name the same sequence",
    "Both blocks are attached to the sequence. Merge them if that was not intended.",
)
BAD_COORDINATE = declare(
    "TBL.BadCoordinate",
    Severity.ERROR,
    "A location column is not a number",
    "Columns 1 and 2 of a feature row hold the start and stop positions: whole numbers, optionally with '<' "
    "before the start or '>' before the stop for a partial end. The row was ignored.",
    ncbi="SEQ_FEAT.Range",
)
NON_POSITIVE_COORDINATE = declare(
    "TBL.NonPositiveCoordinate",
    Severity.ERROR,
    "A location is zero or negative",
    "Positions count from 1 at the first base of the sequence. Check the coordinates (and any [offset=] line "
    "above them). The row was ignored.",
    ncbi="SEQ_FEAT.Range",
)
PARTIAL_WRONG_COLUMN = declare(
    "TBL.PartialWrongColumn",
    Severity.ERROR,
    "A partial mark is in the wrong column",
    "'<' goes before the start (column 1) and '>' before the stop (column 2), whatever the strand: a 5' "
    "partial minus-strand gene is written '<900<TAB>100'... i.e. '<900' then '100'. The row was ignored.",
)
BAD_BETWEEN = declare(
    "TBL.BadBetween",
    Severity.WARNING,
    "A between-bases site does not span two adjacent bases",
    "A site between two bases is written 'N^' then 'N+1' (for example '100^' and '101').",
)
INTERNAL_PARTIAL = declare(
    "TBL.InternalPartial",
    Severity.WARNING,
    "A partial mark inside a multi-interval location",
    "Only the first interval's start may carry '<' and only the last interval's stop may carry '>'.",
    ncbi="SEQ_FEAT.PartialProblem",
)
EXTRA_COLUMNS = declare(
    "TBL.ExtraColumns",
    Severity.WARNING,
    "Text in a column that the table format does not have",
    "A feature row has start, stop and key (and optionally 'minus' in a sixth column); a qualifier row has "
    "the qualifier name and one value. The extra text was ignored or kept as noted in the message.",
)
INTERVAL_WITHOUT_FEATURE = declare(
    "TBL.IntervalWithoutFeature",
    Severity.ERROR,
    "An interval row with no feature above it",
    "Continuation rows (start and stop only) extend the feature above them. Add the feature key in column 3 "
    "of the first row of the feature.",
)
INTERVAL_AFTER_QUALIFIER = declare(
    "TBL.IntervalAfterQualifier",
    Severity.ERROR,
    "An interval row after the feature's qualifiers",
    "List all interval rows of a feature first, then its qualifiers. tbl2asn drops a feature whose intervals "
    "continue after a qualifier, so this feature was dropped.",
)
INDENTED_INTERVAL = declare(
    "TBL.IndentedInterval",
    Severity.ERROR,
    "An interval row starts with spaces or TABs",
    "Start and stop must start in column 1; a row that starts with whitespace is read as a qualifier. "
    "Remove the leading whitespace.",
)
UNINDENTED_QUALIFIER = declare(
    "TBL.UnindentedQualifier",
    Severity.ERROR,
    "A qualifier row starts in column 1",
    "Qualifier rows start with three TABs (columns 1-3 empty): TAB TAB TAB name TAB value. The row was "
    "ignored.",
)
UNKNOWN_FEATURE_KEY = declare(
    "TBL.UnknownFeatureKey",
    Severity.ERROR,
    "Unknown feature key",
    "Use a key from the INSDC feature table (gene, mRNA, CDS, tRNA, rRNA, ncRNA, misc_feature, ...); keys "
    "are case-sensitive. tbl2asn drops features with an unknown key, so this one and its qualifiers were "
    "ignored.",
    ncbi="SEQ_FEAT.UnknownImpFeatKey",
)
RETIRED_FEATURE_KEY = declare(
    "TBL.RetiredFeatureKey",
    Severity.WARNING,
    "Feature key retired from the INSDC feature table",
    "Replace the key as the message says; GenBank no longer accepts it as written.",
)
REFERENCE_IGNORED = declare(
    "TBL.ReferenceIgnored",
    Severity.INFO,
    "REFERENCE rows in the table are ignored",
    "tbl2asn drops REFERENCE pseudo-features (as GAG and funannotate write them). Give publications in the "
    "submission template instead.",
)
QUALIFIER_BEFORE_FEATURE = declare(
    "TBL.QualifierBeforeFeature",
    Severity.ERROR,
    "A qualifier row with no feature above it",
    "Qualifier rows describe the feature row above them. Add the feature row (start, stop, key) first. The "
    "qualifier was ignored.",
)
UNKNOWN_QUALIFIER = declare(
    "TBL.UnknownQualifier",
    Severity.ERROR,
    "Unknown qualifier",
    "Use an INSDC qualifier name (or one of NCBI's table qualifiers such as prot_desc or go_process). "
    "tbl2asn drops unknown qualifiers, so this one was ignored.",
    ncbi="SEQ_FEAT.UnknownFeatureQual",
)
OBSOLETE_QUALIFIER = declare(
    "TBL.ObsoleteQualifier",
    Severity.WARNING,
    "Qualifier no longer used",
    "Replace or remove the qualifier as the message says.",
)
QUALIFIER_NOT_ALLOWED = declare(
    "TBL.QualifierNotAllowed",
    Severity.WARNING,
    "Qualifier not allowed on this feature",
    "Move the qualifier to a feature that takes it, or use /note. The INSDC feature table lists which "
    "qualifiers each key takes.",
    ncbi="SEQ_FEAT.WrongQualOnFeature",
)
MISSING_VALUE = declare(
    "TBL.MissingValue",
    Severity.ERROR,
    "A qualifier has no value",
    "Put the value after the qualifier name, separated by a TAB. tbl2asn drops qualifiers without a value "
    "(only flags such as pseudo stand alone), so this one was ignored.",
)
FLAG_WITH_VALUE = declare(
    "TBL.FlagWithValue",
    Severity.WARNING,
    "A flag qualifier has a value",
    "This qualifier is written alone (for example just 'pseudo'); the value was ignored.",
)
CONTROL_CHARACTER = declare(
    "TBL.ControlCharacter",
    Severity.ERROR,
    "A control character inside a qualifier value",
    "Qualifier values are plain printable text. Remove the invisible control characters (they often come from "
    "copying out of a word processor or a binary file); they were removed here.",
)
QUOTE_IN_VALUE = declare(
    "TBL.QuoteInValue",
    Severity.WARNING,
    "A double quote inside a value",
    "GenBank values cannot contain double quotes; tbl2asn turns them into apostrophes, as was done here. "
    "Rephrase the value if that changes its meaning.",
)
BAD_OFFSET = declare(
    "TBL.BadOffset",
    Severity.ERROR,
    "An [offset=] line without a whole number",
    "Write '[offset=N]' with a whole number N; it is added to every position below it in the block. The "
    "line was ignored, so the positions below it were not shifted.",
)
UNKNOWN_COMMAND = declare(
    "TBL.UnknownCommand",
    Severity.WARNING,
    "A '[...]' line that is not [offset=N]",
    "The only bracketed instruction a feature table takes is '[offset=N]'. The line was ignored.",
)
BAD_CODON_START = declare(
    "TBL.BadCodonStart",
    Severity.ERROR,
    "codon_start is not 1, 2 or 3",
    "codon_start gives the first base of the first complete codon of a 5' partial CDS: 1, 2 or 3.",
    ncbi="SEQ_FEAT.InvalidCodonStart",
)
BAD_TRANSL_TABLE = declare(
    "TBL.BadTranslTable",
    Severity.ERROR,
    "transl_table is not a genetic code number",
    "Use an NCBI genetic code number (1-6, 9-16, 21-33), for example 11 for bacteria and plastids or 5 for "
    "invertebrate mitochondria.",
)
BAD_TRANSL_EXCEPT = declare(
    "TBL.BadTranslExcept",
    Severity.ERROR,
    "transl_except is not '(pos:LOCATION,aa:AMINO_ACID)'",
    "Write for example '(pos:591..593,aa:Sec)' or '(pos:complement(4156..4158),aa:TERM)', with a "
    "three-letter amino acid abbreviation, TERM or OTHER.",
    ncbi="SEQ_FEAT.TranslExcept",
)
BAD_ANTICODON = declare(
    "TBL.BadAnticodon",
    Severity.ERROR,
    "anticodon is not '(pos:LOCATION,aa:AMINO_ACID,seq:xxx)'",
    "Write for example '(pos:34..36,aa:Phe,seq:aaa)' or '(pos:complement(4156..4158),aa:Gln,seq:ttg)'.",
    ncbi="SEQ_FEAT.InvalidQualifierValue",
)
BAD_CODON_RECOGNIZED = declare(
    "TBL.BadCodonRecognized",
    Severity.ERROR,
    "codon_recognized is not a three-letter codon",
    "Give the codon the tRNA reads as three nucleotide letters (IUPAC codes allowed), for example UUR.",
)
BAD_GO_TERM = declare(
    "TBL.BadGoTerm",
    Severity.WARNING,
    "A GO term is not 'description|GO id|PubMed id|evidence'",
    "Write go_process, go_function and go_component values as 'description|0006355|PMID|evidence code', "
    "keeping empty fields between the bars, e.g. 'nucleus|0005634||IEA'.",
    ncbi="SEQ_FEAT.BadGeneOntologyFormat",
)
BAD_TRNA_PRODUCT = declare(
    "TBL.BadTrnaProduct",
    Severity.WARNING,
    "A tRNA product does not name an amino acid",
    "Name tRNAs 'tRNA-Xxx' with the three-letter amino acid (tRNA-Leu, tRNA-fMet; tRNA-Xxx if unknown); put "
    "labels such as 'tRNA-Leu2' in a note.",
)
LOCUS_TAG_HAS_SPACE = declare(
    "TBL.LocusTagHasSpace",
    Severity.ERROR,
    "A locus_tag contains whitespace",
    "A locus_tag is a single token: the registered prefix, an underscore and a number, e.g. ABC_000123.",
    ncbi="SEQ_FEAT.LocusTagProblem",
)
LOCUS_TAG_FORMAT = declare(
    "TBL.LocusTagFormat",
    Severity.WARNING,
    "A locus_tag is not PREFIX_ID",
    "GenBank genomes need locus_tags made of the registered prefix (a letter then 2-11 letters or digits), "
    "one underscore and letters or digits, e.g. ABC_000123.",
    ncbi="BAD_LOCUS_TAG_FORMAT",
)
BAD_SEQ_ID_VALUE = declare(
    "TBL.BadSeqIdValue",
    Severity.ERROR,
    "protein_id or transcript_id is not a valid sequence identifier",
    "Write identifiers as gnl|dbname|id (dbname: a name for your lab, id: for example the locus_tag), "
    "without spaces.",
)
DUPLICATE_PROTEIN_ID = declare(
    "TBL.DuplicateProteinId",
    Severity.ERROR,
    "The same protein_id on two CDS features",
    "Every CDS needs its own protein_id; isoforms get distinct ids (for example with -PA, -PB suffixes).",
)
DUPLICATE_TRANSCRIPT_ID = declare(
    "TBL.DuplicateTranscriptId",
    Severity.ERROR,
    "The same transcript_id on two mRNA features",
    "Every mRNA needs its own transcript_id; isoforms get distinct ids.",
)
BAD_DB_XREF = declare(
    "TBL.BadDbXref",
    Severity.ERROR,
    "db_xref is not 'DATABASE:IDENTIFIER'",
    "Write db_xref values as database:identifier, e.g. GeneID:2767721 or InterPro:IPR000111. tbl2asn drops "
    "values without the colon.",
    ncbi="SEQ_FEAT.IllegalDbXref",
)
BAD_INFERENCE = declare(
    "TBL.BadInference",
    Severity.ERROR,
    "inference does not start with an INSDC evidence type",
    "Start the value with one of the INSDC types, e.g. 'ab initio prediction:GeneMark:4.3', 'similar to AA "
    "sequence:UniProtKB:P12345', 'protein motif:Pfam:PF00069'.",
    ncbi="SEQ_FEAT.InvalidInferenceValue",
)
BAD_EC_NUMBER = declare(
    "TBL.BadEcNumber",
    Severity.WARNING,
    "EC_number is not four dot-separated fields",
    "Write EC numbers as 1.2.3.4, with '-' for unknown trailing fields (3.1.-.-).",
    ncbi="SEQ_FEAT.BadEcNumberFormat",
)
BAD_QUALIFIER_VALUE = declare(
    "TBL.BadQualifierValue",
    Severity.WARNING,
    "A qualifier value outside its allowed values",
    "Use one of the values listed in the message (the INSDC feature table's controlled vocabulary).",
    ncbi="SEQ_FEAT.InvalidQualifierValue",
)
UNKNOWN_SEQ_ID = declare(
    "TBL.UnknownSeqId",
    Severity.ERROR,
    "A feature table names a sequence that is not in the FASTA file",
    "Make the SeqID after '>Feature' exactly the identifier after '>' in the FASTA file (case matters). "
    "Features for an unknown sequence are lost.",
)
LOCATION_OUT_OF_RANGE = declare(
    "TBL.LocationOutOfRange",
    Severity.ERROR,
    "A feature location goes past the end of its sequence",
    "Positions count from 1 to the sequence's length. Check the coordinates against the FASTA sequence: was "
    "the table made for another assembly version, or is an [offset=] line wrong?",
    ncbi="SEQ_FEAT.Range",
)
READER_BUG = declare(
    "TBL.ReaderBug",
    Severity.ERROR,
    "The feature table reader failed on a line",
    "This is a fault in the portal, not in your file. Please report it to the curators; the line was "
    "skipped.",
)
