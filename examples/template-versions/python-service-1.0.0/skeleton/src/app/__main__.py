"""Entry point: python -m app."""

import sys

from .server import main

sys.exit(main())
