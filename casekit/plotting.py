"""Charts in either language: a Chinese font for matplotlib, and labels from the catalogue."""

from __future__ import annotations

import warnings

CHINESE_FONTS = (
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "SimHei",
    "Microsoft YaHei",
)


def setup(lang: str = "en") -> str:
    """Configure matplotlib for ``lang``; returns the font family used for Chinese.

    Chinese needs a CJK font (the project's set-up installs WenQuanYi Micro Hei); without one,
    matplotlib draws empty boxes, so this fails loudly instead.
    """
    import matplotlib
    from matplotlib import font_manager

    matplotlib.rcParams["figure.dpi"] = 100
    matplotlib.rcParams["axes.unicode_minus"] = False  # the CJK font has no Unicode minus glyph
    installed = {f.name for f in font_manager.fontManager.ttflist}
    found = next((f for f in CHINESE_FONTS if f in installed), None)
    if found is None:
        # A font installed after matplotlib built its cache is only seen after a rebuild.
        font_manager._load_fontmanager(try_read_cache=False)
        installed = {f.name for f in font_manager.fontManager.ttflist}
        found = next((f for f in CHINESE_FONTS if f in installed), None)
    if found is None:
        if lang == "zh":
            raise RuntimeError(
                "no Chinese font for matplotlib: run `make setup` (installs fonts-wqy-microhei), "
                "or install one of " + ", ".join(CHINESE_FONTS)
            )
        found = "DejaVu Sans"
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [found, "DejaVu Sans"]
    warnings.filterwarnings("error", message="Glyph .* missing from font")
    return found
