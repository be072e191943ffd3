"""Validation rules: NCBI's validator codes, one small documented function each.

``RULES`` maps each code to its ``Rule``; ``run_record_rules(ctx)`` runs them on one record's
``RecordContext``; the pipeline calls ``run_record_rules(record_context(...))`` for each record.
Importing this package registers every rule module listed below.
"""

from __future__ import annotations

from validation.core.rules import duplicates as duplicates
from validation.core.rules import identifiers as identifiers
from validation.core.rules import locus_tag as locus_tag
from validation.core.rules import partial as partial
from validation.core.rules import products as products
from validation.core.rules import qualifiers as qualifiers
from validation.core.rules import relations as relations
from validation.core.rules import sequence as sequence
from validation.core.rules import source as source
from validation.core.rules import splicing as splicing
from validation.core.rules import submit_block as submit_block
from validation.core.rules import translation as translation
from validation.core.rules.registry import RULES, Hit, RecordContext, Rule, RuleOptions, rule
from validation.core.rules.runner import record_context, run_record_rules

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
