"""Validation rules: NCBI's validator codes, one small documented function each.

``RULES`` maps each code to its ``Rule``; ``run_record_rules(ctx)`` runs them on one record's
``RecordContext``; the pipeline calls ``run_record_rules(record_context(...))`` for each record.
Importing this package registers every rule module listed below.
"""

from __future__ import annotations

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
