"""Makes the compressed copies of the web client now: `python -m webclient [assets_dir]`.

A server makes them itself in the background on its first start; run this after installing
(or in an image build) so the very first visitors already get the smallest files.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from webclient.asgi import default_cache_dir, prepare


def main() -> None:
    assets = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "assets"
    started = time.monotonic()

    catalogue = prepare(assets)
    print(f"web client {catalogue.version}: compressed copies ready in {default_cache_dir()} "
          f"({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
