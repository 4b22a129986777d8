package semantic

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// space is SentencePiece's word-boundary mark: the text's spaces become it,
// and one is put in front.
const space = "\u2581"

// reservedPieces are the first ids of the vocabulary ("�", "<s>", "</s>" and
// three extra tokens): the tokenizer never matches them, and id 0 stands for
// any character no piece covers.
const reservedPieces = 6

// tokenizer reproduces the TF.js Universal Sentence Encoder tokenizer (the
// copy in @energetic-ai/embeddings 0.2.0, lib/tokenizer.ts), quirks included,
// because the model was run with exactly its ids:
//
//   - the text is NFKC-normalised, "▁" is put in front and each ASCII space
//     becomes "▁" (tabs and newlines stay as they are and are unknown);
//   - a Viterbi search maximises the sum of the pieces' scores, where an
//     earlier best of exactly 0 counts as "no path yet" and ties go to the
//     later candidate (score >= best);
//   - a position where no piece starts gets the unknown id 0 with score 0
//     for one character;
//   - the backtrack steps back by each piece's length in UTF-16 code units
//     (JavaScript's string length) and by the length of vocabulary[0] ("�",
//     one unit) for an unknown character;
//   - runs of unknown ids are merged into one.
//
// The vocabulary file gives seven pieces with a colon (":", "://", "▁:)"...)
// a null score, which JavaScript adds as 0; the converter stores them as 0.
type tokenizer struct {
	units    []int            // length in UTF-16 code units of each piece, by id
	lookup   map[string]match // every piece and every prefix of a piece
	maxRunes int              // characters in the longest piece

	// cut is the length in bytes past which encodePrefix tries the text up
	// to the next space first; 0 turns that off (see encodePrefix).
	cut int
}

// match is a piece (id >= reservedPieces) or only the prefix of some longer
// piece (id < 0), which tells the search to keep extending.
type match struct {
	id    int32
	score float64
}

func newTokenizer(vocab []vocabEntry) *tokenizer {
	t := &tokenizer{units: make([]int, len(vocab)), lookup: make(map[string]match, 2*len(vocab))}
	for id, v := range vocab {
		t.units[id] = len(utf16.Encode([]rune(v.piece)))
		if id < reservedPieces {
			continue
		}
		runes := 0
		for i := range v.piece {
			if i > 0 {
				if _, ok := t.lookup[v.piece[:i]]; !ok {
					t.lookup[v.piece[:i]] = match{id: -1}
				}
			}
			runes++
		}
		// A later duplicate replaces an earlier one, as in the TF.js trie
		// ("”5" is in the vocabulary three times; the last one, 4464, wins).
		t.lookup[v.piece] = match{id: int32(id), score: v.score}
		t.maxRunes = max(t.maxRunes, runes)
	}
	// encodePrefix relies on every space being a boundary of every path.
	t.cut = 4096
	for id, v := range vocab {
		_, size := utf8.DecodeRuneInString(v.piece)
		if id >= reservedPieces && strings.Contains(v.piece[size:], space) {
			t.cut = 0 // a piece runs across a space
		}
	}
	if m, ok := t.lookup[space]; !ok || m.id < 0 {
		t.cut = 0 // a space could be part of an unknown run
	}
	return t
}

// encodePrefix returns the first limit ids of text without reading all of
// a long text. No piece holds "▁" but at its start, and "▁" alone is a
// piece, so every space is a boundary on every path of the search and in
// the backtrack: the ids of the text up to a space are the first ids of the
// whole text. NFKC does not change across an ASCII space either, a starter
// that composes with nothing before it. So a long text is first tokenized
// up to the first space after t.cut bytes, and read whole only if that
// gives fewer than limit ids.
func (t *tokenizer) encodePrefix(text string, limit int) []int {
	if t.cut > 0 && len(text) > t.cut {
		if i := strings.IndexByte(text[t.cut:], ' '); i >= 0 {
			if ids := t.encode(text[:t.cut+i]); len(ids) >= limit {
				return ids[:limit]
			}
		}
	}
	ids := t.encode(text)
	return ids[:min(len(ids), limit)]
}

// encode returns the ids of text, all of them (the model reads the first
// MaxTokens). Invalid UTF-8 is read as U+FFFD, which is unknown.
func (t *tokenizer) encode(text string) []int {
	s := norm.NFKC.String(strings.ToValidUTF8(text, string(utf8.RuneError)))
	if s == "" {
		return nil
	}
	s = space + strings.ReplaceAll(s, " ", space)

	offs := make([]int, 0, len(s)+1) // byte offset of each character, and the end
	for i := range s {
		offs = append(offs, i)
	}
	n := len(offs)
	offs = append(offs, len(s))

	// Forward Viterbi: relaxing the pieces that start at each position in
	// turn updates every end in the same order as the TF.js loop over ends
	// and their starts, so ties and the best == 0 test come out the same.
	best := make([]float64, n+1)
	words := make([]int32, n+1)
	relax := func(end int, id int32, score float64) {
		if best[end] == 0 || score >= best[end] {
			best[end] = score
			words[end] = id
		}
	}
	for start := range n {
		found := false
		for l := 1; l <= t.maxRunes && start+l <= n; l++ {
			m, ok := t.lookup[s[offs[start]:offs[start+l]]]
			if !ok {
				break
			}
			if m.id >= 0 {
				found = true
				relax(start+l, m.id, m.score+best[start])
			}
		}
		if !found {
			relax(start+1, 0, best[start])
		}
	}

	var ids []int
	for at := n; at > 0; at -= t.units[words[at]] {
		id := int(words[at])
		if id == 0 && len(ids) > 0 && ids[len(ids)-1] == 0 {
			continue // merge a run of unknowns
		}
		ids = append(ids, id)
	}
	for i, j := 0, len(ids)-1; i < j; i, j = i+1, j-1 {
		ids[i], ids[j] = ids[j], ids[i]
	}
	return ids
}
