"""Allow `python -m netops`."""

from netops.cli import main

main()
