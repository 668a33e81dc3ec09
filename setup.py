"""Build hook: copy the top-level data the package needs at run time into the wheel.

The folders stay at the repository's top level (datasets/, notebooks/, exercises/); the wheel
carries them under casekit/_data, where casekit.resources finds them.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithData(build_py):
    """build_py that also copies casekit.resources.SHIPPED into the built package."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout itself
        namespace: dict = {"__file__": str(HERE / "casekit" / "resources.py")}
        exec((HERE / "casekit" / "resources.py").read_text(encoding="utf-8"), namespace)
        target = Path(self.build_lib) / "casekit" / "_data"
        shutil.rmtree(target, ignore_errors=True)  # a stale copy would ship files since deleted
        for rel in namespace["SHIPPED"]:
            src, dst = HERE / rel, target / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(
                    src,
                    dst,
                    dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"),
                )
            else:
                shutil.copy2(src, dst)


setup(cmdclass={"build_py": BuildWithData})
