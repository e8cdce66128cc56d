"""Two folders of the same PDFs, page by page: page counts and the share of pixels that differ.

    uv run python bench/layout_compare.py BEFORE_DIR AFTER_DIR [--dpi 50]

For a layout change that should not change what the reader sees (e.g. two runs of
`bench/layout_bench.py --out DIR`, before and after): each PDF's pages are rasterised
with `pdftoppm` and compared pixel by pixel (a pixel differs when a channel differs by
more than 48 of 255, so anti-aliasing alone does not count). Prints one line per file
and the largest share; exits 1 when a page count differs.
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageChops


def pages(pdf: Path, folder: Path, dpi: int) -> list[Path]:
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    return sorted(folder.glob(f"{pdf.stem}-*.png"))


def differing_share(a: Path, b: Path) -> float:
    with Image.open(a) as one, Image.open(b) as two:
        if one.size != two.size:
            return 1.0
        diff = ImageChops.difference(one.convert("RGB"), two.convert("RGB")).convert("L")
        changed = sum(diff.point(lambda v: 255 if v > 48 else 0).histogram()[255:])
        return changed / (one.size[0] * one.size[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--dpi", type=int, default=50)
    args = parser.parse_args()
    worst, mismatched = 0.0, 0
    with tempfile.TemporaryDirectory(prefix="metodist-compare-") as tmp:
        for pdf in sorted(args.before.glob("*.pdf")):
            old_dir, new_dir = Path(tmp, "a", pdf.stem), Path(tmp, "b", pdf.stem)
            old_dir.mkdir(parents=True)
            new_dir.mkdir(parents=True)
            old = pages(pdf, old_dir, args.dpi)
            new = pages(args.after / pdf.name, new_dir, args.dpi)
            if len(old) != len(new):
                mismatched += 1
                print(f"{pdf.name:32s} pages {len(old)} -> {len(new)}  DIFFERENT PAGE COUNT")
                continue
            shares = [differing_share(a, b) for a, b in zip(old, new, strict=True)]
            worst = max(worst, *shares)
            page = shares.index(max(shares)) + 1
            print(f"{pdf.name:32s} pages {len(old):3d}  most changed: p. {page}, {max(shares):.2%}")
    print(
        f"largest share of differing pixels on a page: {worst:.2%}; page counts differ: "
        f"{mismatched}"
    )
    return 1 if mismatched else 0


if __name__ == "__main__":
    sys.exit(main())
