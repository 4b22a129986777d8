package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/neurosnap/sentences"
	"github.com/neurosnap/sentences/english"
)

// ChunkOptions sizes passages. The zero value gives the defaults, chosen
// for BM25 and embedding retrieval over news text (windows of 3-5
// sentences, 45-75 words did best on the bundled coverage): at most 4
// sentences and 90 words a passage, a passage of 45 words or more ends at
// a paragraph end, and consecutive passages share 1 sentence.
type ChunkOptions struct {
	MaxSentences int // sentences in a passage at most; 0 means 4
	MaxWords     int // words in a passage at most, unless one sentence is longer; 0 means 90
	MinWords     int // a passage with this many words ends at a paragraph end; 0 means 45
	Overlap      int // sentences a passage repeats from the one before; 0 means 1, negative means none
}

// Default chunk sizes; see ChunkOptions.
const (
	DefaultMaxSentences = 4
	DefaultMaxWords     = 90
	DefaultMinWords     = 45
	DefaultOverlap      = 1
)

// bytesPerWord bounds a passage's bytes (MaxWords*bytesPerWord) so that
// text without spaces still makes passages of a sensible size.
const bytesPerWord = 12

func (o ChunkOptions) withDefaults() ChunkOptions {
	if o.MaxSentences <= 0 {
		o.MaxSentences = DefaultMaxSentences
	}
	if o.MaxWords <= 0 {
		o.MaxWords = DefaultMaxWords
	}
	if o.MinWords <= 0 {
		o.MinWords = DefaultMinWords
	}
	switch {
	case o.Overlap == 0:
		o.Overlap = DefaultOverlap
	case o.Overlap < 0:
		o.Overlap = 0
	}
	o.Overlap = min(o.Overlap, o.MaxSentences-1)
	return o
}

// unit is a sentence, or a piece of a sentence too long for one passage.
type unit struct {
	Span
	words int
	para  int // index of the paragraph ("\n\n"-separated) holding it
	// heading: a short paragraph of one unit that ends no sentence.
	heading bool
}

// Chunk cuts a's cleaned text into passages: windows of whole sentences
// (see ChunkOptions for the sizes), in text order, each repeating up to
// opts.Overlap sentences of the one before (fewer when the limits leave no
// room, so no passage lies inside another). A sentence longer than MaxWords
// words (or MaxWords*12 bytes) is cut at word boundaries into pieces that
// count as sentences, so no passage is empty or much larger than the
// limit. Passage ids are "<article id>#<ordinal>", ordinals from 0; each
// passage's Text is a.Text[Start:End] and its Sentences are relative to
// Text. The same text and options always give the same passages.
func Chunk(a Article, opts ChunkOptions) []Passage {
	o := opts.withDefaults()
	units := splitUnits(a.Text, o)
	var ps []Passage
	// i is the window's first unit, next the first unit no window holds yet.
	for i, next := 0, 0; next < len(units); {
		j, words := i, 0
		for j < len(units) && j-i < o.MaxSentences && (j == i || words+units[j].words <= o.MaxWords) {
			if j > next && units[j].para != units[j-1].para && words >= o.MinWords && !units[j-1].heading {
				break
			}
			words += units[j].words
			j++
		}
		// A heading goes with the text after it, not at a window's end.
		for j < len(units) && j-1 > next && j-1 > i && units[j-1].heading {
			j--
		}
		start, end := units[i].Start, units[j-1].End
		p := Passage{
			ID:        fmt.Sprintf("%s#%d", a.ID, len(ps)),
			ArticleID: a.ID,
			Ordinal:   len(ps),
			Title:     a.Title,
			Outlet:    a.Outlet,
			Published: a.Published,
			URL:       a.URL,
			Text:      a.Text[start:end],
			Start:     start,
			End:       end,
		}
		for _, u := range units[i:j] {
			p.Sentences = append(p.Sentences, Span{u.Start - start, u.End - start})
		}
		sum := sha256.Sum256([]byte(p.Text))
		p.Hash = hex.EncodeToString(sum[:])
		ps = append(ps, p)
		// The next window repeats up to Overlap units, as many as fit
		// beside the first new unit, so it is never inside this one.
		next, i = j, max(i+1, j-o.Overlap)
		for i < j && j < len(units) && (j-i+1 > o.MaxSentences || wordsIn(units[i:j+1]) > o.MaxWords) {
			i++
		}
	}
	return ps
}

func wordsIn(us []unit) int {
	n := 0
	for _, u := range us {
		n += u.words
	}
	return n
}

// ChunkAll chunks every article, in order.
func ChunkAll(articles []Article, opts ChunkOptions) []Passage {
	per := make([][]Passage, len(articles))
	parallel(len(articles), func(i int) { per[i] = Chunk(articles[i], opts) })
	var ps []Passage
	for _, p := range per {
		ps = append(ps, p...)
	}
	return ps
}

// parallel calls fn(0) … fn(n-1) on as many goroutines as there are cores
// and returns when all are done; fn must write only its own slot.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// splitUnits returns the sentences of text, long ones cut into pieces.
func splitUnits(text string, o ChunkOptions) []unit {
	maxBytes := o.MaxWords * bytesPerWord
	var units []unit
	para, last := 0, 0
	for _, s := range Sentences(text) {
		para += strings.Count(text[last:s.Start], "\n\n")
		last = s.Start
		for _, piece := range splitLong(text, s, o.MaxWords, maxBytes) {
			units = append(units, unit{Span: piece, words: len(strings.Fields(text[piece.Start:piece.End])), para: para})
		}
	}
	for k, u := range units {
		alone := (k == 0 || units[k-1].para != u.para) && (k == len(units)-1 || units[k+1].para != u.para)
		units[k].heading = alone && u.words <= 12 && !endsSentence(text[u.Start:u.End])
	}
	return units
}

// splitLong cuts the sentence s of text into nearly equal runs of whole
// words of at most maxWords words, and a run longer than maxBytes at rune
// boundaries. A sentence within the limits comes back whole.
func splitLong(text string, s Span, maxWords, maxBytes int) []Span {
	sent := text[s.Start:s.End]
	if len(sent) <= maxBytes && len(strings.Fields(sent)) <= maxWords {
		return []Span{s}
	}
	var ws []Span // words, relative to text
	in := false
	for i, r := range sent {
		switch sp := unicode.IsSpace(r); {
		case !sp && !in:
			ws, in = append(ws, Span{s.Start + i, 0}), true
		case sp && in:
			ws[len(ws)-1].End, in = s.Start+i, false
		}
	}
	if in {
		ws[len(ws)-1].End = s.End
	}
	n := (len(ws) + maxWords - 1) / maxWords
	per := (len(ws) + n - 1) / n
	var out []Span
	for k := 0; k < len(ws); k += per {
		run := Span{ws[k].Start, ws[min(k+per, len(ws))-1].End}
		for run.End-run.Start > maxBytes {
			cut := run.Start + maxBytes
			for !utf8.RuneStart(text[cut]) {
				cut--
			}
			// Prefer the last space before the cut, if the run has one.
			if sp := strings.LastIndexFunc(text[run.Start:cut], unicode.IsSpace); sp > 0 {
				cut = run.Start + sp
			}
			out = append(out, Span{run.Start, cut})
			run.Start = cut + len(text[cut:]) - len(strings.TrimLeftFunc(text[cut:], unicode.IsSpace))
		}
		if run.End > run.Start {
			out = append(out, run)
		}
	}
	return out
}

// punkt is the English Punkt tokenizer, built from the training data
// compiled into github.com/neurosnap/sentences (no files, no network). It
// only reads its tables, so one value serves concurrent calls.
var punkt = sync.OnceValue(func() *sentences.DefaultSentenceTokenizer {
	t, err := english.NewSentenceTokenizer(nil)
	if err != nil {
		panic(fmt.Sprintf("corpus: load English sentence data: %v", err)) // the data is compiled in
	}
	return t
})

// reInitials is a run of initials such as "U.S." at the end of a
// sentence, which Punkt too often takes for a sentence end.
var reInitials = regexp.MustCompile(`(?:^|\s)(?:\pL\.){2,}$`)

// reNameAbbrev is a part of a name abbreviated at the end of a sentence
// ("Dr. James McN. Hester", "Wm. Smith", "Chas. E. Wilson"), which Punkt
// takes for a sentence end, cutting the name in two.
var reNameAbbrev = regexp.MustCompile(`(?:^|\s)(?:\p{Lu}\p{Ll}+\p{Lu}|Wm|Chas|Geo|Thos|Jas|Jno|Benj|Robt|Saml|Edw|Jos|Danl|Richd|Fredk)\.$`)

// Sentences returns the sentences of text as byte spans, in order, trimmed
// of surrounding white space. It uses the English Punkt model, never lets
// a sentence cross a line break, and repairs three Punkt slips: a sentence
// ending in initials ("the U.S.") or in an abbreviated part of a name
// ("Dr. James McN.") joins the sentence after it, and a "sentence"
// starting in lower case joins the one before. The first
// merges the rare true end after initials ("came from the U.S. Then"):
// two sentences in one span cost less than one split in two.
func Sentences(text string) []Span {
	var out []Span
	off := 0
	for line := range strings.SplitSeq(text, "\n") {
		lineStart := len(out)
		if strings.TrimSpace(line) != "" {
			for _, s := range punkt().Tokenize(line) {
				sp := trimSpan(text, Span{off + clamp(s.Start, len(line)), off + clamp(s.End, len(line))})
				if sp.End <= sp.Start {
					continue
				}
				if n := len(out); n > lineStart {
					prev := &out[n-1]
					r, _ := utf8.DecodeRuneInString(text[sp.Start:])
					if unicode.IsLower(r) || reInitials.MatchString(text[prev.Start:prev.End]) || unicode.IsUpper(r) && reNameAbbrev.MatchString(text[prev.Start:prev.End]) {
						prev.End = sp.End
						continue
					}
				}
				out = append(out, sp)
			}
		}
		off += len(line) + 1
	}
	return out
}

func clamp(i, n int) int { return max(0, min(i, n)) }

// trimSpan shrinks s to exclude white space at either end.
func trimSpan(text string, s Span) Span {
	t := text[s.Start:s.End]
	l := len(t) - len(strings.TrimLeftFunc(t, unicode.IsSpace))
	r := len(strings.TrimRightFunc(t, unicode.IsSpace))
	if r <= l {
		return Span{s.Start, s.Start}
	}
	return Span{s.Start + l, s.Start + r}
}
