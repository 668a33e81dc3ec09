"""Prose from the data: each sentence that states a figure or a conclusion is chosen and filled in
from the figures of the bank the notebook runs on, in the notebook's language.

A claim has variants, each with the condition under which it is true; exactly one holds for any
bank, so the text can never say what the data contradicts (a test evaluates every claim on every
scenario and several seeds).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from casekit.errors import CasekitError

Figures = Mapping[str, Any]


class NarrativeError(CasekitError):
    """A claim with no true variant, or several, for a bank: the case's text is incomplete."""


@dataclass(frozen=True)
class Variant:
    """One wording of a claim, true when ``when(figures)`` is."""

    when: Callable[[Figures], bool]
    en: str
    zh: str


@dataclass(frozen=True)
class Claim:
    """A sentence of a case that depends on the data: its variants, exactly one of which holds."""

    key: str
    variants: tuple[Variant, ...]

    def variant(self, figures: Figures) -> Variant:
        """The one variant that is true for these figures."""
        true = [v for v in self.variants if v.when(figures)]
        if len(true) != 1:
            raise NarrativeError(
                f"claim {self.key!r}: {len(true)} variants hold for these figures, expected one"
            )
        return true[0]

    def render(self, figures: Figures, lang: str = "en") -> str:
        """The claim's true wording in ``lang``, with the figures filled in."""
        v = self.variant(figures)
        return (v.zh if lang == "zh" else v.en).format(**figures)


def tell(claims: tuple[Claim, ...], figures: Figures, lang: str = "en") -> str:
    """The claims as one Markdown paragraph each."""
    return "\n\n".join(c.render(figures, lang) for c in claims)


def show(claims: tuple[Claim, ...], figures: Figures, lang: str = "en") -> None:
    """Display the claims in a notebook as Markdown (plain text elsewhere)."""
    from IPython.display import Markdown, display

    display(Markdown(tell(claims, figures, lang)))
