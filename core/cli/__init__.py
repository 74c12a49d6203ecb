"""The command line: one module per area, each adding its subcommands to the parser."""
