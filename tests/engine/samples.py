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
    # One line, so that tests counting the template's lines keep their numbers.
    '    authors { names std { { name name { last "Darwin", first "Charles" } } }, affil std { affil "Oxbridge '
    'University", city "Cambridge", country "United Kingdom" } }\n'
    "  }\n"
    "}\n"
)
