"""Write build/messages.html: every message of the catalogue in both languages, with samples."""

from __future__ import annotations

import sys
from pathlib import Path

from casekit.messages_page import write

if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "build/messages.html")
    print(write(out))
