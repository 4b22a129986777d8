package answer

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"sync"
	"testing"
)

// TestIDFRoundTrip: statistics read back are the statistics built, field
// by field, and give the same weights, names and variants. It fails when
// idf gains a field storedIDF does not carry.
func TestIDFRoundTrip(t *testing.T) {
	if n := reflect.TypeFor[idf]().NumField(); n != 7 {
		t.Fatalf("idf has %d fields; storedIDF carries 7 (n, df, vocab, mid, caps, acronyms, pairs): carry the new one and bump idfFormat", n)
	}
	var docs, bodies []string
	for _, p := range allPassages {
		docs = append(docs, p.Outlet+" . "+p.Title+" . "+p.Text)
		bodies = append(bodies, p.Text)
	}
	x := newIDF(docs)
	x.learnNames(bodies)
	data, err := encodeIDF(x)
	if err != nil {
		t.Fatal(err)
	}
	y, err := decodeIDF(data)
	if err != nil {
		t.Fatal(err)
	}
	if x.n != y.n || !maps.Equal(x.df, y.df) || !maps.Equal(x.mid, y.mid) || !maps.Equal(x.caps, y.caps) || !maps.Equal(x.acronyms, y.acronyms) || !maps.EqualFunc(x.pairs, y.pairs, slices.Equal) || x.vocab.Len() != y.vocab.Len() {
		t.Fatalf("round trip changed the statistics: n %d/%d, %d/%d stems, %d/%d words", x.n, y.n, len(x.df), len(y.df), x.vocab.Len(), y.vocab.Len())
	}
	for w, n := range x.vocab.Counts() {
		if y.vocab.DF(w) != n {
			t.Fatalf("DF(%q) %d, read back %d", w, n, y.vocab.DF(w))
		}
		if !slices.Equal(x.variants(w), y.variants(w)) {
			t.Fatalf("variants(%q) %q, read back %q", w, x.variants(w), y.variants(w))
		}
	}
	for t2 := range x.df {
		if x.weight(t2) != y.weight(t2) || x.named(t2) != y.named(t2) {
			t.Fatalf("weight or name of %q changed", t2)
		}
	}
	if _, err := decodeIDF([]byte("not gob")); err == nil {
		t.Error("garbage decoded")
	}
}

// storingSearch is fakeSearch that keeps statistics, as *retrieval.Index does.
type storingSearch struct {
	fakeSearch
	mu          sync.Mutex
	stats       map[string][]byte
	loads, save int
}

func (s *storingSearch) LoadStats(key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loads++
	return s.stats[key], nil
}

func (s *storingSearch) SaveStats(key string, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.save++
	s.stats[key] = data
	return nil
}

// TestStoredBackground: the first answerer over a searcher that keeps
// statistics builds and saves them; the next (another process, in life)
// reads them and saves nothing, and answers the same.
func TestStoredBackground(t *testing.T) {
	st := &storingSearch{fakeSearch: fakeSearch{hits: hitsOf(pYonhap, pKyiv, pAP)}, stats: map[string][]byte{}}
	q := Request{Question: "How many troops did North Korea send to Russia?"}
	first, err := New(st, nil, Options{}).Ask(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if st.save != 1 || len(st.stats) != 1 {
		t.Fatalf("first answerer saved %d times, %d keys; want the statistics saved once", st.save, len(st.stats))
	}
	second, err := New(st, nil, Options{}).Ask(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if st.save != 1 || st.loads != 2 {
		t.Errorf("second answerer: %d saves, %d loads; want the kept statistics read, nothing saved", st.save, st.loads)
	}
	if first.Text != second.Text || first.Refused != second.Refused {
		t.Errorf("answers differ with kept statistics:\n%q\n%q", first.Text, second.Text)
	}
}

// TestAcronyms: the initials of a capitalised phrase lead to it, so that
// "wti" meets "West Texas Intermediate".
func TestAcronyms(t *testing.T) {
	x := newIDF([]string{"a", "b"})
	x.learnNames([]string{
		"The posted price for West Texas Intermediate fell. Sun cut West Texas Intermediate too.",
		"Ministers of the Organization of Petroleum Exporting Countries met. Prices rose, Texas said.",
		"He met the National Intelligence Service, then West Texas Sour traders.",
		"The ladder unit of Multi-Step Products was sold. Troops went to the frontlines.",
		"The strategic petroleum reserve should grow. The study backs the strategic petroleum reserve. Crude prices fell.",
		"Crude prices fell again.",
	})
	for _, tt := range []struct{ w, want string }{
		{"wti", "West Texas Intermediate"},
		{"opec", "Organization of Petroleum Exporting Countries"},
		{"nis", "National Intelligence Service"},
		{"wts", "West Texas Sour"},
		{"pt", ""}, // "Prices rose, Texas": a comma ends a phrase
		{"w", ""},
		{"multistep", "Multi-Step"},            // a hyphenated compound run together
		{"spr", "strategic petroleum reserve"}, // three words in lower case, written twice
		{"prs", ""},                            // "petroleum reserve should": written once
		{"cpf", ""},                            // "Crude prices fell": capitalised where it opens a sentence
	} {
		if got := x.acronym(tt.w); got != tt.want {
			t.Errorf("acronym(%q) = %q; want %q", tt.w, got, tt.want)
		}
	}
	// A two-word name clipped ("amex"), when one name written twice fits.
	c := newIDF([]string{"a"})
	c.learnNames([]string{"Analysts said American Express may sell Shearson. American Express earned 1.25 billion dlrs.",
		"American Airlines and American Airways flew. American Airlines fell. American Airways rose."})
	for _, tt := range []struct{ w, want string }{
		{"amex", "American Express"},
		{"amair", ""}, // American Airlines or American Airways
		{"amx", ""},   // each word clipped to two letters or more
	} {
		if got := c.clipped(tt.w); got != tt.want {
			t.Errorf("clipped(%q) = %q; want %q", tt.w, got, tt.want)
		}
	}
	ts := questionTerms("r all the oil cos posting the same price for wti", x, nil)
	if !slices.ContainsFunc(ts, func(q qterm) bool {
		return q.word == "wti" && !q.unknown && slices.Contains(q.stems, stem("intermediate"))
	}) {
		t.Errorf("wti not read as West Texas Intermediate: %+v", ts)
	}
	// An owner written without its apostrophe: the name, not a new word.
	y := newIDF([]string{"Houston Oil Trust said its reserves rose.", "The Trust is based in Houston.", "Royalty holders of Houston Oil Trust met."})
	ts = questionTerms("what r houston oil trsuts reserves worth", y, nil)
	if !slices.ContainsFunc(ts, func(q qterm) bool { return q.word == "trsuts" && !q.unknown && q.variant == "trust" }) {
		t.Errorf("trsuts not read as trust's: %+v", ts)
	}
	// Two words the coverage writes as one.
	ts = questionTerms("how many troops are at the front lines", newIDF([]string{"Troops went to the frontlines.", "Troops rested."}), nil)
	if !slices.ContainsFunc(ts, func(q qterm) bool { return q.word == "frontlines" && !q.unknown }) {
		t.Errorf("front lines not read as frontlines: %+v", ts)
	}
}
