package answer

import (
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/retrieval"
)

// maxExtractiveSummary is how many sentences an extractive summary quotes.
const maxExtractiveSummary = 6

// summaryExtractive quotes the most central, non-redundant sentences,
// spread across outlets, and lists differing figures with their sources.
func (a *Answerer) summaryExtractive(ans *Answer, topic string, hits []retrieval.Hit) {
	ans.Mode, ans.Model, ans.PromptVersion, ans.Hits = ModeExtractive, "", ExtractiveVersion, hits
	docs := make([]string, len(hits))
	for i, h := range hits {
		docs[i] = h.Passage.Text
	}
	x := newIDF(docs)
	type cand struct {
		scored
		vec map[string]float64
	}
	var cands []cand
	centroid := map[string]float64{}
	for i, h := range hits {
		for _, s := range sentencesOf(h.Passage) {
			if strings.HasPrefix(s, corpus.CaptionPrefix) {
				continue
			}
			ts := terms(s)
			if len(ts) < 6 {
				continue
			}
			v := tfidf(ts, x)
			for t, w := range v {
				centroid[t] += w
			}
			cands = append(cands, cand{scored: scored{hit: i, text: s, terms: ts}, vec: v})
		}
	}
	if len(cands) == 0 {
		a.refuse(ans, ModeExtractive)
		return
	}
	var qt map[string]bool
	if topic != "" {
		qt = toSetSlice(terms(topic))
	}
	cn := sumSquares(centroid)
	for i := range cands {
		c := &cands[i]
		c.score = cosineNorm(c.vec, centroid, cn)
		if qt != nil {
			m := 0
			for _, t := range uniq(c.terms) {
				if qt[t] {
					m++
				}
			}
			c.score += 0.5 * float64(m) / float64(len(qt)+1)
		}
	}
	// Greedy: best score, outlets already quoted count for less, near-copies
	// skipped. A tie goes to the candidate met first: the earlier hit, then
	// the earlier sentence of its passage. Overlapping windows of one
	// article hold the same sentence twice, scored alike, and which of the
	// two is cited must not change from run to run.
	used := map[string]int{}
	var chosen []scored
	taken := make([]bool, len(cands))
	for len(chosen) < maxExtractiveSummary {
		best, bestScore := -1, 0.0
		for i, c := range cands {
			if taken[i] {
				continue
			}
			dup := false
			for _, o := range chosen {
				if jaccard(o.terms, c.terms) >= 0.4 || containment(o.terms, c.terms) >= sameContent {
					dup = true
					break
				}
			}
			if dup {
				continue
			}
			sc := c.score * math.Pow(0.8, float64(used[outletOf(hits[c.hit].Passage)]))
			if best < 0 || sc > bestScore {
				best, bestScore = i, sc
			}
		}
		if best < 0 {
			break
		}
		taken[best] = true
		used[outletOf(hits[cands[best].hit].Passage)]++
		chosen = append(chosen, cands[best].scored)
	}
	var b strings.Builder
	qs := quotes{hits: hits}
	for _, s := range chosen {
		b.WriteString("- " + quote(s.text) + " [" + itoa(qs.mark(s.hit, s.text)) + "]\n")
	}
	ds := discrepancies(findFigures(passagesOf(hits)))
	if len(ds) > 0 {
		b.WriteString("Figures that differ:")
		for _, d := range ds {
			b.WriteString("\n- " + d.Subject + ": ")
			for i, f := range d.Figures {
				f.N = qs.mark(f.passage, f.Sentence)
				if i > 0 {
					b.WriteString("; ")
				}
				b.WriteString(figureLine(f))
			}
		}
	}
	ans.Text = strings.TrimSpace(b.String())
	ans.Citations = qs.cites
	ans.Unsupported = nil
}

func tfidf(ts []string, x *idf) map[string]float64 {
	v := map[string]float64{}
	for _, t := range ts {
		v[t] += x.weight(t)
	}
	return v
}

// cosine is the cosine similarity of a and b. Its sums run over sorted
// terms: a float sum in map order differs in its last bits from run to
// run, enough to reorder two sentences that score alike.
func cosine(a, b map[string]float64) float64 {
	return cosineNorm(a, b, sumSquares(b))
}

// cosineNorm is cosine for many a against one b, whose sumSquares nb is
// taken once.
func cosineNorm(a, b map[string]float64, nb float64) float64 {
	var dot, na float64
	for _, t := range slices.Sorted(maps.Keys(a)) {
		w := a[t]
		dot += w * b[t]
		na += w * w
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// sumSquares is the sum of the squared weights of v, in term order.
func sumSquares(v map[string]float64) float64 {
	var s float64
	for _, t := range slices.Sorted(maps.Keys(v)) {
		s += v[t] * v[t]
	}
	return s
}

// sameContent is the share of the shorter sentence's words that a longer
// one holding them makes it the same point for a summary: a quote's
// second half retold ("aimed at smearing the image of the DPRK…") after
// the whole quote.
const sameContent = 0.5

// containment is the share of the shorter of a and b's distinct words that
// the other holds.
func containment(a, b []string) float64 {
	sa, sb := toSetSlice(a), toSetSlice(b)
	if len(sa) > len(sb) {
		sa, sb = sb, sa
	}
	if len(sa) == 0 {
		return 0
	}
	n := 0
	for t := range sa {
		if sb[t] {
			n++
		}
	}
	return float64(n) / float64(len(sa))
}
