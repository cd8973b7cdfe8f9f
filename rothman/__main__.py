"""``python -m rothman``: the same as the ``rothman`` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
