"""Allow `python -m netops`."""

from netops.cli.app import main

main()
