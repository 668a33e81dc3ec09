"""A cohort folder: its settings, its secret, and the seed and pack token each trainee gets.

Every trainee's seed and pack token are derived with HMAC-SHA256 from the cohort's secret, its
id (random unless given) and its mode, so the trainer can re-derive any trainee's bank (and its
truth) at grading time, a trainee holding only their pack can neither recover the seed nor
forge another trainee's token, and a secret used for two cohorts (a practice and an assessment)
never repeats a bank. The folder is the trainer's alone (0700, the secret 0600): ``grade``
refuses to run while the secret is readable by anyone else.

Layout::

    cohort.json     settings and roster (written once by ``init``)
    secret.key      the secret (kept by the trainer; never put in a pack)
    roster.csv      a copy of the roster as read
    packs/ID/       what each trainee receives (``build``)
    grades/ID/NN.json   one file per graded submission (``grade``)
    report/         gradebook.csv, index.html and a feedback page per trainee (``report``)
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import stat
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from casekit.cohort.roster import RosterError, Trainee, read_roster
from casekit.errors import CasekitError

COHORT_FILE, SECRET_FILE = "cohort.json", "secret.key"
MODES = ("assessment", "practice")
DERIVATION = 2
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")


class CohortError(CasekitError, ValueError):
    """A cohort folder, roster or submission cannot be used as it is (the message says why)."""


@dataclass
class Cohort:
    """A cohort's settings and trainees, bound to its folder and secret."""

    root: Path
    cohort_id: str
    scenario: str
    mode: str
    exercises: list[str]
    trainees: list[Trainee]
    due: str = ""  # ISO date-time after which a submission is late ("" for no deadline)
    clients: int = 2000
    secret: bytes = field(default=b"", repr=False)
    derivation: int = DERIVATION  # 1: cohorts made before the mode was part of every seed
    sources: list[str] = field(default_factory=list)  # the trainer's roster and secret file

    def _mac(self, purpose: str, trainee_id: str) -> bytes:
        if self.derivation >= 2:
            msg = f"{purpose}:{self.mode}:{self.cohort_id}:{trainee_id}".encode()
        else:
            msg = f"{purpose}:{self.cohort_id}:{trainee_id}".encode()
        return hmac.new(self.secret, msg, hashlib.sha256).digest()

    def seed(self, trainee_id: str) -> int:
        """The trainee's bank seed (62 bits: too many to search from the data)."""
        return int.from_bytes(self._mac("seed", trainee_id)[:8], "big") >> 2

    def token(self, trainee_id: str) -> str:
        """The token that marks a notebook as made from this trainee's pack."""
        return self._mac("pack", trainee_id).hex()[:20]

    def trainee(self, trainee_id: str) -> Trainee:
        """The roster entry of a trainee id."""
        for t in self.trainees:
            if t.trainee_id == trainee_id:
                return t
        raise CohortError.said("co_not_on_roster", trainee=trainee_id, root=self.root)

    def pack_dir(self, trainee_id: str) -> Path:
        """Where a trainee's pack is built."""
        return self.root / "packs" / trainee_id

    def bank_dir(self, trainee_id: str) -> Path:
        """The trainee's bank (assessment mode): data without seed or truth."""
        return self.pack_dir(trainee_id) / "data"


def _fingerprint(secret: bytes) -> str:
    return hashlib.sha256(b"casekit-cohort-secret:" + secret).hexdigest()[:16]


def _write_atomic(path: Path, text: str, mode: int = 0o644) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def init_cohort(
    roster: str | Path,
    out: str | Path,
    *,
    scenario: str = "national_branch",
    mode: str = "assessment",
    exercises: list[str] | None = None,
    due: str = "",
    secret_file: str | Path | None = None,
    cohort_id: str = "",
) -> tuple[Cohort, str]:
    """Create a cohort folder from a roster; returns the cohort and the roster's encoding.

    ``cohort_id``: random unless given (give it only to re-create a known cohort, such as the
    sample: with the same secret, id and mode, the same banks)."""
    from casekit.exercises import EXERCISES
    from casekit.scenarios import SCENARIOS

    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise CohortError.said("co_out_not_empty", out=out)
    if scenario not in SCENARIOS:
        raise CohortError.said("co_bad_scenario", value=scenario, choices=", ".join(SCENARIOS))
    if mode not in MODES:
        raise CohortError.said("co_bad_mode", value=mode)
    chosen = exercises or list(EXERCISES)
    unknown = [e for e in chosen if e not in EXERCISES]
    if unknown:
        raise CohortError.said(
            "co_bad_exercises", values=", ".join(unknown), choices=", ".join(EXERCISES)
        )
    if due:
        try:
            when = datetime.fromisoformat(due)
        except ValueError:
            raise CohortError.said("co_bad_due", value=due) from None
        # A deadline names its zone: a bare time means this server's local time, said aloud.
        due = (when if when.tzinfo else when.astimezone()).isoformat(timespec="minutes")
    try:
        trainees, encoding = read_roster(roster)
    except RosterError as e:
        raise CohortError.said(e.key, **e.fields) from None  # keeps both languages
    if cohort_id and not _ID.fullmatch(cohort_id):
        raise CohortError.said("co_bad_cohort_id", value=cohort_id)
    sources = [str(Path(roster).resolve())]
    if secret_file:
        refuse_shared(Path(secret_file))
        secret = Path(secret_file).read_bytes().strip()
        if len(secret) < 16:
            raise CohortError.said("co_short_secret", path=secret_file)
        sources.append(str(Path(secret_file).resolve()))
    else:
        secret = secrets.token_hex(32).encode()
    out.mkdir(parents=True, exist_ok=True)
    os.chmod(out, 0o700)  # the trainer's alone: no submission, no other user reads a cohort
    cohort_id = cohort_id or secrets.token_hex(6)
    cohort = Cohort(
        out, cohort_id, scenario, mode, chosen, trainees, due, secret=secret, sources=sources
    )
    _write_atomic(out / SECRET_FILE, secret.decode() + "\n", 0o600)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    copy = out / f"roster{Path(roster).suffix.lower() or '.csv'}"  # an .xlsx roster stays one
    with open(os.open(copy, flags, 0o600), "wb") as f:
        f.write(Path(roster).read_bytes())
    settings = {
        "derivation": DERIVATION,
        "sources": sources,
        "cohort_id": cohort_id,
        "scenario": scenario,
        "mode": mode,
        "exercises": chosen,
        "due": due,
        "clients": cohort.clients,
        "secret_check": _fingerprint(secret),
        "roster_encoding": encoding,
        "trainees": [asdict(t) for t in trainees],
    }
    _write_atomic(out / COHORT_FILE, json.dumps(settings, ensure_ascii=False, indent=1) + "\n")
    return cohort, encoding


def open_cohort(folder: str | Path) -> Cohort:
    """The cohort in a folder made by ``init``; a clear message if it is missing or edited."""
    root = Path(folder)
    settings_file, secret_path = root / COHORT_FILE, root / SECRET_FILE
    if not settings_file.is_file():
        raise CohortError.said("co_not_a_cohort", root=root, file=COHORT_FILE)
    try:
        s = json.loads(settings_file.read_text(encoding="utf-8"))
        trainees = [Trainee(**t) for t in s["trainees"]]
        keys = ("cohort_id", "scenario", "mode", "exercises", "secret_check")
        cohort_id, scenario, mode, exercises, check = (s[k] for k in keys)
    except (json.JSONDecodeError, KeyError, TypeError) as e:
        raise CohortError.said(
            "co_damaged_settings", path=settings_file, why=f"{type(e).__name__}: {e}"
        ) from None
    if not secret_path.is_file():
        raise CohortError.said("co_secret_missing", path=secret_path)
    secret = secret_path.read_bytes().strip()
    if _fingerprint(secret) != check:
        raise CohortError.said("co_secret_mismatch", path=secret_path, settings=settings_file)
    return Cohort(
        root,
        cohort_id,
        scenario,
        mode,
        list(exercises),
        trainees,
        s.get("due", ""),
        int(s.get("clients", 2000)),
        secret,
        int(s.get("derivation", 1)),
        [str(x) for x in s.get("sources", [])],
    )


def refuse_shared(path: Path) -> None:
    """Refuse a secret that anyone but its owner may read or change, naming the fix."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise CohortError.said("co_secret_file_missing", path=path) from None
    if mode & 0o077:
        raise CohortError.said("co_secret_shared", path=path, mode=stat.filemode(mode))


def check_secret_private(cohort: Cohort) -> None:
    """Refuse to grade while the cohort's secret, or the file it came from, is not private."""
    refuse_shared(cohort.root / SECRET_FILE)
    for source in cohort.sources[1:]:  # the secret file given to init, if it is still there
        if Path(source).exists():
            refuse_shared(Path(source))
