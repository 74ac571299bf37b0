"""PlanGraph's benchmark: ``python -m bench`` (or ``plangraph bench``).

Three parts, each printed as a table and written to ``docs/performance.md``:

``scale``
    synthetic plans in the real schema (:mod:`bench.generate`) at several sizes; for each,
    load-and-validate time (with a breakdown), resident memory, and the median time of each
    query function in-process (:mod:`bench.scale`);
``http``
    the app under uvicorn beside a bare Starlette app returning the same bytes for the same
    URLs, driven in turn by the same load generator (:mod:`bench.http`);
``peer``
    the same questions asked of pyoxigraph through SPARQL over the Turtle export
    (:mod:`bench.peer`).

Every measurement of one size runs in a fresh process, so memory figures are that size's.
The benchmark is not part of the test suite; a tiny run of it is (``tests/test_bench.py``).
"""
