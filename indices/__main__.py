"""Entry point of ``python -m indices``."""

import sys

from indices.cli import main

sys.exit(main())
