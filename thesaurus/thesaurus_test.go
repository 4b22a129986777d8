package thesaurus

import (
	"bytes"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
)

func load(t testing.TB) *Thesaurus {
	t.Helper()
	th, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return th
}

// TestLinked pins what WordNet 3.0, as trimmed by thesaurus/internal/convert,
// says about the paraphrases the answerer must accept and the topic changes
// it must reject. A "false" in the first group is WordNet's gap, not a wish.
func TestLinked(t *testing.T) {
	th := load(t)
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		// Paraphrases.
		{"diplomat", "ambassador", true},  // hypernym
		{"afraid", "fear", true},          // attribute
		{"finish", "complete", true},      // synonyms
		{"buy", "acquire", true},          // hypernym
		{"purchase", "buy", true},         // synonyms
		{"head", "chief", true},           // synonyms (head's 4th sense)
		{"talked", "talk", true},          // inflection
		{"went", "go", true},              // exception list
		{"mice", "mouse", true},           // exception list
		{"accused", "blame", true},        // synonyms
		{"warn", "threaten", true},        // synonyms
		{"escalate", "step up", true},     // synonyms, multi-word
		{"Diplomats", "AMBASSADOR", true}, // case and plural
		{"ambassador", "diplomat", true},  // symmetric
		// WordNet does not link these.
		{"accuse", "allege", false},
		{"employ", "worker", false},
		{"soldier", "troop", false},
		{"troops", "soldiers", false},
		{"spy", "intelligence", false},
		// Other topics.
		{"poland", "ukraine", false},
		{"accept", "receive", false}, // only through receive's 6th sense
		{"china", "russia", false},
		{"approve", "conclude", false},
		{"sanctions", "measures", false},
		{"old", "young", false},
		{"speech", "remark", false},
		{"", "", false},
		{"zzxq", "zzxq", true},
		{"zzxq", "qxzz", false},
	} {
		if got := th.Linked(tt.a, tt.b); got != tt.want {
			t.Errorf("Linked(%q, %q) = %v; want %v", tt.a, tt.b, got, tt.want)
		}
		if got := th.Linked(tt.b, tt.a); got != tt.want {
			t.Errorf("Linked(%q, %q) = %v; want %v", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestRelated(t *testing.T) {
	th := load(t)
	for _, tt := range []struct {
		word       string
		has, lacks []string
	}{
		{"talked", []string{"talk", "speak", "conversation"}, []string{"talked"}},
		{"diplomat", []string{"ambassador", "envoy", "diplomatist"}, []string{"diplomat"}},
		{"mice", []string{"mouse"}, nil},
		{"escalate", []string{"step up", "escalation"}, nil},
		{"poland", []string{"republic of poland"}, []string{"ukraine", "poland"}},
		{"thing", nil, []string{"entity"}}, // general words don't link everything
	} {
		got := th.Related(tt.word)
		if !slices.IsSorted(got) {
			t.Errorf("Related(%q) not sorted", tt.word)
		}
		for _, w := range tt.has {
			if !slices.Contains(got, w) {
				t.Errorf("Related(%q) lacks %q: %q", tt.word, w, got)
			}
		}
		for _, w := range tt.lacks {
			if slices.Contains(got, w) {
				t.Errorf("Related(%q) has %q", tt.word, w)
			}
		}
	}
	if got := th.Related("zzxq"); got != nil {
		t.Errorf("Related(unknown) = %q; want nil", got)
	}
}

// TestPhrasalVerb: a verb of two words, its first in any inflection,
// gives WordNet's links and their derived forms; two words that make no
// verb give nothing.
func TestPhrasalVerb(t *testing.T) {
	th := load(t)
	for _, tt := range []struct {
		verb, next string
		has        []string
	}{
		{"taking", "part", []string{"participate", "participation"}},
		{"tipped", "off", []string{"advise"}},
		{"wrap", "up", []string{"complete", "completion", "finish"}},
		{"called", "off", []string{"cancel", "cancellation"}},
		{"north", "korea", nil}, // a name, no verb
		{"said", "off", nil},
		{"take part", "in", nil},
	} {
		got := th.PhrasalVerb(tt.verb, tt.next)
		if !slices.IsSorted(got) {
			t.Errorf("PhrasalVerb(%q, %q) not sorted", tt.verb, tt.next)
		}
		if len(tt.has) == 0 && got != nil {
			t.Errorf("PhrasalVerb(%q, %q) = %q; want nil", tt.verb, tt.next, got)
		}
		for _, w := range tt.has {
			if !slices.Contains(got, w) {
				t.Errorf("PhrasalVerb(%q, %q) lacks %q: %q", tt.verb, tt.next, w, got)
			}
		}
	}
}

func TestLemmas(t *testing.T) {
	th := load(t)
	for _, tt := range []struct {
		word string
		want []string
	}{
		{"talked", []string{"talk"}},
		{"went", []string{"go"}},
		{"churches", []string{"church"}},
		{"policemen", []string{"policeman"}},
		{"countries", []string{"country"}},
		{"bigger", []string{"big", "bigger"}}, // "bigger" is a lemma too
		{"finest", []string{"fine"}},
		{"making", []string{"make", "making"}},
		{"united states", []string{"united states"}},
		{"United_States", []string{"united states"}},
	} {
		var got []string
		for _, id := range th.lemmas(normalize(tt.word)) {
			got = append(got, th.name(id))
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("lemmas(%q) = %q; want %q", tt.word, got, tt.want)
		}
	}
}

// TestLinksSymmetric checks the adjacency built at load time.
func TestLinksSymmetric(t *testing.T) {
	th := load(t)
	for a := range uint32(len(th.offs) - 1) {
		for _, b := range th.neighbours(a) {
			if a == b {
				t.Fatalf("%q linked to itself", th.name(a))
			}
			if _, ok := slices.BinarySearch(th.neighbours(b), a); !ok {
				t.Fatalf("%q -> %q but not back", th.name(a), th.name(b))
			}
		}
	}
}

func TestDefaultConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			th := load(t)
			if !th.Linked("purchase", "buy") {
				t.Error("purchase/buy not linked")
			}
		})
	}
	wg.Wait()
}

func TestReadErrors(t *testing.T) {
	if _, err := Read(bytes.NewReader([]byte("not gzip"))); err == nil {
		t.Error("Read(not gzip) = nil error")
	}
	if _, err := Read(bytes.NewReader(wordnetGz[:len(wordnetGz)/2])); err == nil {
		t.Error("Read(truncated) = nil error")
	}
}

// TestLoadCost logs what loading costs; run with -v to see it.
func TestLoadCost(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("timing")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	th, err := Read(bytes.NewReader(wordnetGz))
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap := after.HeapAlloc - before.HeapAlloc
	t.Logf("load %v, heap %.1f MB, %d lemmas, %d links", elapsed, float64(heap)/(1<<20), len(th.offs)-1, len(th.adj)/2)
	runtime.KeepAlive(th)
	if heap > 40<<20 {
		t.Errorf("heap %d MB; want < 40 MB", heap>>20)
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Read(bytes.NewReader(wordnetGz)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLinked(b *testing.B) {
	th := load(b)
	pairs := [][2]string{{"diplomat", "ambassador"}, {"poland", "ukraine"}, {"talked", "conversations"}, {"accept", "receive"}}
	for i := 0; b.Loop(); i++ {
		p := pairs[i%len(pairs)]
		th.Linked(p[0], p[1])
	}
}

func BenchmarkRelated(b *testing.B) {
	th := load(b)
	for b.Loop() {
		th.Related("talked")
	}
}
