#!/bin/sh
# Builds the static newsbot binary. This is the one build command: the
# Dockerfile's build stage and .ci/run both call it, so CI proves what the
# image builds.
#
#   scripts/build.sh [OUTPUT]        default OUTPUT: bin/newsbot
#
# VERSION and COMMIT come from the environment (the Dockerfile passes its
# build args), else from git, else "devel" and "unknown". `newsbot version`
# prints them with the Go version.
set -eu

out="${1:-bin/newsbot}"
case "$out" in
/*) ;;
*) out="$(pwd)/$out" ;;
esac
cd "$(dirname "$0")/.."

version="${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo devel)}"
commit="${COMMIT:-$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)}"

CGO_ENABLED=0 go build -trimpath \
	-ldflags "-s -w -X main.version=${version} -X main.commit=${commit}" \
	-o "$out" ./cmd/newsbot
echo "built $out (newsbot ${version}, commit ${commit})"
