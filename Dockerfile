# PlanGraph: the API and explorer over the bundled plan.
# Build: docker build -t plangraph .
# Run:   docker run -p 8000:8000 plangraph
# Serve another data file: mount it and point PLANGRAPH_DATA at it, e.g.
#   docker run -p 8000:8000 -v "$PWD/my_plan:/data:ro" -e PLANGRAPH_DATA=/data/plan_graph.json plangraph
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PLANGRAPH_DATA=/srv/plangraph/data/plan_graph.json \
    PLANGRAPH_STATE_DIR=/var/lib/plangraph \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /srv/plangraph
COPY pyproject.toml constraints.txt README.md LICENSE ./
COPY app ./app
COPY data ./data
RUN pip install --no-cache-dir -c constraints.txt . \
    && useradd --system --uid 10001 --home-dir /srv/plangraph plangraph \
    && install -d -o plangraph /var/lib/plangraph

USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"]
CMD ["plangraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
