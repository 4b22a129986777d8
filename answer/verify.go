package answer

import (
	"regexp"
	"slices"
	"strings"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/lang"
	"github.com/newsbot/newsbot/retrieval"
)

// minCoverage is the share of a claim's content words its cited passages
// must hold for the claim to count as supported.
const minCoverage = 0.5

// support judges whether the passages support a claim, without a model:
// every number and name of the claim appears in them, most of its content
// words do, and the best-matching sentence agrees with it on negation. It
// returns, per passage, whether that passage contributed, and the passage
// sentence that best matches the claim.
func support(claim string, ps []corpus.Passage) (ok bool, contributed []bool, best []string) {
	contributed = make([]bool, len(ps))
	best = make([]string, len(ps))
	if len(ps) == 0 {
		return false, contributed, best
	}
	var union strings.Builder
	for _, p := range ps {
		union.WriteString(norm(p.Text))
		union.WriteByte(' ')
	}
	all := union.String()
	allWords := toSetSlice(words(all))
	allTerms := toSetSlice(terms(all))

	ok = true
	for _, n := range claimNumbers(claim, ps) {
		if !allWords[n] {
			ok = false
		}
	}
	// Names may also come from the passages' metadata: "Yonhap reported …".
	var meta strings.Builder
	for _, p := range ps {
		meta.WriteString(norm(p.Outlet + " " + p.Title + " "))
	}
	for _, nm := range names(claim) {
		d := demonyms[nm]
		if !allWords[nm] && !strings.Contains(all, nm) && !strings.Contains(meta.String(), nm) &&
			(d == "" || !allWords[d] && !strings.Contains(all, d)) {
			ok = false
		}
	}
	ct := terms(claim)
	if len(ct) > 0 {
		hit := 0
		for _, t := range ct {
			if allTerms[t] {
				hit++
			}
		}
		if float64(hit)/float64(len(ct)) < minCoverage {
			ok = false
		}
	}

	// The best sentence over all passages decides negation; each passage's
	// own best sentence is what its citation shows.
	bestScore, bestSentence := -1.0, ""
	for i, p := range ps {
		pBest, pScore := "", -1.0
		for _, s := range sentencesOf(p) {
			sc := jaccard(ct, terms(s)) + 0.2*float64(sharedNumbers(claim, s))
			if sc > pScore {
				pBest, pScore = s, sc
			}
		}
		best[i] = pBest
		contributed[i] = pScore > 0
		if pScore > bestScore {
			bestScore, bestSentence = pScore, pBest
		}
	}
	if bestSentence != "" && negated(claim) != negated(bestSentence) {
		ok = false
	}
	return ok, contributed, best
}

func toSetSlice(ws []string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

func sharedNumbers(a, b string) int {
	nb := lang.Numbers(norm(b))
	n := 0
	for _, x := range lang.Numbers(norm(a)) {
		if slices.Contains(nb, x) {
			n++
		}
	}
	return n
}

// dateNumber matches numbers that are part of a date the model may have
// worked out from a relative one ("on October 21", "21 Oct 2024").
var dateNumber = regexp.MustCompile(`(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b|\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(\d{4})-\d{2}-\d{2}\b`)

// claimNumbers returns the numbers of a claim that its passages must hold:
// day numbers next to a month and years of the passages' own dates are left
// out, since the model is told to turn relative dates into calendar dates.
func claimNumbers(claim string, ps []corpus.Passage) []string {
	skip := map[string]bool{}
	for _, m := range dateNumber.FindAllStringSubmatch(claim, -1) {
		for _, g := range m[1:] {
			if g != "" {
				skip[strings.TrimLeft(g, "0")] = true
				skip[g] = true
			}
		}
	}
	for _, p := range ps {
		if !p.Published.IsZero() {
			skip[p.Published.Format("2006")] = true
		}
	}
	var out []string
	for _, n := range lang.Numbers(norm(claim)) {
		if !skip[n] {
			out = append(out, n)
		}
	}
	return out
}

// refusalRE finds sentences that say the coverage does not answer.
var refusalRE = regexp.MustCompile(`(?i)\b(coverage|passages?|articles?|sources?)\b[^.]*\b(does not|do not|doesn't|don't|did not|didn't|never)\b[^.]*\b(say|said|mention|state|answer|address|cover|report|contain|include|specify|identify|name|provide)|\bno (information|mention)\b|\bnot (mentioned|stated|reported|specified)\b`)

// isRefusalSentence reports whether a sentence says the coverage lacks the
// answer (such sentences need no citation).
func isRefusalSentence(s string) bool {
	return refusalRE.MatchString(corpus.Normalize(s))
}

// needsCitation reports whether a sentence makes a claim: not a heading,
// not a statement that the coverage is silent, not a fragment.
func needsCitation(c claim) bool {
	p := strings.TrimSpace(strings.TrimLeft(c.Plain, "-*• "))
	if p == "" || strings.HasSuffix(p, ":") || isRefusalSentence(p) {
		return false
	}
	return len(words(p)) >= 3
}

// checked is the outcome of verifying an answer's citations.
type checked struct {
	citations   []Citation
	unsupported []string
}

// verify ties each marker of text (numbered densely 1..len(cited)) to its
// hit, picks the supporting sentence and judges support claim by claim.
func verify(text string, cited []retrieval.Hit) checked {
	cs := make([]Citation, len(cited))
	for i, h := range cited {
		cs[i] = Citation{N: i + 1, Hit: h}
	}
	var out checked
	for _, c := range splitClaims(text) {
		var ps []corpus.Passage
		var idx []int
		for _, n := range c.Cites {
			if n >= 1 && n <= len(cs) && !slices.Contains(idx, n-1) {
				idx = append(idx, n-1)
				ps = append(ps, cited[n-1].Passage)
			}
		}
		if len(idx) == 0 {
			if needsCitation(c) {
				out.unsupported = append(out.unsupported, c.Plain)
			}
			continue
		}
		ok, contributed, best := support(c.Plain, ps)
		for j, i := range idx {
			if cs[i].Sentence == "" || (ok && contributed[j] && !cs[i].Verified) {
				cs[i].Sentence = best[j]
			}
			if ok && contributed[j] {
				cs[i].Verified = true
			}
		}
		if !ok && needsCitation(c) {
			out.unsupported = append(out.unsupported, c.Plain)
		}
	}
	out.citations = cs
	return out
}
