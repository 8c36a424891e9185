"""Copy the dashboard's JavaScript libraries and country outlines into ``static/vendor``.

The files come from npm packages pinned in the repository's ``package.json`` /
``package-lock.json`` (d3, topojson-client, world-atlas's Natural Earth outlines); nothing is
fetched from a CDN at run time. Run after ``npm ci --no-audit --no-fund``::

    python -m eventdesk.web.build            # from the repository root
    python -m eventdesk.web.build --npm      # also run `npm ci` first if node_modules is missing
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
from pathlib import Path

from eventdesk.errors import EventdeskError

logger = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent
VENDOR_DIR = WEB_DIR / "static" / "vendor"
REPO_ROOT = WEB_DIR.parents[2]

# target name in static/vendor -> path under node_modules
FILES = {
    "d3.min.js": "d3/dist/d3.min.js",
    "d3.LICENSE": "d3/LICENSE",
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "topojson-client.LICENSE": "topojson-client/LICENSE",
    "countries-50m.json": "world-atlas/countries-50m.json",
    "countries-110m.json": "world-atlas/countries-110m.json",
    "world-atlas.LICENSE": "world-atlas/LICENSE",
}


class AssetsError(EventdeskError):
    """The dashboard's npm assets are missing."""


def assets_ready(vendor: Path = VENDOR_DIR) -> bool:
    return all((vendor / name).is_file() for name in FILES)


def npm_ci(root: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise AssetsError("npm is not installed; install Node.js 20 + npm, then run `npm ci`")
    logger.info("running npm ci in %s", root)
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"],
        cwd=root,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build(root: Path = REPO_ROOT, vendor: Path = VENDOR_DIR, run_npm: bool = False) -> Path:
    """Copy the pinned npm files into ``vendor``; returns ``vendor``."""
    modules = root / "node_modules"
    if run_npm and not all((modules / src).is_file() for src in FILES.values()):
        npm_ci(root)
    missing = [src for src in FILES.values() if not (modules / src).is_file()]
    if missing:
        raise AssetsError(
            f"{modules} lacks {', '.join(missing)}; run `npm ci --no-audit --no-fund` in {root}"
        )
    vendor.mkdir(parents=True, exist_ok=True)
    for name, src in FILES.items():
        target = vendor / name
        source = modules / src
        if not target.exists() or target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)
    return vendor


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eventdesk.web.build", description=__doc__)
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="folder with node_modules")
    parser.add_argument("--npm", action="store_true", help="run `npm ci` if needed")
    args = parser.parse_args(argv)
    try:
        out = build(args.root, run_npm=args.npm)
    except (AssetsError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"dashboard assets in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
