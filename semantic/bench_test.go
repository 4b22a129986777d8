package semantic

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// question is a typical question: 16 tokens.
const question = "Which Russian diplomat did South Korea's vice foreign minister meet in Seoul?"

// passage is a typical indexed passage: 60 words, 78 tokens.
const passage = "South Korean Vice Foreign Minister Kim Hong-kyun met Russian Ambassador Georgy Zinoviev in Seoul on Tuesday " +
	"and asked Moscow to play a constructive role on North Korea, the ministry said. The two sides discussed the " +
	"recent missile launches, sanctions and the humanitarian situation, and agreed to keep in close contact."

// BenchmarkEmbedSentence is the cost of a question at question time.
func BenchmarkEmbedSentence(b *testing.B) {
	m := mustDefault(b)
	ctx := context.Background()
	c0 := cpuTime()
	for b.Loop() {
		if _, err := m.Embed(ctx, []string{question}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(m.Tokens(question))), "tokens")
	b.ReportMetric((cpuTime()-c0).Seconds()*1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkEmbedPassageBatch is the cost of indexing: 32 passages of 78
// tokens per call, on all the CPUs GOMAXPROCS allows.
func BenchmarkEmbedPassageBatch(b *testing.B) {
	m := mustDefault(b)
	ctx := context.Background()
	texts := make([]string, 32)
	for i := range texts {
		texts[i] = fmt.Sprintf("%s (%d)", strings.Replace(passage, "Tuesday", []string{"Monday", "Tuesday", "Friday"}[i%3], 1), i)
	}
	c0 := cpuTime()
	for b.Loop() {
		if _, err := m.Embed(ctx, texts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(m.Tokens(texts[0]))), "tokens/passage")
	b.ReportMetric(float64(b.N*len(texts))/b.Elapsed().Seconds(), "passages/s")
	// The CPU time per passage does not depend on what else the machine runs.
	b.ReportMetric((cpuTime()-c0).Seconds()*1000/float64(b.N*len(texts)), "cpu-ms/passage")
}

// BenchmarkLoad is the cost of Default's first call: parsing, checking and
// dequantising the embedded file and building the tokenizer.
func BenchmarkLoad(b *testing.B) {
	var before, after runtime.MemStats
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&before)
		m, err := load(modelFile)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(m)
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
}
