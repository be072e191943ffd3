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

The package: ``api`` (the entry points), ``reader`` (the line loop), ``deflines`` and ``modifiers``
(definition lines), ``sequence`` (sequence and gap lines), ``base`` (shared state), ``codes`` (the findings).
"""

from gbprep.readers.fasta.api import read_fasta as read_fasta
from gbprep.readers.fasta.api import read_protein_fasta as read_protein_fasta
from gbprep.readers.fasta.codes import BAD_GAP_LINE as BAD_GAP_LINE
from gbprep.readers.fasta.codes import BAD_SEQID_FORMAT as BAD_SEQID_FORMAT
from gbprep.readers.fasta.codes import COMMENT_LINE as COMMENT_LINE
from gbprep.readers.fasta.codes import DATABASE_SEQID as DATABASE_SEQID
from gbprep.readers.fasta.codes import DIGITS_IN_SEQUENCE as DIGITS_IN_SEQUENCE
from gbprep.readers.fasta.codes import DUPLICATE_SEQID as DUPLICATE_SEQID
from gbprep.readers.fasta.codes import EMPTY_SEQUENCE as EMPTY_SEQUENCE
from gbprep.readers.fasta.codes import HEADER_TOO_LONG as HEADER_TOO_LONG
from gbprep.readers.fasta.codes import HYPHEN_IN_SEQUENCE as HYPHEN_IN_SEQUENCE
from gbprep.readers.fasta.codes import INVALID_RESIDUE as INVALID_RESIDUE
from gbprep.readers.fasta.codes import LINE_FINDINGS_PER_RECORD as LINE_FINDINGS_PER_RECORD
from gbprep.readers.fasta.codes import MAX_GAP_LENGTH as MAX_GAP_LENGTH
from gbprep.readers.fasta.codes import MAX_GAP_TOTAL as MAX_GAP_TOTAL
from gbprep.readers.fasta.codes import MAX_GENERAL_DB as MAX_GENERAL_DB
from gbprep.readers.fasta.codes import MAX_GENERAL_TAG as MAX_GENERAL_TAG
from gbprep.readers.fasta.codes import MAX_LOCAL_ID as MAX_LOCAL_ID
from gbprep.readers.fasta.codes import MISSING_SEQID as MISSING_SEQID
from gbprep.readers.fasta.codes import MODIFIER_VALUE as MODIFIER_VALUE
from gbprep.readers.fasta.codes import NO_HEADER as NO_HEADER
from gbprep.readers.fasta.codes import NO_RECORDS as NO_RECORDS
from gbprep.readers.fasta.codes import NON_ASCII_DEFLINE as NON_ASCII_DEFLINE
from gbprep.readers.fasta.codes import NOT_FASTA as NOT_FASTA
from gbprep.readers.fasta.codes import NUCLEOTIDE_IN_PROTEIN as NUCLEOTIDE_IN_PROTEIN
from gbprep.readers.fasta.codes import PROTEIN_IN_NUCLEOTIDE as PROTEIN_IN_NUCLEOTIDE
from gbprep.readers.fasta.codes import READER_FAILURE as READER_FAILURE
from gbprep.readers.fasta.codes import REPEATED_MODIFIER as REPEATED_MODIFIER
from gbprep.readers.fasta.codes import SEQID_CASE_CONFLICT as SEQID_CASE_CONFLICT
from gbprep.readers.fasta.codes import SEQID_INVALID_CHAR as SEQID_INVALID_CHAR
from gbprep.readers.fasta.codes import SEQID_LIKE_ACCESSION as SEQID_LIKE_ACCESSION
from gbprep.readers.fasta.codes import SEQID_TOO_LONG as SEQID_TOO_LONG
from gbprep.readers.fasta.codes import SEQID_UNUSUAL_CHAR as SEQID_UNUSUAL_CHAR
from gbprep.readers.fasta.codes import SEQUENCE_IN_DEFLINE as SEQUENCE_IN_DEFLINE
from gbprep.readers.fasta.codes import SPACE_BEFORE_SEQID as SPACE_BEFORE_SEQID
from gbprep.readers.fasta.codes import STOP_IN_PROTEIN as STOP_IN_PROTEIN
from gbprep.readers.fasta.codes import TEXT_BEFORE_HEADER as TEXT_BEFORE_HEADER
from gbprep.readers.fasta.codes import UNBALANCED_BRACKET as UNBALANCED_BRACKET
from gbprep.readers.fasta.codes import UNKNOWN_MODIFIER as UNKNOWN_MODIFIER
from gbprep.readers.textio import DEFAULT_LIMITS as DEFAULT_LIMITS

__all__ = ["DEFAULT_LIMITS", "read_fasta", "read_protein_fasta"]
