"""Start one server of the HTTP comparison, both with the same uvicorn settings.

``python -m bench.serve app --port N`` serves PlanGraph (data from ``PLANGRAPH_DATA``)
exactly as ``plangraph serve`` does (one worker); ``python -m bench.serve bare --port N``
serves :mod:`bench.bare`. Both run under uvicorn with the same options, so the only
difference is the ASGI app.
"""

from __future__ import annotations

import argparse

import uvicorn

TARGETS = {"app": "app.main:create_app", "bare": "bench.bare:create"}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("which", choices=sorted(TARGETS))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    ns = parser.parse_args(argv)
    uvicorn.run(
        TARGETS[ns.which],
        factory=True,
        host=ns.host,
        port=ns.port,
        workers=1,
        server_header=False,
        proxy_headers=True,
        access_log=False,  # PlanGraph writes its own access log; the bare app has none
        log_level="info",
    )


if __name__ == "__main__":
    main()
