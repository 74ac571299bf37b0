"""Start Debian's Virtuoso (``virtuoso-t``) for tests: its own database in a temporary
directory, on free ports, stopped when the block ends."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.servers import free_port

BINARY = "virtuoso-t"
#: the configuration Debian's package ships, used as the template
TEMPLATE = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


@dataclass(frozen=True)
class Virtuoso:
    base: str

    @property
    def sparql(self) -> str:
        return self.base + "/sparql"

    @property
    def graph_store(self) -> str:
        """The Graph Store Protocol endpoint that asks for a user (dba, Digest)."""
        return self.base + "/sparql-graph-crud-auth"


def available() -> bool:
    return shutil.which(BINARY) is not None and TEMPLATE.is_file()


def _config(db: Path, sql_port: int, http_port: int) -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    text = re.sub(r"/var/lib/virtuoso-opensource-7/db/", f"{db}/", text)
    text = re.sub(
        r"(\[Parameters\][^\[]*?ServerPort\s*=\s*)\d+", rf"\g<1>{sql_port}", text, flags=re.S
    )
    return re.sub(
        r"(\[HTTPServer\][^\[]*?ServerPort\s*=\s*)\d+", rf"\g<1>{http_port}", text, flags=re.S
    )


@contextmanager
def virtuoso(timeout: float = 120.0) -> Iterator[Virtuoso]:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp)
        sql_port, http_port = free_port(), free_port()
        ini = db / "virtuoso.ini"
        ini.write_text(_config(db, sql_port, http_port), encoding="utf-8")
        log = (db / "out.log").open("wb")
        proc = subprocess.Popen(
            [BINARY, "+foreground", "+configfile", str(ini)],
            cwd=db,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{http_port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError((db / "out.log").read_text(errors="replace"))
                try:
                    with urllib.request.urlopen(base + "/sparql?query=ASK%7B%7D", timeout=2) as r:
                        if r.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError("Virtuoso did not start")
                time.sleep(0.5)
            yield Virtuoso(base)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log.close()
