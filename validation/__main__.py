import sys

from gbprep.cli.main import main

sys.exit(main())
