import sys

from validation.core.cli import main

sys.exit(main())
