"""`python -m core`: the command line over the same services the console calls."""

import sys

from core.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
