"""gbprep: prepare an annotated genome for GenBank, offline and in pure Python.

Reads a submission (nucleotide FASTA, five-column feature table or GFF3, template, side files), validates it
with NCBI's codes, and writes the Seq-submit (``.sqn``), the GenBank flatfile and the reports. The same engine
runs in the portal's workers and as the ``gbprep`` command (``gbprep check``, ``gbprep tbl2asn``, ...).

Layers, bottom to top; each imports only from those below it (an import-linter contract in CI says so):

``model``       vocabulary and model: records and features, the bundle, findings, SeqIDs, source modifiers,
                the genetic code, ASN.1 trees, INSDC/EC/taxonomy tables
``readers``     FASTA, feature table, GFF3, ASN.1 text, template, source and comment tables
``gff`` ``rules`` ``discrepancy``   GFF3 to features; validator rules; discrepancy report
``assemble``    the Seq-submit as ASN.1 trees
``writers``     .sqn text, GenBank flatfile, FASTA, .val, .tbl, discrepancy text
``job``         the whole run: inputs, chunks, stages, units, outputs
``cli``         one module per command
"""

__version__ = "0.2.0"
