package answer

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"sort"
	"strings"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/retrieval"
)

// ExtractiveVersion names the extractive algorithm; it is recorded as the
// PromptVersion of extractive answers.
const ExtractiveVersion = "extractive-1"

// Thresholds of the extractive answerer: a question is refused unless some
// retrieved passage holds minPassageCoverage of its IDF-weighted content
// words and some sentence holds minSentenceCoverage.
const (
	minPassageCoverage  = 0.5
	minSentenceCoverage = 0.3
	maxExtractive       = 3
)

// background is the IDF of the whole corpus, cached by its content.
type background struct {
	key string
	idf *idf
}

// maxBackground bounds the corpus size for which extractive scoring reads
// every passage; above it the retrieved passages stand in.
const maxBackground = 20000

// idfFor returns IDF weights over the whole corpus when it is known and not
// too large, else over the given hits.
func (a *Answerer) idfFor(hits []retrieval.Hit) *idf {
	if a.opts.Passages != nil {
		ps := a.opts.Passages()
		if len(ps) > 0 && len(ps) <= maxBackground {
			key := passagesKey(ps)
			a.mu.Lock()
			bg := a.bg
			a.mu.Unlock()
			if bg != nil && bg.key == key {
				return bg.idf
			}
			docs := make([]string, len(ps))
			for i, p := range ps {
				docs[i] = p.Text
			}
			bg = &background{key: key, idf: newIDF(docs)}
			a.mu.Lock()
			a.bg = bg
			a.mu.Unlock()
			return bg.idf
		}
	}
	docs := make([]string, len(hits))
	for i, h := range hits {
		docs[i] = h.Passage.Text
	}
	return newIDF(docs)
}

// passagesKey is a hash of the passages' ids and contents.
func passagesKey(ps []corpus.Passage) string {
	h := sha256.New()
	for _, p := range ps {
		h.Write([]byte(p.ID))
		h.Write([]byte{0})
		if p.Hash != "" {
			h.Write([]byte(p.Hash))
		} else {
			h.Write([]byte(p.Text))
		}
		h.Write([]byte{0})
		h.Write([]byte(p.Title + "\x00" + p.Outlet + "\x00" + p.Date() + "\x00" + p.URL + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// scored is one candidate sentence.
type scored struct {
	hit      int // index into hits
	text     string
	terms    []string
	coverage float64 // IDF-weighted share of the query's words it holds
	score    float64
	next     string // the sentence after it in its article, "" when no retrieved passage has it
	nextHit  int    // index into hits of the passage that holds next
	prev     string // the sentence before it in its article, found the same way
	prevHit  int
}

var nameQuestion = regexp.MustCompile(`(?i)^\s*(who|whom|whose|where|which)\b`)

// framing holds the stems of verbs that frame a question ("how did X
// describe Y") rather than name its subject; they count for less.
var framing = toSet("describ respond react reaction respons call mention explain happen mean think feel view character portray")

// wordsQuestion matches questions that ask for someone's own words ("how
// did X describe Y", "what did X call it"): quoted sentences answer them.
var wordsQuestion = regexp.MustCompile(`(?i)\b(describ\w*|call\w*|characteri[sz]\w*|say|said|respond\w*|react\w*|label\w*|dismiss\w*|word\w*)\b`)

// quoted reports whether s carries a quotation of at least three words.
var quoted = regexp.MustCompile(`["“][^"”]*\S+\s+\S+\s+\S+[^"”]*["”]`)

// speech matches a reporting verb: the sentence carries what someone said.
var speech = regexp.MustCompile(`(?i)\b(said|says|added|told|stated|stressed|warned|noted|remarked|concluded)\b`)

var numberQuestion = regexp.MustCompile(`(?i)\b(how many|how much|how large|how big|number of|figure|estimate|total)\b`)

// rankSentences scores every sentence of the hits against query; it also
// returns the best passage coverage.
func rankSentences(query string, hits []retrieval.Hit, x *idf) ([]scored, float64) {
	qt := uniq(terms(query))
	w := make(map[string]float64, len(qt))
	total := 0.0
	for _, t := range qt {
		w[t] = x.weight(t)
		if framing[t] {
			w[t] *= 0.3
		}
		total += w[t]
	}
	if total == 0 {
		return nil, 0
	}
	cover := func(ts []string) float64 {
		set := toSetSlice(ts)
		m := 0.0
		for _, t := range qt {
			if set[t] {
				m += w[t]
			}
		}
		return m / total
	}
	wantsNumber := numberQuestion.MatchString(query)
	wantsName := nameQuestion.MatchString(query)
	wantsWords := wordsQuestion.MatchString(query)
	qNames := names(query)
	var out []scored
	bestPassage := 0.0
	allSents := make([][]string, len(hits))
	for i, h := range hits {
		allSents[i] = sentencesOf(h.Passage)
	}
	// following finds the sentence after sentence si of hit i: in the same
	// passage, or in an overlapping retrieved window of the same article.
	following := func(i, si int) (string, int) {
		if si+1 < len(allSents[i]) {
			return allSents[i][si+1], i
		}
		for j, h := range hits {
			if j == i || h.Passage.ArticleID != hits[i].Passage.ArticleID {
				continue
			}
			for k, t := range allSents[j] {
				if t == allSents[i][si] && k+1 < len(allSents[j]) {
					return allSents[j][k+1], j
				}
			}
		}
		return "", -1
	}
	preceding := func(i, si int) (string, int) {
		if si > 0 {
			return allSents[i][si-1], i
		}
		for j, h := range hits {
			if j == i || h.Passage.ArticleID != hits[i].Passage.ArticleID {
				continue
			}
			for k, t := range allSents[j] {
				if t == allSents[i][si] && k > 0 {
					return allSents[j][k-1], j
				}
			}
		}
		return "", -1
	}
	for i, h := range hits {
		bestPassage = max(bestPassage, cover(terms(h.Passage.Text)))
		prior := 1 / (1 + 0.1*float64(i))
		sents := allSents[i]
		for si, s := range sents {
			ts := terms(s)
			c := cover(ts)
			sc := c * prior
			if wantsNumber {
				if len(numbers(s)) > 0 {
					sc += 0.15
				} else {
					sc *= 0.8 // "how many" is answered by a number
				}
			}
			sn := names(s)
			snSet := toSetSlice(sn)
			for _, n := range qNames {
				if snSet[n] {
					sc += 0.05
				}
			}
			if wantsName && len(sn) > len(qNames) {
				sc += 0.1 // it names someone or somewhere the question does not
			}
			if wantsWords && quoted.MatchString(corpus.Normalize(s)) {
				sc += 0.1 // the question asks for words; a quote gives them
			}
			if strings.HasPrefix(s, corpus.CaptionPrefix) {
				sc *= 0.3 // a photo caption is a poor answer
			}
			// Very short sentences (captions, datelines) say little, and a
			// line without final punctuation is mostly a heading.
			if len(ts) < 4 {
				sc *= 0.6
			}
			if heading(s) {
				sc *= 0.4
			}
			next, nextHit := following(i, si)
			prev, prevHit := preceding(i, si)
			out = append(out, scored{hit: i, text: s, terms: ts, coverage: c, score: sc,
				next: next, nextHit: nextHit, prev: prev, prevHit: prevHit})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out, bestPassage
}

// heading reports whether s looks like a heading: no final . ! or ?
// (closing quotes and brackets aside).
func heading(s string) bool {
	s = strings.TrimRight(s, "\"')]”’ ")
	return s == "" || !strings.ContainsAny(s[len(s)-1:], ".!?")
}

func uniq(ts []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// pick takes up to n sentences from ranked: the best, then others close
// to it in score that are no near-copy of one already taken.
func pick(ranked []scored, n int, minRatio float64) []scored {
	var out []scored
	for _, s := range ranked {
		if len(out) == n {
			break
		}
		if len(out) > 0 && s.score < minRatio*out[0].score {
			break
		}
		if len(out) > 0 && heading(s.text) {
			continue // a heading only ever leads when nothing better exists
		}
		dup := false
		for _, o := range out {
			if jaccard(o.terms, s.terms) >= 0.5 {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

// quote makes a passage sentence safe to cite: markers inside the
// article's own text ("[3]") would pose as ours, so they become "(3)".
func quote(s string) string {
	return markerRE.ReplaceAllString(strings.TrimSpace(s), "($1)")
}

// extractive fills ans with sentences quoted verbatim from the hits.
func (a *Answerer) extractive(ans *Answer, q string, hits []retrieval.Hit) {
	ans.Mode = ModeExtractive
	ans.Model = ""
	ans.PromptVersion = ExtractiveVersion
	ans.Hits = hits
	ranked, passageCover := rankSentences(q, hits, a.idfFor(hits))
	if len(ranked) == 0 || passageCover < minPassageCoverage || ranked[0].coverage < minSentenceCoverage {
		a.refuse(ans, ModeExtractive)
		return
	}
	chosen := pick(ranked, maxExtractive, 0.7)
	text, cites := cite(chosen, hits)
	ans.Text = text
	ans.Citations = cites
	ans.Unsupported = nil
}

// cite writes the chosen sentences, each followed by its marker, numbering
// the passages densely by first use.
func cite(chosen []scored, hits []retrieval.Hit) (string, []Citation) {
	var b strings.Builder
	var cites []Citation
	numOf := map[int]int{}
	write := func(hit int, sentence string) {
		n, ok := numOf[hit]
		if !ok {
			n = len(cites) + 1
			numOf[hit] = n
			cites = append(cites, Citation{N: n, Hit: hits[hit], Sentence: sentence, Verified: true})
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(quote(sentence))
		b.WriteString(" [")
		b.WriteString(itoa(n))
		b.WriteString("]")
	}
	written := map[string]bool{}
	for _, s := range chosen {
		if pronounLed.MatchString(s.text) && s.prev != "" && !written[s.prev] && !isChosen(s.prev, chosen) {
			write(s.prevHit, s.prev) // say who "he" is
			written[s.prev] = true
		}
		if written[s.text] {
			continue
		}
		write(s.hit, s.text)
		written[s.text] = true
		if continues(s, chosen) && !written[s.next] {
			write(s.nextHit, s.next)
			written[s.next] = true
		}
	}
	return b.String(), cites
}

// continues reports whether the sentence after s carries on what the
// person s names said ("… Robert Wood told the Council." followed by
// "\"If true, …,\" Wood said."): without it the quote the question asks
// for would be cut off. A sentence already chosen is not repeated.
func continues(s scored, chosen []scored) bool {
	if s.next == "" || !speech.MatchString(s.next) || !quoted.MatchString(corpus.Normalize(s.next)) {
		return false
	}
	if isChosen(s.next, chosen) {
		return false
	}
	said := toSetSlice(names(s.text))
	for _, n := range names(s.next) {
		if said[n] {
			return true
		}
	}
	return false
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// pronounLed matches a sentence that opens with a pronoun: quoted alone,
// the reader would not know who "he" is, so the sentence before it comes
// too. "It" is left out: "It was the first…" rarely points at a person.
var pronounLed = regexp.MustCompile(`^(He|She|They|His|Her|Their)\b`)

// isChosen reports whether sentence is one of chosen.
func isChosen(sentence string, chosen []scored) bool {
	for _, c := range chosen {
		if c.text == sentence {
			return true
		}
	}
	return false
}
