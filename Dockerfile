# syntax=docker/dockerfile:1
# newsbot: a static binary on a minimal non-root image.
#
#   docker build --build-arg VERSION=v1.0.0 --build-arg COMMIT=$(git rev-parse --short=12 HEAD) -t newsbot .
#   docker run -d --name newsbot -e DISCORD_TOKEN -v newsbot-data:/data -p 8080:8080 newsbot
#
# The build step is scripts/build.sh, the same command .ci/run runs.

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION} AS build
WORKDIR /src
ENV GOFLAGS=-buildvcs=false
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=devel
ARG COMMIT=unknown
RUN VERSION="${VERSION}" COMMIT="${COMMIT}" scripts/build.sh /out/newsbot \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/newsbot /usr/local/bin/newsbot
# The data volume belongs to the nonroot user (uid 65532), so a fresh named
# volume is writable: the index, the answer log and the summary cache live here.
COPY --from=build --chown=65532:65532 /out/data /data
ENV NEWSBOT_DATA_DIR=/data \
    NEWSBOT_HTTP_ADDR=:8080 \
    NEWSBOT_LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
# Minimal images have no curl: the binary probes its own /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/usr/local/bin/newsbot", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/newsbot"]
CMD ["serve"]
