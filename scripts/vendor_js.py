"""Refresh (or check) the explorer's vendored JavaScript from the npm registry.

The explorer draws its graph with cytoscape.js and lays out the plan's hierarchy with
dagre. Both are copied into ``app/web/vendor/`` at the versions pinned in
``app/web/vendor/manifest.json``, each with its licence file; nothing is loaded from any
other origin at run time. Every file's sha256 is pinned in the manifest, and so is each
package tarball's registry integrity (sha512).

Usage (from the repository root)::

    python scripts/vendor_js.py --check     # the files on disk match their pinned sha256
    python scripts/vendor_js.py             # fetch with `npm pack`, verify, write the files

To move to a new version, edit ``version`` in the manifest and run with ``--accept``: the
new tarball integrity and file hashes are written into the manifest for review.
Exit status 0 when everything matches, 2 on any mismatch (one line per problem).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["MANIFEST", "VENDOR", "check", "main", "refresh", "sha256"]

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "app" / "web" / "vendor"
MANIFEST = VENDOR / "manifest.json"


def sha256(data: bytes) -> str:
    """The hex sha256 of ``data``.

    >>> sha256(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


def _manifest() -> dict[str, Any]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def check() -> list[str]:
    """Problems with the vendored files on disk (empty when every sha256 matches)."""
    problems = []
    for pkg in _manifest()["packages"]:
        for f in pkg["files"]:
            path = VENDOR / f["to"]
            if not path.is_file():
                problems.append(f"{f['to']}: missing (from {pkg['name']}@{pkg['version']})")
            elif (got := sha256(path.read_bytes())) != f["sha256"]:
                problems.append(f"{f['to']}: sha256 {got} differs from the pinned {f['sha256']}")
    return problems


def _pack(name: str, version: str, into: Path) -> Path:
    """``npm pack`` one pinned package (npm checks the tarball against the registry)."""
    out = subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(into)],
        check=True,
        capture_output=True,
        text=True,
    )
    return into / json.loads(out.stdout)[0]["filename"]


def _integrity(tarball: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()


def refresh(accept: bool = False) -> list[str]:
    """Fetch every pinned package, verify it, and write its files into the vendor folder.

    With ``accept``, new hashes (after a version change) are recorded in the manifest
    instead of being reported as problems.
    """
    if shutil.which("npm") is None:
        return ["npm: not found; it is needed to fetch packages from the registry"]
    manifest = _manifest()
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for pkg in manifest["packages"]:
            label = f"{pkg['name']}@{pkg['version']}"
            tarball = _pack(pkg["name"], pkg["version"], Path(tmp))
            integrity = _integrity(tarball)
            if integrity != pkg["integrity"]:
                if not accept:
                    problems.append(f"{label}: tarball integrity {integrity} is not the pinned one")
                    continue
                pkg["integrity"] = integrity
            with tarfile.open(tarball) as tar:
                for f in pkg["files"]:
                    member = tar.extractfile(f["from"])
                    if member is None:
                        problems.append(f"{label}: no file {f['from']} in the tarball")
                        continue
                    data = member.read()
                    if sha256(data) != f["sha256"]:
                        if not accept:
                            problems.append(f"{label}: {f['from']} sha256 is not the pinned one")
                            continue
                        f["sha256"] = sha256(data)
                    (VENDOR / f["to"]).write_bytes(data)
    if accept:
        MANIFEST.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit status."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="only verify the files on disk")
    p.add_argument("--accept", action="store_true", help="record new hashes in the manifest")
    ns = p.parse_args(argv)
    problems = check() if ns.check else refresh(accept=ns.accept)
    if not ns.check and not problems:
        problems = check()
    for line in problems:
        print(line, file=sys.stderr)
    if not problems:
        print(f"vendored files match {MANIFEST.relative_to(ROOT)}")
    return 2 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
