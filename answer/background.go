package answer

import (
	"bytes"
	"encoding/gob"
	"fmt"

	"github.com/newsbot/newsbot/internal/buildid"
	"github.com/newsbot/newsbot/lang"
)

// sizer is a Searcher that says how many passages it holds without listing
// them, as *retrieval.Index does. idfFor asks it first: listing a corpus
// too large for whole-corpus statistics (Index.Passages copies every
// passage, 0.2 s at 100k) only to find that out cost every question.
type sizer interface{ Len() int }

// corpusTooLarge reports whether the searcher holds more passages than
// whole-corpus statistics are computed for.
func (a *Answerer) corpusTooLarge() bool {
	s, ok := a.search.(sizer)
	return ok && s.Len() > maxBackground
}

// statsStore is a Searcher that keeps the whole-corpus word statistics
// between processes, as *retrieval.Index does beside its snapshot. They
// take seconds to build at 10k passages, and a one-shot `newsbot ask`
// would otherwise build them for its one question; kept, they are read in
// a fraction of that. key names the passages they were built from.
type statsStore interface {
	LoadStats(key string) ([]byte, error) // nil when none are kept for key
	SaveStats(key string, data []byte) error
}

// storedIDF is what encodeIDF writes: every field of idf, the vocabulary
// as its words and frequencies. TestIDFRoundTrip fails when idf gains a
// field this does not carry.
type storedIDF struct {
	Version   int
	N         int
	DF        map[string]int
	Words     []string
	WordDF    []int
	Mid, Caps map[string]int
	Acronyms  map[string]string
	Pairs     map[string][]string
}

// idfFormat changes when storedIDF or what its fields mean does; stored
// statistics of another format are built again.
const idfFormat = 4

func encodeIDF(x *idf) ([]byte, error) {
	s := storedIDF{Version: idfFormat, N: x.n, DF: x.df, Mid: x.mid, Caps: x.caps, Acronyms: x.acronyms, Pairs: x.pairs}
	for w, n := range x.vocab.Counts() {
		s.Words = append(s.Words, w)
		s.WordDF = append(s.WordDF, n)
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(&s); err != nil {
		return nil, fmt.Errorf("encode corpus statistics: %w", err)
	}
	return b.Bytes(), nil
}

func decodeIDF(data []byte) (*idf, error) {
	var s storedIDF
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&s); err != nil {
		return nil, fmt.Errorf("decode corpus statistics: %w", err)
	}
	if s.Version != idfFormat || len(s.Words) != len(s.WordDF) {
		return nil, fmt.Errorf("decode corpus statistics: format %d, want %d", s.Version, idfFormat)
	}
	x := &idf{n: s.N, df: orEmpty(s.DF), mid: orEmpty(s.Mid), caps: orEmpty(s.Caps), acronyms: s.Acronyms, pairs: s.Pairs}
	if x.acronyms == nil {
		x.acronyms = map[string]string{}
	}
	if x.pairs == nil {
		x.pairs = map[string][]string{}
	}
	x.vocab = lang.NewVocabularyCounts(func(yield func(string, int) bool) {
		for i, w := range s.Words {
			if !yield(w, s.WordDF[i]) {
				return
			}
		}
	})
	return x, nil
}

// orEmpty is m, or an empty map for the nil gob gives an empty one.
func orEmpty(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}

// statsKey names stored statistics: the format, the build (another may
// count words differently) and the passages. "" means keep none.
func statsKey(passages string) string {
	id := buildid.ID()
	if id == "" {
		return ""
	}
	return fmt.Sprintf("idf-%d %s %s", idfFormat, id, passages)
}

// storedBackground returns the statistics the searcher keeps for the
// passages whose passagesKey is key, nil when it keeps none (or they
// cannot be read).
func (a *Answerer) storedBackground(key string) *idf {
	st, ok := a.search.(statsStore)
	if !ok || statsKey(key) == "" {
		return nil
	}
	data, err := st.LoadStats(statsKey(key))
	if err != nil || data == nil {
		if err != nil {
			a.opts.Logger.Warn("corpus statistics unreadable; building them", "err", err)
		}
		return nil
	}
	x, err := decodeIDF(data)
	if err != nil {
		a.opts.Logger.Warn("corpus statistics unreadable; building them", "err", err)
		return nil
	}
	return x
}

// storeBackground hands x to the searcher to keep, when it keeps any.
func (a *Answerer) storeBackground(key string, x *idf) {
	st, ok := a.search.(statsStore)
	if !ok || statsKey(key) == "" {
		return
	}
	data, err := encodeIDF(x)
	if err == nil {
		err = st.SaveStats(statsKey(key), data)
	}
	if err != nil {
		a.opts.Logger.Warn("corpus statistics not kept", "err", err)
	}
}
