"""Validation rules: NCBI's validator codes, one small documented function each.

``RULES`` maps each code to its ``Rule``; ``run_record_rules(ctx)`` runs them on one record's
``RecordContext``; the pipeline calls ``run_record_rules(record_context(...))`` for each record.
Importing this package registers every rule module listed below.
"""

from __future__ import annotations

from gbprep.rules import duplicates as duplicates
from gbprep.rules import enzyme_numbers as enzyme_numbers
from gbprep.rules import exceptions as exceptions
from gbprep.rules import frames as frames
from gbprep.rules import identifiers as identifiers
from gbprep.rules import inference as inference
from gbprep.rules import locus_tag as locus_tag
from gbprep.rules import molecule as molecule
from gbprep.rules import partial as partial
from gbprep.rules import placement as placement
from gbprep.rules import products as products
from gbprep.rules import qualifiers as qualifiers
from gbprep.rules import relations as relations
from gbprep.rules import sequence as sequence
from gbprep.rules import source as source
from gbprep.rules import specimen as specimen
from gbprep.rules import splicing as splicing
from gbprep.rules import submit_block as submit_block
from gbprep.rules import translation as translation
from gbprep.rules.registry import RULES, Hit, RecordContext, Rule, RuleOptions, rule
from gbprep.rules.runner import record_context, run_record_rules

__all__ = [
    "RULES",
    "Hit",
    "RecordContext",
    "Rule",
    "RuleOptions",
    "record_context",
    "rule",
    "run_record_rules",
]
