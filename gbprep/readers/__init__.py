"""Readers: one module per input format. Each streams, keeps file/line/column, and reports instead of raising."""
