"""Regenerate the bundled fonts of templates/assets/fonts from an installed DejaVu.

    uv run python tools/subset_fonts.py [/usr/share/fonts/truetype/dejavu]

Documents embed their own fonts so that a packet looks the same on every
machine; these are DejaVu Sans (Bitstream Vera licence, copied beside them)
cut to Latin, Cyrillic and Russian punctuation, ~70 KB each instead of 700.
A maintainer's tool, run when the character set changes, so not in the package.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

from metodist.documents.environment import ASSETS_DIR

FACES = (
    "DejaVuSans",
    "DejaVuSans-Bold",
    "DejaVuSans-Oblique",
    "DejaVuSansCondensed",
    "DejaVuSansCondensed-Bold",
)
#: Latin, Latin-1, Cyrillic with its supplement, general punctuation (incl. U+202F),
#: ₽, №, arrows, minus, ≤ ≥, geometric shapes, check mark.
UNICODES = (
    "U+0020-007E,U+00A0-00FF,U+0400-052F,U+2000-206F,U+20BD,U+2116,"
    "U+2190-2193,U+2212,U+2264-2265,U+25A0-25CF,U+2713"
)


def subset_fonts(source: Path, target: Path = ASSETS_DIR / "fonts") -> list[Path]:
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    written = []
    for face in FACES:
        font = TTFont(source / f"{face}.ttf")
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        out = target / f"{face}.ttf"
        font.save(out)
        written.append(out)
    return written


if __name__ == "__main__":
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/dejavu")
    for path in subset_fonts(src):
        print(path, path.stat().st_size)
