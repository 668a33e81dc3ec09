"""``python -m casekit``: the casekit command, for a server where the script is not on PATH."""

import sys

from casekit.cli import main

sys.exit(main())
