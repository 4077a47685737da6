"""``python -m nkwatch``."""

from __future__ import annotations

import signal
import sys

# Until main() installs its own handler: SIGTERM during start-up is a plain exit 143.
signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))

from nkwatch.cli import main  # after the handler, on purpose

sys.exit(main())
