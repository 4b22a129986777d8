#!/bin/bash
# One consolidated benchmark run of the issue-14 figures (BENCHMARKS.md).
# Outputs in /tmp/b/out/; run from anywhere, it cd-s to the repository.
set -u
cd "$(dirname "$0")/.."
OUT=/tmp/b/out; rm -rf $OUT; mkdir -p $OUT
W=/tmp/b/work; rm -rf $W; mkdir -p $W
commit=$(git rev-parse --short HEAD)
echo "commit $commit" > $OUT/meta.txt
lscpu | grep -E "Model name|^CPU\(s\)|Thread|L3" >> $OUT/meta.txt
go version >> $OUT/meta.txt
log() { echo "$(date -u +%H:%M:%S) $*" >> $OUT/log.txt; }
up() { echo "$(date -u +%H:%M:%S) $1 $(uptime | sed 's/.*load average/load/')" >> $OUT/uptime.txt; }
go build -o $W/newsbot ./cmd/newsbot
go build -o $W/fakeembed ./bench/fakeembed
NB=$W/newsbot
# runs CMD 5 times (after one warm-up), prints wall seconds of each
five() { local name=$1; shift
  "$@" > /dev/null 2>&1
  for i in 1 2 3 4 5; do /usr/bin/time -f "%e %U %S %M" -o $OUT/$name.$i.time "$@" > /dev/null 2>&1; done
  cat $OUT/$name.*.time > $OUT/$name.times; }
up start
log synth; $NB synth -out $W/c10k -articles 1200 > $OUT/synth10k.txt 2>&1; $NB synth -out $W/c100k -articles 12000 > $OUT/synth100k.txt 2>&1
# 10k, default configuration
export NEWSBOT_CORPUS_DIR=$W/c10k NEWSBOT_DATA_DIR=$W/d10k
log index10k-cold; /usr/bin/time -f "%e %U %S %M" -o $OUT/index10k-cold.time $NB index > $OUT/index10k-cold.txt 2>&1
up after-index10k-cold
log index10k; five index10k $NB index
log ask10k; five ask10k $NB ask 'What did Ana Petrova say about the grain shipment?'
up after-10k
unset NEWSBOT_CORPUS_DIR NEWSBOT_DATA_DIR
# 100k with fake embeddings on loopback
$W/fakeembed -addr 127.0.0.1:18080 -dims 1024 > $OUT/fakeembed.txt 2>&1 &
FE=$!
sleep 2
export NEWSBOT_CORPUS_DIR=$W/c100k NEWSBOT_DATA_DIR=$W/d100k NEWSBOT_EMBEDDER=openai OPENAI_BASE_URL=http://127.0.0.1:18080/v1 OPENAI_API_KEY=fake NEWSBOT_ANSWER_MODE=extractive NEWSBOT_EMBED_MODEL=fake-local-1024
log index100k-cold; /usr/bin/time -f "%e %U %S %M" -o $OUT/index100k-cold.time $NB index > $OUT/index100k-cold.txt 2>&1
up after-index100k-cold
log index100k; five index100k $NB index
log ask100k; five ask100k $NB ask 'What did Ana Petrova say about the grain shipment?'
up after-100k
kill $FE
unset NEWSBOT_CORPUS_DIR NEWSBOT_DATA_DIR NEWSBOT_EMBEDDER OPENAI_BASE_URL OPENAI_API_KEY NEWSBOT_ANSWER_MODE NEWSBOT_EMBED_MODEL
log bench1x; /usr/bin/time -f "%e %U %S %M" -o $OUT/bench1x.time go test -run '^$' -bench . -benchtime 1x ./... > $OUT/bench1x.txt 2>&1
up after-bench1x
log query100k; NEWSBOT_BENCH_FULL=1 go test -run '^$' -bench 'Query/n=100000' -benchtime 10x ./retrieval > $OUT/query100k.txt 2>&1
log variants; go test -run '^$' -bench 'Variants/words=100000' -benchtime 200x ./lang > $OUT/variants.txt 2>&1
log gotest; /usr/bin/time -f "%e %U %S %M" -o $OUT/gotest.time go test -count=1 ./... > $OUT/gotest.txt 2>&1
up end
log done
