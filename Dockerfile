# Nazh: the bot (`nazh run` over the gateway, `nazh serve` over HTTP) and its command line.
#
#   docker build -t nazh .
#   docker run -e DISCORD_TOKEN=... -v nazh-data:/data -p 8080:8080 nazh            # nazh run
#   docker run ... nazh serve                                                          # HTTP mode
#   docker run --rm nazh roll a1d20+5
#
# BASE_IMAGE is any Debian bookworm image: the official python:3.11-slim-bookworm by default,
# or a bare Debian base (Python 3.11 is then installed from Debian's packages).
ARG BASE_IMAGE=python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS python
SHELL ["/bin/sh", "-eu", "-c"]
# hadolint ignore=DL3008
RUN if ! command -v python3 >/dev/null; then \
      apt-get update; \
      apt-get install -y --no-install-recommends python3 python3-venv ca-certificates; \
      rm -rf /var/lib/apt/lists/* /var/cache/apt/*; \
    fi

FROM python AS build
SHELL ["/bin/sh", "-eu", "-c"]
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY nazh ./nazh
# Behind a TLS-inspecting proxy, pass its CA bundle as a build secret (never stored in a
# layer): --secret id=ca_bundle,src=/etc/ssl/certs/ca-certificates.crt
RUN --mount=type=secret,id=ca_bundle,required=false \
    if [ -s /run/secrets/ca_bundle ]; then export PIP_CERT=/run/secrets/ca_bundle; fi; \
    python3 -m venv /opt/nazh \
    && /opt/nazh/bin/pip install --no-compile . \
    && /opt/nazh/bin/pip uninstall -y setuptools pip \
    && /opt/nazh/bin/python -m compileall -q /opt/nazh/lib

FROM python AS runtime
ARG VERSION=0.0.0
ARG GIT_COMMIT=unknown
LABEL org.opencontainers.image.title="Nazh" \
      org.opencontainers.image.description="Discord dice bot for the Cosmere RPG: provably fair rolls, odds, a verifiable roll log" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${GIT_COMMIT}" \
      org.opencontainers.image.licenses="MIT"
RUN groupadd --system --gid 10001 nazh \
    && useradd --system --uid 10001 --gid nazh --home-dir /data --no-create-home \
       --shell /usr/sbin/nologin nazh \
    && mkdir -p /data && chown nazh:nazh /data
COPY --from=build /opt/nazh /opt/nazh
ENV PATH="/opt/nazh/bin:${PATH}" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    NAZH_DATA_DIR=/data \
    NAZH_HTTP_HOST=0.0.0.0 \
    NAZH_HTTP_PORT=8080 \
    NAZH_LOG_FORMAT=json \
    GIT_COMMIT=${GIT_COMMIT}
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s --retries=3 \
    CMD ["python3", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('NAZH_HTTP_PORT', '8080'), timeout=2)"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["nazh"]
CMD ["run"]
