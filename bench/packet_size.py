"""How long the packets read: pages per packet and characters per teacher block.

`python bench/packet_size.py OUT_YEAR_DIR` after `metodist demo` (or `run packets`)
with the same METODIST_DATABASE_URL: pages from the PDFs in `packets/`, the
characters of each teacher's block from the packet's HTML, re-rendered here.
"""

import re
import statistics
import subprocess
import sys
from datetime import date
from html import unescape
from pathlib import Path

from metodist.documents.render import render_html
from metodist.documents.views import build_packets
from metodist.documents.views.common import organizations, reading

_BLOCK = re.compile(r'<article class="teacher[^"]*">(.*?)</article>', re.S)
_TAG = re.compile(r"<[^>]+>")


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]


def main(folder: Path) -> None:
    counts = [pages(p) for p in sorted((folder / "packets").glob("*.pdf"))]
    mean = statistics.mean(counts)
    print(f"packets: {len(counts)}; pages mean {mean:.1f}, largest {max(counts)}")
    year = int(folder.name)
    with reading(None) as s:
        codes = [o.code for o in organizations(s)]
        as_of = date(year, 11, 15)
        chars = []
        for packet in build_packets(s, org_codes=codes, year=year, as_of=as_of):
            html = render_html(packet.TEMPLATE, packet)
            for block in _BLOCK.findall(html):
                chars.append(len(" ".join(unescape(_TAG.sub(" ", block)).split())))
    print(
        f"teacher blocks: {len(chars)}; characters mean {statistics.mean(chars):.0f}, "
        f"median {statistics.median(chars):.0f}, largest {max(chars)}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
