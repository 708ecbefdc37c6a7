"""The command line (Typer): one module per command, one shared error exit."""
