"""`python -m core`: the command line over the same services the console calls."""

import sys

from core.cli.early import start_workers

if __name__ == "__main__":
    start_workers(sys.argv[1:])
    # Imported after the workers are on their way: loading the command line takes about a second.
    from core.cli.main import main

    sys.exit(main())
