"""The project can be set up from a fresh clone: dependencies agree, CI runs the README's command."""

from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement

from tests.conftest import ROOT


def _pyproject_requirements() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(meta["dependencies"])
    for extra in meta["optional-dependencies"].values():
        reqs += extra
    return {Requirement(r).name.lower(): str(Requirement(r).specifier) for r in reqs}


def _conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    out = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and not dep.startswith(("python", "pip")):
            req = Requirement(dep)
            out[req.name.lower()] = str(req.specifier)
    return out


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    assert _conda_requirements() == _pyproject_requirements()


def test_lock_pins_every_dependency_within_its_range():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if m:
            pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    for name, spec in _pyproject_requirements().items():
        assert name in pins, f"{name} is not pinned in requirements.lock: run `make lock`"
        assert Requirement(f"{name}{spec}").specifier.contains(pins[name]), (
            f"{name}=={pins[name]} breaks {spec}"
        )
    # jsonschema 4.25 drags in rfc3987-syntax: +2.3 s on every process that imports nbformat.
    assert Requirement("jsonschema<4.25").specifier.contains(pins["jsonschema"])


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    commands = re.findall(r"^make (\w+)", readme, flags=re.M)
    assert commands[:2] == ["demo", "test"], (
        "the README's first two commands are make demo and make test"
    )
    assert "make test" in ci


def test_makefile_targets_set_themselves_up():
    make = (ROOT / "Makefile").read_text()
    for target in ("demo", "test", "lab"):
        assert re.search(rf"^{target}: setup$", make, flags=re.M), (
            f"`make {target}` must run setup first"
        )
    assert "fonts-wqy-microhei" in (ROOT / "scripts" / "system-deps.sh").read_text()
