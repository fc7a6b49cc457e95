# Every sandbox image: this template with the language's toolchain (sandbox/images/<language>/Dockerfile)
# in place of the `# <toolchain>` line. sandbox/images.py renders it; the image tag is a hash of the
# result and the agent. BASE defaults to the registry image; `assay images build` passes a locally made
# Debian bookworm base where no registry is reachable.
ARG BASE=debian:bookworm-slim
FROM ${BASE}
ARG DEBIAN_FRONTEND=noninteractive
ENV LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp
# <toolchain>
# The agent (sandbox/agent.py) is every container's pid 1, run by the toolchain's python3 as the
# unprivileged user 10001.
RUN useradd --uid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin runner
COPY agent.py /opt/assay/agent.py
# Compiled once here, not at every container start (~15 CPU-ms each): the agent runs as agent.pyc.
RUN python3 -I -m py_compile /opt/assay/agent.py \
 && mv /opt/assay/__pycache__/agent.*.pyc /opt/assay/agent.pyc && rmdir /opt/assay/__pycache__
USER 10001:10001
WORKDIR /tmp
CMD ["/usr/bin/python3", "-I", "-S", "-B", "/opt/assay/agent.pyc"]
