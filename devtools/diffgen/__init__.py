"""Differential testing against NCBI's tbl2asn 25.3, asnval and asn2gb on generated submissions.

``generator`` makes a random but realistic submission from a seed (``model`` holds it, ``genes`` and
``vocab`` supply its parts, ``writer`` writes it as tbl2asn's inputs, ``gff3`` as GFF3 in each dialect the
reader knows); ``oracle`` runs tbl2asn, our command, asnval and asn2gb on it; ``compare`` says where they
differ; ``shrink`` makes a difference as small as it goes and ``fixtures`` keeps it as a regression case;
``harness`` runs many seeds and prints the agreement table (``python -m devtools.diffgen``, or
``bench/differential.py``).
"""
