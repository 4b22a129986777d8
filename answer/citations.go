package answer

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/newsbot/newsbot/retrieval"
)

// quotes numbers the passages an extractive answer, summary, comparison
// or inventory quotes, densely by first use: the one place where quoted
// passages get their [n] markers and Citations.
type quotes struct {
	hits  []retrieval.Hit
	numOf map[int]int // hit index -> marker
	cites []Citation
}

// mark returns the marker of hits[hit], citing it with sentence the
// first time.
func (q *quotes) mark(hit int, sentence string) int {
	n, ok := q.numOf[hit]
	if !ok {
		if q.numOf == nil {
			q.numOf = map[int]int{}
		}
		n = len(q.cites) + 1
		q.numOf[hit] = n
		q.cites = append(q.cites, Citation{N: n, Hit: q.hits[hit], Sentence: sentence, Verified: true})
	}
	return n
}

// citer rewrites citation markers in text that arrives in pieces: it keeps
// markers that point at one of the k passages given to the model, drops the
// rest, and renumbers the kept ones densely by first use. Markers may be
// written [1], [1, 3], [1; 3], [1][3] or [1-2], each number perhaps
// labelled ([Passage 1], [Sources 1, 3]); the output always writes
// [1][3]. Text that only looks like the start of a marker is held back until
// the marker closes or turns out not to be one.
type citer struct {
	k       int
	allowed map[int]bool // when set, the valid numbers instead of 1..k
	keep    bool         // keep the given numbers instead of renumbering
	order   []int        // given numbers (1..k) in first-use order
	newOf   map[int]int  // given number -> output number
	pending []byte       // text from an unclosed '['
}

func newCiter(k int) *citer { return &citer{k: k, newOf: map[int]int{}} }

// write consumes the next piece of text and returns what can be emitted.
func (c *citer) write(s string) string {
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		b := s[i]
		if len(c.pending) == 0 {
			if b == '[' {
				c.pending = append(c.pending, b)
			} else {
				out.WriteByte(b)
			}
			continue
		}
		if b == ']' {
			c.pending = append(c.pending, b)
			if nums, ok := parseGroup(string(c.pending)); ok {
				out.WriteString(c.rewrite(nums))
			} else {
				out.WriteString(c.fail())
			}
			c.pending = c.pending[:0]
			continue
		}
		if markerByte(b) || labelByte(c.pending, b) {
			c.pending = append(c.pending, b)
			continue
		}
		failed := c.fail()
		if b == '[' && strings.HasPrefix(failed, "[") {
			// "[[0]00]": were the inner marker dropped, this '[' would
			// close over the digits after it into "[00]", a marker never
			// checked. Only a bracket right before a marker can.
			failed = "("
		}
		out.WriteString(failed)
		c.pending = c.pending[:0]
		i-- // the byte may itself open a marker
	}
	return out.String()
}

// flush returns the text still held back at the end of the answer.
func (c *citer) flush() string {
	s := c.fail()
	c.pending = c.pending[:0]
	return s
}

// fail returns a held-back text that was not a marker. When it holds a
// digit its '[' becomes '(', so a later ']' cannot close it into a marker
// that was never checked.
func (c *citer) fail() string {
	s := string(c.pending)
	if strings.ContainsAny(s, "0123456789") {
		s = "(" + s[1:]
	}
	return s
}

func markerByte(b byte) bool {
	return (b >= '0' && b <= '9') || b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r' || b == ',' || b == ';' || b == '-'
}

// labelByte reports whether b may extend the marker held back in pending
// as a letter of a label before a number: models read the passages'
// numbers as names and write "[Passage 1]", "[passages 1, 3]" or
// "[Source 2]". Only a prefix of a label is held back; other letters end
// the marker ("[Caption]").
func labelByte(pending []byte, b byte) bool {
	if !isLetter(b) {
		return false
	}
	start := len(pending)
	for start > 0 && isLetter(pending[start-1]) {
		start--
	}
	word := strings.ToLower(string(pending[start:]) + string(b))
	return slices.ContainsFunc(markerLabels, func(l string) bool { return strings.HasPrefix(l, word) })
}

func isLetter(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }

// markerLabels are the words a model may write before a passage's number.
var markerLabels = []string{"passage", "passages", "source", "sources"}

// groupRE is a whole marker group: numbers separated by , ; or - (range),
// each number perhaps labelled ("[Passage 1, Passage 3]").
var groupRE = regexp.MustCompile(`(?i)^\[\s*(?:(?:passages?|sources?)\s*)?\d{1,18}\s*(?:[,;-]\s*(?:(?:passages?|sources?)\s*)?\d{1,18}\s*)*\]$`)

// labelRE matches a label before a number of a marker group.
var labelRE = regexp.MustCompile(`(?i)(?:passages?|sources?)`)

// parseGroup returns the numbers of a marker group, ranges expanded (at most
// 50 numbers), or false when s is not a marker group.
func parseGroup(s string) ([]int, bool) {
	if !groupRE.MatchString(s) {
		return nil, false
	}
	inner := labelRE.ReplaceAllString(s[1:len(s)-1], "")
	var out []int
	for part := range strings.FieldsFuncSeq(inner, func(r rune) bool { return r == ',' || r == ';' }) {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(strings.TrimSpace(lo))
		if err != nil {
			return nil, false
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(strings.TrimSpace(hi)); err != nil {
				return nil, false
			}
		}
		if b < a || b-a > 50 {
			out = append(out, a, b)
			continue
		}
		for n := a; n <= b; n++ {
			out = append(out, n)
		}
	}
	return out, true
}

// rewrite returns the output markers for the given numbers of one group.
func (c *citer) rewrite(nums []int) string {
	var outs []int
	for _, n := range nums {
		if c.allowed != nil && !c.allowed[n] || c.allowed == nil && (n < 1 || n > c.k) {
			continue
		}
		m, ok := c.newOf[n]
		if !ok {
			c.order = append(c.order, n)
			m = len(c.order)
			if c.keep {
				m = n
			}
			c.newOf[n] = m
		}
		if !slices.Contains(outs, m) {
			outs = append(outs, m)
		}
	}
	slices.Sort(outs)
	var b strings.Builder
	for _, m := range outs {
		b.WriteString("[" + strconv.Itoa(m) + "]")
	}
	return b.String()
}

// processCitations rewrites the markers of a whole text; see citer.
func processCitations(text string, k int) (string, []int) {
	c := newCiter(k)
	out := c.write(text) + c.flush()
	return out, c.order
}

var (
	markerRE     = regexp.MustCompile(`\[(\d+)\]`)
	spaceBefore  = regexp.MustCompile(`[ \t]+([.,;:!?])`)
	doubleSpaces = regexp.MustCompile(`[ \t]{2,}`)
)

// tidy removes the spaces a dropped marker leaves behind.
func tidy(s string) string {
	s = spaceBefore.ReplaceAllString(s, "$1")
	s = doubleSpaces.ReplaceAllString(s, " ")
	return strings.TrimSpace(s)
}

// markers returns the numbers of the [n] markers in s.
func markers(s string) []int {
	var out []int
	for _, m := range markerRE.FindAllStringSubmatch(s, -1) {
		if n, err := strconv.Atoi(m[1]); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// claim is one sentence of an answer and the markers it carries.
type claim struct {
	Text  string // the sentence with its markers
	Plain string // the sentence without markers
	Cites []int
}

// trailingMarkers matches markers (and spaces) right after a sentence end.
var trailingMarkers = regexp.MustCompile(`^(?:\s*\[\d+\])+`)

// splitClaims cuts an answer into sentences; markers right after a
// sentence's final punctuation belong to that sentence.
func splitClaims(text string) []claim {
	var out []claim
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" {
			return
		}
		plain := strings.TrimSpace(doubleSpaces.ReplaceAllString(markerRE.ReplaceAllString(s, ""), " "))
		out = append(out, claim{Text: s, Plain: spaceBefore.ReplaceAllString(plain, "$1"), Cites: markers(s)})
	}
	start := 0
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == '\n' {
			add(text[start:i])
			start = i + size
			i += size
			continue
		}
		if r != '.' && r != '!' && r != '?' {
			i += size
			continue
		}
		j := i + size
		for j < len(text) && strings.ContainsRune(`"')`, rune(text[j])) {
			j++
		}
		if m := trailingMarkers.FindString(text[j:]); m != "" {
			j += len(m)
		}
		if j == len(text) || text[j] == ' ' || text[j] == '\n' {
			if j < len(text) && text[j] == ' ' && !sentenceStart(text[j+1:]) {
				i = j
				continue
			}
			add(text[start:j])
			start = j
			i = j
			continue
		}
		i = j
	}
	add(text[start:])
	return out
}

// sentenceStart reports whether s (after a space) can open a sentence.
func sentenceStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return r == utf8.RuneError || !('a' <= r && r <= 'z')
}
