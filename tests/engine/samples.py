"""Small valid inputs shared by the engine tests, so each test can spoil exactly one thing."""

from __future__ import annotations

# A minimal Submit-block the template reader accepts without findings.
TEMPLATE = (
    "Submit-block ::= {\n"
    "  contact {\n"
    "    contact {\n"
    '      name name { last "Darwin", first "Charles" },\n'
    '      affil std { affil "Oxbridge University", email "darwin@example.org" }\n'
    "    }\n"
    "  },\n"
    "  cit {\n"
    '    authors { names std { { name name { last "Darwin", first "Charles" } } } }\n'
    "  }\n"
    "}\n"
)
