"""The ``plangraph`` command: serve, validate, stats, build, schema, export, diff, openapi,
bench, publish."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from app.config import DEFAULT_DATA, VERSION, load_settings
from app.errors import DataFileInvalid, InvalidParameter, SettingsInvalid
from app.graph.snapshot import Snapshot
from app.runtime.load import load_plan

cli = typer.Typer(
    help="PlanGraph: a knowledge-graph API over a policy plan.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"plangraph {VERSION}")
        raise typer.Exit()


@cli.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """PlanGraph: a knowledge-graph API over a policy plan."""


DataArg = Annotated[
    Path | None,
    typer.Argument(help="The data file (default: PLANGRAPH_DATA, else the bundled plan)."),
]


def _data(path: Path | None) -> Path:
    found = path if path is not None else load_settings().data
    if not found.is_file():  # the cause in one line, before any loading
        what = "no such file" if not found.exists() else "not a file"
        line = f"PLANGRAPH_DATA: {what}: {found}" if path is None else f"{found}: {what}"
        raise SettingsInvalid([line])
    return found


def _load_or_exit(path: Path | None) -> Snapshot:
    try:
        return load_plan(_data(path))
    except DataFileInvalid as exc:
        _report(exc)
        raise typer.Exit(1) from None


def _report(exc: DataFileInvalid, verb: str = "INVALID") -> None:
    from app.datafile.report import report_lines

    for line in report_lines(exc, verb):
        typer.echo(line, err=True)


def _summary(snap: Snapshot) -> list[str]:
    types = Counter(n.type for n in snap.nodes.values())
    rels = Counter(e.relation for e in snap.edges.values())
    evidence = Counter(e.evidence for e in snap.edges.values())
    cov = snap.coverage
    lines = [
        f"{snap.title} (version {snap.version})",
        f"nodes: {len(snap.nodes)}  " + "  ".join(f"{k}={v}" for k, v in sorted(types.items())),
        f"edges: {len(snap.edges)}  " + "  ".join(f"{k}={v}" for k, v in sorted(rels.items())),
        "evidence: " + "  ".join(f"{k}={v}" for k, v in sorted(evidence.items())),
        f"coverage: {cov.covered}/{cov.clauses} clauses ({cov.ratio:.1%})",
    ]
    lines += [f"  uncovered: [{c.start}:{c.end}] {c.text}" for c in cov.uncovered]
    return lines


@cli.command()
def validate(
    path: DataArg = None,
    strict: Annotated[
        bool, typer.Option(help="Fail (exit 1) when there are warnings for a reviewer.")
    ] = False,
) -> None:
    """Validate a data file: exit 0 when valid, 1 with every problem listed otherwise.

    Warnings (what a reviewer should look at) are listed after the summary.
    """
    from app.datafile.anchors import quote_problems
    from app.datafile.review import review_warnings

    snap = _load_or_exit(path)
    ambiguous = quote_problems(snap.plan, snap.texts)  # build-time uniqueness of selectors
    if ambiguous:
        typer.echo(f"INVALID {_data(path)}: {len(ambiguous)} quotes name no one place", err=True)
        for p in ambiguous:
            typer.echo(f"  {p}", err=True)
        raise typer.Exit(1)
    warnings = review_warnings(snap.plan, snap.texts)
    typer.echo("VALID " + "\n".join(_summary(snap)) + f"\nwarnings: {len(warnings)}")
    for w in warnings:
        typer.echo(f"  WARNING {w}")
    if strict and warnings:
        raise typer.Exit(1)


@cli.command()
def stats(path: DataArg = None) -> None:
    """Print counts by node type and relation, and the text coverage."""
    typer.echo("\n".join(_summary(_load_or_exit(path))))


@cli.command()
def build(
    source: Annotated[Path, typer.Argument(help="The authored YAML.")] = DEFAULT_DATA.parent
    / "src"
    / "plan_graph.yaml",
    out: Annotated[Path, typer.Option(help="The data file to write.")] = DEFAULT_DATA,
) -> None:
    """Build the data file from its authored YAML, computing offsets from quotes."""
    from app.datafile.authoring import build as build_file

    try:
        build_file(source, out)
    except DataFileInvalid as exc:
        _report(exc, "FAILED")
        raise typer.Exit(1) from None
    typer.echo(f"wrote {out}")
    validate(out, strict=False)


@cli.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    data: Annotated[
        Path | None, typer.Option(help="Data file to serve (default: PLANGRAPH_DATA or bundled).")
    ] = None,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development).")] = False,
) -> None:
    """Serve the API (and the explorer at /) with uvicorn."""
    import logging
    import os

    import uvicorn

    from app.api.middleware.observe import configure_logging

    settings = load_settings()  # a bad setting: one line naming it, exit 2, before starting
    if data is not None:
        _load_or_exit(data)  # refuse to start on a bad file, with every problem listed
        os.environ["PLANGRAPH_DATA"] = str(data.resolve())
    elif settings.state_dir is None:  # else the last good file may serve (docs/operations.md)
        _load_or_exit(None)
    configure_logging(settings.json_logs)  # the server's lines and the app's: one format
    base = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    where = {"api": f"{base}/v1", "docs": f"{base}/docs", "explorer": f"{base}/"}
    if not settings.docs_enabled:
        del where["docs"]
    logging.getLogger("plangraph.serve").info(
        "PlanGraph %s starting: the API, its docs and the explorer",
        VERSION,
        extra={"fields": where},
    )
    with _metrics_dir(workers):
        uvicorn.run(
            "app.main:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            reload=reload,
            server_header=False,
            proxy_headers=True,
            access_log=False,  # the app writes its own access log (app.api.middleware.observe)
            log_level="info",
            log_config=None,  # configured above, and again by the app in each worker
        )


@contextmanager
def _metrics_dir(workers: int) -> Iterator[None]:
    """Several workers share their metrics through files in a folder: make one if unset."""
    import os
    import shutil
    import tempfile

    if workers == 1 or os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        yield
        return
    folder = tempfile.mkdtemp(prefix="plangraph-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    try:
        yield
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@cli.command(name="schema")
def json_schema(
    out: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
) -> None:
    """Print (or write) the data file's JSON Schema, generated from the models."""
    from app.datafile.jsonschema import data_file_schema

    text = data_file_schema()
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}")


@cli.command(name="export")
def export_command(
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="json, graphml, csv, nodes.csv, edges.csv, turtle, jsonld, cypher, geojson "
            "or bundle.",
        ),
    ],
    out: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
    data: Annotated[
        Path | None, typer.Option(help="Data file (default: PLANGRAPH_DATA or bundled).")
    ] = None,
    bom: Annotated[bool, typer.Option(help="csv formats: start with a UTF-8 BOM.")] = False,
    dialect: Annotated[str | None, typer.Option(help="cypher: neo4j (default) or kuzu.")] = None,
) -> None:
    """Export the whole graph in a standard format (the bytes GET /v1/export/FORMAT serves)."""
    from app.export import export

    snap = _load_or_exit(data)
    openapi = None
    if format == "bundle":  # the bundle holds the OpenAPI document the API serves
        from app.api.app import openapi_contract

        openapi = openapi_contract()
    try:
        rendered = export(snap, format, bom=bom or None, dialect=dialect, openapi=openapi)
    except InvalidParameter as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(2) from None
    if out is None:
        sys.stdout.buffer.write(rendered.body)
        sys.stdout.buffer.flush()
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(rendered.body)
        typer.echo(f"wrote {out} ({len(rendered.body)} bytes, {rendered.media_type})", err=True)


@cli.command(name="diff")
def diff_command(
    old: Annotated[Path, typer.Argument(help="The older data file.")],
    new: Annotated[Path, typer.Argument(help="The newer data file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")] = False,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when the files differ (like git diff).")
    ] = False,
) -> None:
    """List the nodes, edges and documents added, removed and changed between two data files."""
    import orjson

    from app.datafile.diff import diff_files, render_text

    try:
        result = diff_files(old, new)
    except DataFileInvalid as exc:
        _report(exc)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(orjson.dumps(result.to_dict(), option=orjson.OPT_INDENT_2).decode())
    else:
        typer.echo(render_text(result))
    if exit_code and result.different:
        raise typer.Exit(1)


@cli.command(name="reanchor")
def reanchor_command(
    data_file: Annotated[Path, typer.Argument(help="The data file whose citations to move.")],
    document: Annotated[str, typer.Option(help="The id of the document whose text changed.")],
    text: Annotated[Path, typer.Option(help="The new version of its text (UTF-8).")],
    write: Annotated[
        bool, typer.Option("--write", help="Write the re-anchored data file and text.")
    ] = False,
    out: Annotated[Path | None, typer.Option(help="With --write: write here.")] = None,
    accept_changed: Annotated[
        bool, typer.Option("--accept-changed", help="With --write: also take 'changed' ones.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Re-attach every citation of a document to a new version of its text (exit 1 when
    some are left for a person: ambiguous, changed or orphaned)."""
    from app.datafile.reanchor import run

    try:
        report, status = run(
            data_file,
            document,
            text,
            save=write,
            out=out,
            accept=("changed",) if accept_changed else (),
            as_json=as_json,
        )
    except InvalidParameter as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(2) from None
    except DataFileInvalid as exc:
        typer.echo(f"INVALID {exc.detail}", err=True)
        for p in exc.problems:
            typer.echo(f"  {p}", err=True)
        raise typer.Exit(1) from None
    typer.echo(report)
    raise typer.Exit(status)


@cli.command(name="openapi")
def openapi_command(
    out: Annotated[Path | None, typer.Option(help="Write here instead of stdout.")] = None,
) -> None:
    """Print (or write) the API's OpenAPI document, as committed in openapi.json."""
    import json

    from app.main import create_app
    from app.runtime.load import load_plan

    settings = load_settings()
    app = create_app(settings)
    app.state.store.swap(load_plan(settings.data))  # as served: with the plan's examples
    text = json.dumps(app.openapi(), indent=2, ensure_ascii=False) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}", err=True)


@cli.command(name="mcp")
def mcp_command(
    data: Annotated[
        Path | None, typer.Option(help="Data file to serve (default: PLANGRAPH_DATA or bundled).")
    ] = None,
) -> None:
    """Serve the plan as a Model Context Protocol server over stdio (docs/mcp.md)."""
    from app.mcp.stdio import serve_stdio

    serve_stdio(_load_or_exit(data))  # a bad file: every problem listed, before speaking MCP


@cli.command(
    name="bench",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def bench_command(ctx: typer.Context) -> None:
    """Run the benchmark (python -m bench), from a clone of the repository.

    Options are passed on: plangraph bench --tiny; python -m bench --help lists them.
    """
    import subprocess

    root = Path(__file__).resolve().parent.parent
    if not (root / "bench" / "__main__.py").is_file():
        typer.echo("the benchmark is not installed with the package: run it from a clone", err=True)
        raise typer.Exit(2)
    raise typer.Exit(subprocess.call([sys.executable, "-m", "bench", *ctx.args], cwd=root))


@cli.command(name="publish")
def publish_command(
    store: Annotated[str, typer.Option(help="The store's Graph Store Protocol endpoint URL.")],
    graph: Annotated[
        str | None, typer.Option(help="Base IRI of the named graphs; the version is appended.")
    ] = None,
    sparql: Annotated[
        str | None, typer.Option(help="The store's query endpoint (for --drop-old).")
    ] = None,
    drop_old: Annotated[
        bool, typer.Option("--drop-old/--keep-old", help="Delete other versions' graphs.")
    ] = False,
    user: Annotated[
        str | None, typer.Option(help="User (password: PLANGRAPH_STORE_PASSWORD).")
    ] = None,
    data: Annotated[Path | None, typer.Option(help="Data file (default: as serve).")] = None,
) -> None:
    """Load the plan into a triple store as the named graph of its version (SPARQL 1.1
    Graph Store HTTP Protocol), replacing it; older versions are kept unless --drop-old."""
    import os

    from app.sparql.publish import DEFAULT_BASE, PublishError, publish

    snap = _load_or_exit(data if data is not None else load_settings().data)
    password = os.environ.get("PLANGRAPH_STORE_PASSWORD")
    try:
        done = publish(
            snap,
            store,
            base=graph or DEFAULT_BASE,
            sparql=sparql,
            drop_old=drop_old,
            user=user,
            password=password,
        )
    except PublishError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"published {done.graph} ({done.triples} triples, {done.bytes} bytes)")
    for old in done.dropped:
        typer.echo(f"dropped {old}")


def main() -> None:
    try:
        cli()
    except SettingsInvalid as exc:  # one line per problem, naming the setting; no traceback
        for line in exc.problems:
            typer.echo(line, err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
