"""The line-context view numbers lines as the engine does: LF, CRLF and a bare CR (old Mac files) each end one."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accounts.models import User
from submissions.models import Submission
from validation.selectors import _SKIP_BLOCK, run_input_context
from validation.services import validation_run_start

pytestmark = pytest.mark.django_db


def _context(
    submitter: User, make_submission: Callable[..., Submission], body: bytes, line: int, around: int
) -> list[tuple[int, str]]:
    submission = make_submission(submitter, {"genome.fsa": body})
    run = validation_run_start(submission=submission, by=submitter, submit=False)
    return [tuple(x) for x in run_input_context(run=run, file="genome.fsa", line=line, around=around).lines]


def test_cr_only_lines_split(submitter: User, make_submission: Callable[..., Submission]) -> None:
    mac = b">c1 [organism=Saccharomyces cerevisiae]\rACGT\rGGCC\r>c2\rTTAA\r"
    assert _context(submitter, make_submission, mac, 3, 1) == [(2, "ACGT"), (3, "GGCC"), (4, ">c2")]


def test_mixed_line_ends_count_like_the_engine(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    mixed = b">c1\r\nAAAA\rCCCC\nGGGG\r\n\rTTTT"
    lines = _context(submitter, make_submission, mixed, 4, 3)
    assert lines == [(1, ">c1"), (2, "AAAA"), (3, "CCCC"), (4, "GGGG"), (5, ""), (6, "TTTT")]


def test_a_crlf_split_across_blocks_is_one_line_end(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    # The CR is the last byte of the first block read, its LF the first of the next.
    first = b">c1\n" + b"A" * (_SKIP_BLOCK - 5) + b"\r"
    assert len(first) == _SKIP_BLOCK
    lines = _context(submitter, make_submission, first + b"\nCCCC\r\n", 3, 1)
    assert [n for n, _ in lines] == [2, 3]
    assert lines[1] == (3, "CCCC")
