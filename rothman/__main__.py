"""``python -m rothman``: the same as the ``rothman`` command."""

import sys

from rothman.cli.app import main

if __name__ == "__main__":
    sys.exit(main())
