"""Rules on ``/exception`` and ``/ribosomal_slippage``-style explanations of a feature's irregular translation."""

from __future__ import annotations
