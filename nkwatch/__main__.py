"""``python -m nkwatch``."""

from __future__ import annotations

import sys

from nkwatch.cli import main

sys.exit(main())
