package answer

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/lang"
	"github.com/newsbot/newsbot/retrieval"
)

// A difference question gives two figures and asks how far apart they are
// ("if 1,500 are already there, how many more of the 12,000 have to go?").
// No sentence states the difference: offline, the answer quotes the
// sentence that gives each figure and works the difference out from them,
// saying that it did.

// reDifference matches a question asking for the difference between two
// figures it gives.
var reDifference = regexp.MustCompile(`\bhow (?:many|much) (?:more|fewer|less|further|else)\b|\bhow many (?:are |were |is )?(?:left|remaining|still)\b|\b(?:still|yet) (?:have|has|need|needs) to\b|\bdifference between\b|\bhow (?:much|many) (?:higher|lower|bigger|smaller|larger|greater)\b|\bby how (?:much|many)\b`)

// differenceBar is the relevance a sentence giving one of the figures
// needs: the question's other words set the topic loosely, as the figures
// themselves tie the sentence to it.
const differenceBar = 0.3

// difference answers a difference question from the sentences that give
// its two figures. ok is false when the question is not one, or the
// coverage does not give both figures.
func (a *Answerer) difference(ctx context.Context, ans *Answer, q string, hits []retrieval.Hit) bool {
	l := strings.ToLower(corpus.Normalize(q))
	if !reDifference.MatchString(l) {
		return false
	}
	figs := slices.Compact(lang.Numbers(l))
	if len(figs) != 2 || figs[0] == figs[1] {
		return false
	}
	x, errX := strconv.ParseFloat(figs[0], 64)
	y, errY := strconv.ParseFloat(figs[1], 64)
	if errX != nil || errY != nil {
		return false
	}
	d := a.judge(ctx, q, hits, differenceBar, false)
	var chosen []scored
	for _, f := range figs {
		found := false
		for _, s := range d.ranked {
			if s.relevance < differenceBar || heading(s.text) || !slices.Contains(lang.Numbers(corpus.Normalize(s.text)), f) {
				continue
			}
			if !slices.ContainsFunc(chosen, func(c scored) bool { return c.text == s.text }) {
				chosen = append(chosen, s)
			}
			found = true
			break
		}
		if !found {
			return false
		}
	}
	ans.Mode, ans.Model, ans.PromptVersion = ModeExtractive, "", ExtractiveVersion
	text, cites, cited := cite(chosen, hits, false)
	hi, lo := max(x, y), min(x, y)
	ans.Text = fmt.Sprintf("%s (Worked out from these figures, not stated in the coverage: %s - %s = %s.)",
		text, figure(hi), figure(lo), figure(hi-lo))
	ans.Citations, ans.Hits = cites, cited
	ans.Reason = Reason{Verdict: VerdictAnswer, Code: ReasonAnswered, Kind: string(KindCount),
		Text:     "a question on the difference between two figures: the sentences that give them, and the difference worked out",
		Coverage: chosen[0].coverage, Semantic: chosen[0].semantic, Score: chosen[0].relevance, Threshold: differenceBar,
		Evidence: chosen[0].passageID, Sentence: chosen[0].text, KindFound: true}
	return true
}

// figure writes a number as news does: thousands separated, no needless
// decimals ("10,500", "2.5").
func figure(v float64) string {
	if v != math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	s := strconv.FormatFloat(v, 'f', 0, 64)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
