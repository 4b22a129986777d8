// Package thesaurus tells a paraphrase from a word about something else,
// using an embedded extract of WordNet 3.0 (Princeton University): two words
// are linked when they share a synonym set, are derivationally related
// ("accuse"/"accusation"), are a direct hypernym/hyponym of each other
// (nouns and verbs, one step, "soldier"/"serviceman"), or are similar-to /
// also-see adjectives. Countries, antonyms and co-hyponyms are not linked:
// "poland" is not "ukraine", "old" is not "young".
//
// The data, thesaurus/data/wordnet.gz, is written by
// thesaurus/internal/convert (see thesaurus/data/README.md). Decompressed,
// it is:
//
//	newsbot-wordnet-thesaurus 1\n
//	<n>\n
//	n lemmas, one a line, lower case, words separated by one space,
//	  sorted bytewise; a lemma's id is its line number from 0
//	n records: one byte of part-of-speech bits (1 noun, 2 verb, 4 adjective,
//	  8 adverb), uvarint k, then k uvarint gaps giving the sorted ids
//	  (each larger than the record's own id) it is linked to; links are
//	  symmetric, so each is stored once, at its smaller id
//	uvarint m, then m inflection exceptions sorted by form: the form and
//	  "\n", uvarint j, j uvarint lemma ids ("mice" -> "mouse")
package thesaurus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
)

//go:embed data/wordnet.gz
var wordnetGz []byte

// format is the first line of the decompressed data.
const format = "newsbot-wordnet-thesaurus 1"

// Part-of-speech bits of a lemma, as stored in the data.
const (
	posNoun = 1 << iota
	posVerb
	posAdj
)

// Thesaurus answers which words WordNet links. It is read-only once built
// and safe for concurrent use.
type Thesaurus struct {
	blob   string   // all lemmas, concatenated in id order
	offs   []uint32 // lemma i is blob[offs[i]:offs[i+1]]
	pos    []uint8
	adjOff []uint32 // neighbours of i are adj[adjOff[i]:adjOff[i+1]], sorted
	adj    []uint32
	exc    map[string][]uint32 // inflected form -> lemma ids
}

var (
	defaultOnce sync.Once
	defaultT    *Thesaurus
	defaultErr  error
)

// Default returns the thesaurus built from the embedded WordNet extract,
// decoding it on the first call only (about 100 ms, 7 MB of heap); later
// calls return the same value.
func Default() (*Thesaurus, error) {
	defaultOnce.Do(func() {
		defaultT, defaultErr = Read(bytes.NewReader(wordnetGz))
	})
	return defaultT, defaultErr
}

// Read decodes a gzipped thesaurus in the format described in the package
// comment. Most callers want Default.
func Read(r io.Reader) (*Thesaurus, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("read thesaurus: %w", err)
	}
	t, err := decode(bufio.NewReaderSize(zr, 1<<16))
	if err != nil {
		return nil, fmt.Errorf("read thesaurus: %w", err)
	}
	return t, nil
}

func decode(br *bufio.Reader) (*Thesaurus, error) {
	line := func() (string, error) {
		s, err := br.ReadString('\n')
		if err != nil {
			return "", err
		}
		return s[:len(s)-1], nil
	}
	head, err := line()
	if err != nil {
		return nil, err
	}
	if head != format {
		return nil, fmt.Errorf("unknown format %q", head)
	}
	s, err := line()
	if err != nil {
		return nil, err
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n >= 1<<31 {
		return nil, fmt.Errorf("bad lemma count %q", s)
	}
	t := &Thesaurus{offs: make([]uint32, 1, n+1), pos: make([]uint8, n), adjOff: make([]uint32, n+1)}
	var sb strings.Builder
	for range n {
		b, err := br.ReadSlice('\n')
		if err != nil {
			return nil, err
		}
		sb.Write(b[:len(b)-1])
		t.offs = append(t.offs, uint32(sb.Len()))
	}
	t.blob = sb.String()

	// Links are stored once, at the smaller id: gather the pairs, then
	// lay out both directions in one slice (a counting sort by source).
	var pairs []uint32 // a0, b0, a1, b1, ...
	deg := t.adjOff[1:]
	for i := range n {
		if t.pos[i], err = br.ReadByte(); err != nil {
			return nil, err
		}
		k, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, err
		}
		cur := uint64(i)
		for range k {
			d, err := binary.ReadUvarint(br)
			if err != nil {
				return nil, err
			}
			if cur += d; d == 0 || cur >= uint64(n) {
				return nil, fmt.Errorf("lemma %d: bad link", i)
			}
			pairs = append(pairs, uint32(i), uint32(cur))
			deg[i]++
			deg[cur]++
		}
	}
	for i := 1; i <= n; i++ {
		t.adjOff[i] += t.adjOff[i-1]
	}
	t.adj = make([]uint32, len(pairs))
	fill := slices.Clone(t.adjOff[:n])
	for j := 0; j < len(pairs); j += 2 {
		a, b := pairs[j], pairs[j+1]
		t.adj[fill[a]] = b
		fill[a]++
		t.adj[fill[b]] = a
		fill[b]++
	}
	for i := range n {
		slices.Sort(t.adj[t.adjOff[i]:t.adjOff[i+1]])
	}

	m, err := binary.ReadUvarint(br)
	if err != nil {
		return nil, err
	}
	t.exc = make(map[string][]uint32, m)
	for range m {
		form, err := line()
		if err != nil {
			return nil, err
		}
		j, err := binary.ReadUvarint(br)
		if err != nil {
			return nil, err
		}
		ids := make([]uint32, 0, j)
		for range j {
			id, err := binary.ReadUvarint(br)
			if err != nil {
				return nil, err
			}
			if id >= uint64(n) {
				return nil, fmt.Errorf("exception %q: bad lemma id", form)
			}
			ids = append(ids, uint32(id))
		}
		t.exc[form] = ids
	}
	if _, err := br.ReadByte(); err != io.EOF {
		return nil, errors.New("trailing data")
	}
	return t, nil
}

func (t *Thesaurus) name(id uint32) string { return t.blob[t.offs[id]:t.offs[id+1]] }

// lookup returns the id of lemma w, by binary search over the sorted lemmas.
func (t *Thesaurus) lookup(w string) (uint32, bool) {
	lo, hi := 0, len(t.offs)-1
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if t.name(uint32(m)) < w {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(t.offs)-1 && t.name(uint32(lo)) == w {
		return uint32(lo), true
	}
	return 0, false
}

// normalize lower-cases w, trims it and writes multi-word lemmas with single
// spaces, accepting WordNet's "_" too.
func normalize(w string) string {
	w = strings.ToLower(strings.TrimSpace(w))
	if strings.ContainsAny(w, "_ \t") {
		w = strings.Join(strings.FieldsFunc(w, func(r rune) bool { return r == '_' || r == ' ' || r == '\t' }), " ")
	}
	return w
}

// Suffix rules of WordNet's morphy, per part of speech: a word ending in
// the first string may be an inflection of the lemma ending in the second.
var rules = []struct {
	pos      uint8
	suf, end string
}{
	{posNoun, "s", ""}, {posNoun, "ses", "s"}, {posNoun, "xes", "x"}, {posNoun, "zes", "z"},
	{posNoun, "ches", "ch"}, {posNoun, "shes", "sh"}, {posNoun, "men", "man"}, {posNoun, "ies", "y"},
	{posVerb, "s", ""}, {posVerb, "ies", "y"}, {posVerb, "es", "e"}, {posVerb, "es", ""},
	{posVerb, "ed", "e"}, {posVerb, "ed", ""}, {posVerb, "ing", "e"}, {posVerb, "ing", ""},
	{posAdj, "er", ""}, {posAdj, "est", ""}, {posAdj, "er", "e"}, {posAdj, "est", "e"},
}

// lemmas returns the ids of the lemmas w (already normalized) may be an
// inflection of, including w itself if it is a lemma: WordNet's morphy,
// with its exception lists and suffix rules, for every part of speech.
func (t *Thesaurus) lemmas(w string) []uint32 {
	var ids []uint32
	if id, ok := t.lookup(w); ok {
		ids = append(ids, id)
	}
	for _, id := range t.exc[w] {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	for _, r := range rules {
		if len(w) <= len(r.suf) || !strings.HasSuffix(w, r.suf) {
			continue
		}
		if id, ok := t.lookup(w[:len(w)-len(r.suf)] + r.end); ok && t.pos[id]&r.pos != 0 && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}

func (t *Thesaurus) neighbours(id uint32) []uint32 { return t.adj[t.adjOff[id]:t.adjOff[id+1]] }

// Related returns, sorted, the lower-case lemmas WordNet links to word, in
// any inflection ("talked" gives the links of "talk", and "talk" itself):
// synonyms, derivationally related forms, direct hypernyms and hyponyms,
// similar adjectives. Multi-word lemmas have single spaces ("step up").
// The word itself is left out; an unknown word gives nil.
func (t *Thesaurus) Related(word string) []string {
	w := normalize(word)
	var out []string
	add := func(id uint32) {
		if s := t.name(id); s != w {
			out = append(out, s)
		}
	}
	for _, id := range t.lemmas(w) {
		add(id)
		for _, nb := range t.neighbours(id) {
			add(nb)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// PhrasalVerb returns, sorted, the lemmas WordNet links to the verb of
// two words verb and next, with verb in any inflection ("taking part"
// gives "participate", "tipped off" gives "advise"), and with the
// derived forms of each single-word link ("participation" beside
// "participate"). Two words that make no verb of WordNet's ("north
// korea", "said off") give nil.
func (t *Thesaurus) PhrasalVerb(verb, next string) []string {
	verb, next = normalize(verb), normalize(next)
	if verb == "" || next == "" || strings.Contains(verb, " ") || strings.Contains(next, " ") {
		return nil
	}
	var out []string
	for _, v := range t.lemmas(verb) {
		if t.pos[v]&posVerb == 0 {
			continue
		}
		id, ok := t.lookup(t.name(v) + " " + next)
		if !ok || t.pos[id]&posVerb == 0 {
			continue
		}
		for _, nb := range t.neighbours(id) {
			link := t.name(nb)
			out = append(out, link)
			if strings.Contains(link, " ") {
				continue
			}
			for _, nb2 := range t.neighbours(nb) {
				if d := t.name(nb2); sharesStem(link, d) {
					out = append(out, d)
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// derivedPrefix is how many leading letters a derived form shares with
// its word ("particip-ate", "particip-ation").
const derivedPrefix = 6

// sharesStem reports whether a and b are one word's forms: the same first
// derivedPrefix letters, and no space.
func sharesStem(a, b string) bool {
	return a != b && !strings.Contains(b, " ") && len(a) >= derivedPrefix && len(b) >= derivedPrefix && a[:derivedPrefix] == b[:derivedPrefix]
}

// Linked reports whether a and b, in any inflection, share a lemma ("went",
// "goes") or have lemmas WordNet links as Related does. It is symmetric;
// equal words are linked even when WordNet does not know them.
func (t *Thesaurus) Linked(a, b string) bool {
	a, b = normalize(a), normalize(b)
	if a == b {
		return a != ""
	}
	la, lb := t.lemmas(a), t.lemmas(b)
	for _, x := range la {
		nx := t.neighbours(x)
		for _, y := range lb {
			if x == y {
				return true
			}
			if _, ok := slices.BinarySearch(nx, y); ok {
				return true
			}
		}
	}
	return false
}
