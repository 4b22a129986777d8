package bench

import (
	"context"

	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/synth"
)

// BenchmarkLoadChunk loads the article files of n passages from memory
// and cuts them into passages: the corpus side of every start-up.
func BenchmarkLoadChunk(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		fsys := cover(b, n).fsys()
		got := 0
		for b.Loop() {
			arts, err := corpus.Load(fsys)
			if err != nil {
				b.Fatal(err)
			}
			got = len(corpus.ChunkAll(arts, corpus.ChunkOptions{}))
		}
		b.ReportMetric(float64(got)*float64(b.N)/b.Elapsed().Seconds(), "passages/s")
	})
}

// BenchmarkEmbedLocal embeds n passages with the local embedder, in
// batches of 64 as Sync sends them, on one goroutine (one core).
func BenchmarkEmbedLocal(b *testing.B) {
	for _, dims := range []int{512, retrieval.DefaultLocalDims, 1536} {
		b.Run("dims="+strconv.Itoa(dims), func(b *testing.B) {
			eachSize(b, func(b *testing.B, n int) {
				texts := make([]string, n)
				for i, p := range cover(b, n).ps {
					texts[i] = p.Text
				}
				emb := retrieval.NewLocal(dims)
				ctx := context.Background()
				for b.Loop() {
					for start := 0; start < n; start += 64 {
						if _, err := emb.Embed(ctx, texts[start:min(start+64, n)]); err != nil {
							b.Fatal(err)
						}
					}
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "passages/s")
			})
		})
	}
}

// BenchmarkBuildCold builds an index of n passages from nothing, as the
// first `newsbot index` does: embed every passage with the local embedder
// (default dimensions), build the vector and BM25 indexes, write the
// snapshot to disk.
func BenchmarkBuildCold(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		ps := cover(b, n).ps
		ctx := context.Background()
		root := b.TempDir()
		for b.Loop() {
			dir, err := os.MkdirTemp(root, "index")
			if err != nil {
				b.Fatal(err)
			}
			emb := retrieval.NewLocal(0)
			ix, err := retrieval.Open(ctx, dir, emb, retrieval.IndexOptions{Collection: emb.Name(), Logger: quiet()})
			if err != nil {
				b.Fatal(err)
			}
			rep, err := ix.Sync(ctx, ps, nil)
			if err != nil {
				b.Fatal(err)
			}
			if rep.Embedded != n {
				b.Fatalf("cold build embedded %d passages; want %d", rep.Embedded, n)
			}
			b.StopTimer()
			os.RemoveAll(dir)
			b.StartTimer()
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "passages/s")
	})
}

// BenchmarkRestart is a start-up over an index already built for an
// unchanged corpus, as `newsbot serve`, `ask` and `index` do it: open the
// index snapshot (mapped, its checksum verified, the chromem collection and
// BM25 index built), then stamp the article files against the corpus
// manifest (corpus.Stamp: a stat per file, no reading) and find them
// unchanged. It fails if a single text is sent to the embedder or the
// stamps differ. Reported: open-ms and stamp-ms; and, measured once
// outside the timed loop, full-ms, what loading and chunking every file
// and a no-op Sync (the path before the manifest, and still the path when
// a file changed) would add.
func BenchmarkRestart(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		c := cover(b, n)
		ctx := context.Background()
		root := b.TempDir()
		corpusDir, indexDir := filepath.Join(root, "coverage"), filepath.Join(root, "index")
		if err := synth.WriteDir(corpusDir, synth.Options{Seed: seed, Articles: c.articles}); err != nil {
			b.Fatal(err)
		}
		name := retrieval.NewLocal(0).Name()
		first, err := retrieval.Open(ctx, indexDir, retrieval.NewLocal(0), retrieval.IndexOptions{Collection: name, Logger: quiet()})
		if err != nil {
			b.Fatal(err)
		}
		fsys := os.DirFS(corpusDir)
		stamped := time.Now().Add(-time.Hour) // as if indexed an hour ago
		stamps, err := corpus.Stamp(fsys, nil)
		if err != nil {
			b.Fatal(err)
		}
		manifest := &corpus.Manifest{Written: stamped, Files: stamps}
		arts, err := corpus.Load(fsys)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := first.Sync(ctx, corpus.ChunkAll(arts, corpus.ChunkOptions{}), nil); err != nil {
			b.Fatal(err)
		}
		for _, f := range stamps { // so that the stamps are not racily recent
			os.Chtimes(filepath.Join(corpusDir, f.Name), stamped.Add(-time.Hour), stamped.Add(-time.Hour))
		}
		if manifest.Files, err = corpus.Stamp(fsys, nil); err != nil {
			b.Fatal(err)
		}
		want := first.Len()
		first = nil
		var open, stamp time.Duration
		for b.Loop() {
			emb := &countingEmbedder{inner: retrieval.NewLocal(0)}
			t0 := time.Now()
			ix, err := retrieval.Open(ctx, indexDir, emb, retrieval.IndexOptions{Collection: name, Logger: quiet()})
			if err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			now, err := corpus.Stamp(fsys, manifest)
			if err != nil {
				b.Fatal(err)
			}
			if !corpus.SameContent(now, manifest.Files) || ix.Len() != want || ix.Fingerprint() == "" {
				b.Fatalf("restart: stamps differ or index has %d passages", ix.Len())
			}
			open, stamp = open+t1.Sub(t0), stamp+time.Since(t1)
			if emb.texts != 0 {
				b.Fatalf("restart embedded %d texts in %d calls; want none", emb.texts, emb.calls)
			}
		}
		b.ReportMetric(ms(open)/float64(b.N), "open-ms")
		b.ReportMetric(ms(stamp)/float64(b.N), "stamp-ms")
		b.StopTimer()
		ix, err := retrieval.Open(ctx, indexDir, retrieval.NewLocal(0), retrieval.IndexOptions{Collection: name, Logger: quiet()})
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		arts, err = corpus.Load(fsys)
		if err != nil {
			b.Fatal(err)
		}
		if rep, err := ix.Sync(ctx, corpus.ChunkAll(arts, corpus.ChunkOptions{}), nil); err != nil || rep.Embedded != 0 {
			b.Fatalf("full sync: %+v, %v", rep, err)
		}
		b.ReportMetric(ms(time.Since(t0)), "full-ms")
		b.ReportMetric(0, "embed-calls")
	})
}

// instantModel is a chat model that answers at once, without a network:
// the first sentence of passage [1], cited. What an Ask costs with it is
// newsbot's own overhead per question.
type instantModel struct{}

func (instantModel) Stream(ctx context.Context, req answer.ChatRequest, fn func(string) error) error {
	user := req.Messages[len(req.Messages)-1].Content
	_, rest, ok := strings.Cut(user, `<passage n="1"`)
	if !ok {
		return fn(answer.NoAnswer)
	}
	_, rest, _ = strings.Cut(rest, ">\n")
	sentence, _, _ := strings.Cut(rest, ". ")
	sentence, _, _ = strings.Cut(sentence, "\n")
	return fn(strings.TrimSpace(sentence) + " [1].")
}

// BenchmarkAsk runs the whole ask path (search, prompt, streaming with
// marker checks, citation verification) with instantModel, over an
// in-memory index of n passages (local embedder, default dimensions).
// p50-ms is the median per question; retrieve-p50-ms the search part.
func BenchmarkAsk(b *testing.B) {
	eachSize(b, func(b *testing.B, n int) {
		ix := index(b, n, retrieval.DefaultLocalDims)
		a := answer.New(ix, instantModel{}, answer.Options{Logger: quiet()})
		ctx := context.Background()
		var total, retrieve []time.Duration
		refused := 0
		i := 0
		for b.Loop() {
			t0 := time.Now()
			ans, err := a.Ask(ctx, answer.Request{Question: questions[i%len(questions)]})
			if err != nil {
				b.Fatal(err)
			}
			total = append(total, time.Since(t0))
			retrieve = append(retrieve, ans.Timings.Retrieve)
			if ans.Refused {
				refused++
			}
			i++
		}
		b.ReportMetric(ms(median(total)), "p50-ms")
		b.ReportMetric(ms(median(retrieve)), "retrieve-p50-ms")
		b.ReportMetric(float64(refused)/float64(b.N), "refused/op")
	})
}

// BenchmarkMemory measures the memory an index holds per passage, at 512
// and 1536 dimensions: heap in use after the index is loaded minus before,
// divided by passages, with everything else dropped and collected, plus
// (mapped-B) the snapshot file an opened index maps on Linux, where its
// vectors, passage texts and postings lie.
// from=snapshot opens a snapshot written earlier (a restart); from=sync
// loads and chunks the articles and Syncs them into an empty index (cold,
// articles and passages dropped afterwards). x-raw is that heap over the
// raw size: vector bytes (4 per dimension) plus passage text bytes;
// live-B/passage counts live objects only (HeapAlloc), without the span
// fragmentation that HeapInuse includes.
func BenchmarkMemory(b *testing.B) {
	for _, dims := range []int{512, 1536} {
		b.Run("dims="+strconv.Itoa(dims), func(b *testing.B) {
			eachSize(b, func(b *testing.B, n int) {
				c := cover(b, n)
				raw := float64(n)*float64(dims)*4 + float64(textBytes(c.ps))
				ctx := context.Background()
				emb := retrieval.NewLocal(dims)
				opts := retrieval.IndexOptions{Collection: emb.Name(), BatchSize: 1024, Logger: quiet()}
				dir := b.TempDir()
				built, err := retrieval.Open(ctx, dir, emb, opts)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := built.Sync(ctx, c.ps, nil); err != nil {
					b.Fatal(err)
				}
				built = nil
				b.Run("from=snapshot", func(b *testing.B) {
					var before, after heap
					for b.Loop() {
						before = heapStats()
						ix, err := retrieval.Open(ctx, dir, emb, opts)
						if err != nil {
							b.Fatal(err)
						}
						after = heapStats()
						if ix.Len() != n {
							b.Fatalf("reopened index holds %d passages; want %d", ix.Len(), n)
						}
						runtime.KeepAlive(ix)
					}
					after.report(b, before, n, raw, mappedBytes(b, dir))
				})
				b.Run("from=sync", func(b *testing.B) {
					var before, after heap
					for b.Loop() {
						before = heapStats()
						ix := syncFresh(b, c, emb, opts)
						after = heapStats()
						runtime.KeepAlive(ix)
					}
					after.report(b, before, n, raw, 0)
				})
			})
		})
	}
}

// syncFresh loads and chunks c's articles anew and Syncs them into an
// empty in-memory index; nothing but the index outlives the call.
func syncFresh(b *testing.B, c *coverage, emb retrieval.Embedder, opts retrieval.IndexOptions) *retrieval.Index {
	ctx := context.Background()
	arts, err := corpus.Load(c.fsys())
	if err != nil {
		b.Fatal(err)
	}
	ps := corpus.ChunkAll(arts, corpus.ChunkOptions{})[:len(c.ps)]
	ix, err := retrieval.Open(ctx, "", emb, opts)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := ix.Sync(ctx, ps, nil); err != nil {
		b.Fatal(err)
	}
	return ix
}

// heapStats collects garbage twice (finalisers, then what they freed) and
// returns the bytes of heap spans in use (HeapInuse, which counts a span
// while any object in it lives) and of live objects (HeapAlloc).
func heapStats() heap {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return heap{inUse: m.HeapInuse, alloc: m.HeapAlloc}
}

type heap struct{ inUse, alloc uint64 }

// report reports what was held between before and h, per passage and over raw.
// mapped is the bytes of snapshot file the index maps (all resident: it
// is mapped with its pages populated), counted in x-raw beside the heap.
func (h heap) report(b *testing.B, before heap, n int, raw float64, mapped int64) {
	inUse, alloc := float64(h.inUse)-float64(before.inUse), float64(h.alloc)-float64(before.alloc)
	b.ReportMetric(inUse/float64(n), "heap-B/passage")
	b.ReportMetric(float64(mapped)/float64(n), "mapped-B/passage")
	b.ReportMetric((inUse+float64(mapped))/raw, "x-raw")
	b.ReportMetric(alloc/float64(n), "live-B/passage")
}

// mappedBytes is the size of the snapshot files in dir where Open maps
// them (Linux), else 0 (they are read onto the heap).
func mappedBytes(b *testing.B, dir string) int64 {
	if runtime.GOOS != "linux" {
		return 0
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.nbindex"))
	var n int64
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			n += fi.Size()
		} else {
			b.Fatal(err)
		}
	}
	return n
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func median(ds []time.Duration) time.Duration { return percentile(ds, 50) }

// percentile returns the value p percent of the way up ds sorted: the
// element at index len*p/100 (the upper median for p=50).
func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)*p/100, len(s)-1)]
}
