"""Build hook: the keys wheel also carries the exercises' solution sources (exercises/src).

They go to casekit/_data/exercises/src, beside the data the casekit wheel ships, where
casekit.resources finds them; the casekit wheel itself leaves them out.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CHECKOUT = Path(__file__).resolve().parent.parent


class BuildWithSolutions(build_py):
    """build_py that also copies exercises/src into the built wheel."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout itself
        target = Path(self.build_lib) / "casekit" / "_data" / "exercises" / "src"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(
            CHECKOUT / "exercises" / "src", target, ignore=shutil.ignore_patterns("__pycache__")
        )


setup(cmdclass={"build_py": BuildWithSolutions})
