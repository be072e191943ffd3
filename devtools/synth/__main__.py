"""Run the synthetic genome generator: ``python -m devtools.synth OUTDIR ...`` (see ``devtools.synth.cli``)."""

import sys

from devtools.synth.cli import main

sys.exit(main())
