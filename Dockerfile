# The Assay service image: `assay serve` (the API, default command) and `assay worker` from one image.
#
#   docker build -t assay:latest .                       # with a registry: FROM python:3.12-slim
#   python3 scripts/compose_images.py                    # without one: FROM a local Debian bookworm
#
# BASE is any Debian-based image; when it has no Python >= 3.11 (a bare Debian bookworm such as the
# debootstrapped base the sandbox uses where no registry answers), Debian's python3 is installed.
# WHEELHOUSE=only installs every Python package from docker/wheelhouse/ and never contacts an index
# (scripts/compose_images.py fills it on the host); the default `auto` uses the wheelhouse if it holds
# a match and PyPI otherwise. EXTRAS: comma-separated optional dependencies of pyproject.toml.
#
# Works with the classic builder and with BuildKit (no BuildKit-only syntax).
ARG BASE=python:3.12-slim

# ---------------------------------------------------------------------------------------------- build
FROM ${BASE} AS build
ARG WHEELHOUSE=auto
ARG EXTRAS=
ENV LANG=C.UTF-8 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PIP_ROOT_USER_ACTION=ignore \
    PYTHONDONTWRITEBYTECODE=1
COPY docker/ensure-python.sh /usr/local/sbin/ensure-python
RUN ensure-python --venv && python3 -m venv /opt/assay/venv
ENV PATH=/opt/assay/venv/bin:$PATH

# Dependencies first (their layer is reused until pyproject.toml or the wheelhouse changes).
COPY docker/wheelhouse/ /opt/assay/wheelhouse/
COPY docker/requirements.py pyproject.toml /opt/assay/app/
RUN set -eu; \
    case "$WHEELHOUSE" in \
        only) set -- --no-index --find-links /opt/assay/wheelhouse ;; \
        auto) set -- --find-links /opt/assay/wheelhouse ;; \
        *) echo "WHEELHOUSE must be only or auto, not '$WHEELHOUSE'" >&2; exit 2 ;; \
    esac; \
    python3 /opt/assay/app/requirements.py /opt/assay/app/pyproject.toml "$EXTRAS" >/opt/assay/requirements.txt; \
    pip install "$@" -r /opt/assay/requirements.txt; \
    pip download --quiet --dest /opt/assay/build-backend "$@" "setuptools>=68" wheel

# The source. An editable install: the code stays in /opt/assay/app next to the bundled problem
# library (problems/), which `assay serve` loads at start-up from beside the packages.
COPY README.md /opt/assay/app/
COPY api /opt/assay/app/api
COPY sandbox /opt/assay/app/sandbox
COPY problemformat /opt/assay/app/problemformat
COPY graders /opt/assay/app/graders
COPY problems /opt/assay/app/problems
# The candidate app's bundle (api/take/static/dist/, gitignored) is built on the host by `make assets`
# (Node.js stays out of the image); an image without it would serve candidates a page that says so.
RUN test -f /opt/assay/app/api/take/static/dist/manifest.json || { \
        echo "api/take/static/dist/ is not built: run 'make assets' before building the image" >&2; exit 1; }
RUN set -eu; \
    pip install --no-deps --no-index --find-links /opt/assay/build-backend -e /opt/assay/app; \
    rm -rf /opt/assay/app/build /opt/assay/app/requirements.py; \
    python3 -m compileall -q /opt/assay/app/api /opt/assay/app/sandbox /opt/assay/app/problemformat /opt/assay/app/graders; \
    assay --version

# ---------------------------------------------------------------------------------------------- runtime
FROM ${BASE}
LABEL org.opencontainers.image.title="Assay" \
      org.opencontainers.image.description="Self-hosted technical screening: API (assay serve) and worker (assay worker)" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV LANG=C.UTF-8 PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/assay/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    ASSAY_DATA_DIR=/data ASSAY_HOST=0.0.0.0 ASSAY_PORT=8000
COPY docker/ensure-python.sh /usr/local/sbin/ensure-python
RUN set -eu; \
    ensure-python; \
    groupadd --system --gid 10000 assay; \
    useradd --system --uid 10000 --gid assay --home-dir /home/assay --create-home --shell /usr/sbin/nologin assay; \
    install -d -o assay -g assay -m 0750 /data
COPY docker/docker-user.sh /usr/local/bin/assay-docker-user
COPY --from=build /opt/assay/venv /opt/assay/venv
COPY --from=build /opt/assay/app /opt/assay/app
USER assay:assay
WORKDIR /home/assay
EXPOSE 8000
# Liveness of the API; compose.yaml gives the worker its own check.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python3", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('ASSAY_PORT', '8000'), timeout=4)"]
CMD ["assay", "serve", "--host", "0.0.0.0"]
