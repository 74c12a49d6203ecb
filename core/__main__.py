"""`python -m core`: the command line over the same services the console calls."""

import sys

from core.cli.early import prepare

if __name__ == "__main__":
    prepare(sys.argv[1:])
    # Imported once an ingest's workers and the hashing of its file are on their way: loading the command
    # line takes about a second.
    from core.cli.main import main

    sys.exit(main())
