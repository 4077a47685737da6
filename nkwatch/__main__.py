"""``python -m nkwatch``."""

from __future__ import annotations

import signal
import sys


def _terminated_while_starting(_signum: int, _frame: object) -> None:
    sys.stderr.write("nkwatch: interrupted\n")
    sys.exit(143)


# Until main() installs its own handler: SIGTERM during start-up is the same one line.
signal.signal(signal.SIGTERM, _terminated_while_starting)

from nkwatch.cli import main  # after the handler, on purpose

sys.exit(main())
