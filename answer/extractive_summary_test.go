package answer

import (
	"math"
	"testing"

	"github.com/newsbot/newsbot/corpus"
)

// TestSummaryExtractiveDeterministic: overlapping windows of one article
// hold the same sentence twice, scored alike, and which of the two a
// summary cited once depended on map iteration order (4 different
// summaries in 40 runs over the bundled coverage's first 8 lead passages).
// Every run must now say the same.
func TestSummaryExtractiveDeterministic(t *testing.T) {
	arts, err := corpus.Load(corpus.Bundled())
	if err != nil {
		t.Fatal(err)
	}
	ps := corpus.ChunkAll(arts, corpus.ChunkOptions{})
	for _, tt := range []struct {
		name  string
		leads int    // passages summarised
		topic string // "" summarises the whole coverage
	}{
		{"whole coverage, 8 passages", 8, ""},
		{"whole coverage, 20 passages", 20, ""},
		{"topic, 8 passages", 8, "troop numbers"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var first string
			for run := range 20 {
				// A new Answerer each run, or its cache would answer.
				a := New(&fakeSearch{hits: hitsOf(leads(ps, tt.leads)...)}, nil,
					Options{Passages: func() []corpus.Passage { return ps }, MaxSummaryPassages: tt.leads})
				ans, err := a.Summary(t.Context(), SummaryRequest{Topic: tt.topic})
				if err != nil {
					t.Fatal(err)
				}
				if ans.Refused || len(ans.Hits) != tt.leads {
					t.Fatalf("run %d: refused=%v over %d passages; want a summary of %d", run, ans.Refused, len(ans.Hits), tt.leads)
				}
				if run == 0 {
					first = ans.Text
				} else if ans.Text != first {
					t.Fatalf("run %d differs from run 0:\n%s\n--- run 0:\n%s", run, ans.Text, first)
				}
			}
		})
	}
}

func TestCosine(t *testing.T) {
	for _, tt := range []struct {
		name string
		a, b map[string]float64
		want float64
	}{
		{"same", map[string]float64{"troop": 2, "seoul": 1}, map[string]float64{"troop": 2, "seoul": 1}, 1},
		{"scaled", map[string]float64{"troop": 1}, map[string]float64{"troop": 3}, 1},
		{"no shared term", map[string]float64{"troop": 1}, map[string]float64{"seoul": 1}, 0},
		{"empty", nil, map[string]float64{"seoul": 1}, 0},
		{"half", map[string]float64{"troop": 1, "seoul": 1}, map[string]float64{"troop": 1, "envoy": 1}, 0.5},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := cosine(tt.a, tt.b); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("cosine = %v; want %v", got, tt.want)
			}
			if got, want := cosineNorm(tt.a, tt.b, sumSquares(tt.b)), cosine(tt.a, tt.b); got != want {
				t.Errorf("cosineNorm = %v; cosine = %v", got, want)
			}
		})
	}
}
