package answer

import (
	"context"
	"strings"

	"github.com/newsbot/newsbot/lang"
	"github.com/newsbot/newsbot/retrieval"
)

// pointsPerOutlet is how many sentences an extractive comparison quotes
// from each outlet.
const pointsPerOutlet = 2

// compareMinRelevance is the relevance to the topic a comparison's best
// sentence needs; a topic is a few words, not a question, so the bar is
// lower than an answer's.
const compareMinRelevance = 0.3

// compareExtractive groups the most relevant sentences by outlet and lists
// differing figures with who gave them.
func (a *Answerer) compareExtractive(ctx context.Context, ans *Answer, topic string, hits []retrieval.Hit) ([]OutletReport, []Discrepancy) {
	ans.Mode, ans.Model, ans.PromptVersion, ans.Hits = ModeExtractive, "", ExtractiveVersion, hits
	q := Question{Text: topic}
	if numbersTopic.MatchString(topic) {
		q.Kind = KindCount // lines that give a number lead
	}
	ranked := rankSentences(q, questionTerms(lang.Expand(topic), a.idfFor(hits), a.opts.Thesaurus), hits, a.similarity(ctx))
	ans.Reason = Reason{Verdict: VerdictRefuse, Code: ReasonLowRelevance, Kind: string(KindCompare),
		Threshold: compareMinRelevance, Text: "no passage is close enough to the topic"}
	if len(ranked) > 0 {
		ans.Reason.Score, ans.Reason.Coverage, ans.Reason.Sentence, ans.Reason.Evidence = ranked[0].relevance, ranked[0].coverage, ranked[0].text, ranked[0].passageID
	}
	if len(ranked) == 0 || ranked[0].relevance < compareMinRelevance {
		ans.Refused, ans.Text = true, NoAnswer
		return nil, nil
	}
	ans.Reason.Verdict, ans.Reason.Code, ans.Reason.Text = VerdictAnswer, ReasonCompare, "what each outlet says on the topic, side by side"
	qs := quotes{hits: hits}
	// Outlets in order of their best sentence; an outlet that gives one of
	// the differing figures is shown with that figure's sentence at least.
	byOutlet := map[string][]scored{}
	var outlets []string
	add := func(o string, s scored) {
		if _, ok := byOutlet[o]; !ok {
			outlets = append(outlets, o)
		}
		byOutlet[o] = append(byOutlet[o], s)
	}
	for _, s := range ranked {
		if s.relevance >= compareMinRelevance/2 {
			add(outletOf(hits[s.hit].Passage), s)
		}
	}
	ps := passagesOf(hits)
	ds := onTopic(discrepancies(findFigures(ps)), topic)
	for _, d := range ds {
		for _, f := range d.Figures {
			o := outletOf(ps[f.passage])
			if _, ok := byOutlet[o]; !ok {
				add(o, scored{hit: f.passage, text: f.Sentence, terms: terms(f.Sentence), score: 1})
			}
		}
	}
	var b strings.Builder
	var reports []OutletReport
	for _, o := range outlets {
		rep := OutletReport{Outlet: o}
		b.WriteString(o + ":")
		for _, s := range pick(byOutlet[o], pointsPerOutlet, 0.5) {
			n := qs.mark(s.hit, s.text)
			rep.Points = append(rep.Points, Point{Text: quote(s.text), N: n})
			b.WriteString(" " + quote(s.text) + " [" + itoa(n) + "]")
		}
		b.WriteString("\n")
		reports = append(reports, rep)
	}
	if numbersTopic.MatchString(topic) {
		// A topic about numbers lists every figure given, with who gave
		// it, not only those that disagree.
		if figs := allFigures(findFigures(ps)); len(figs) > 0 {
			b.WriteString("Figures given:")
			for _, f := range figs {
				f.N = qs.mark(f.passage, f.Sentence)
				b.WriteString("\n- " + figureLine(f))
			}
			b.WriteString("\n")
		}
	}
	if len(ds) == 0 {
		b.WriteString("Disagreements: none found in the figures of the coverage.")
	} else {
		b.WriteString("Disagreements:")
		for di, d := range ds {
			b.WriteString("\n- " + d.Subject + ": ")
			for i := range d.Figures {
				f := &ds[di].Figures[i]
				f.N = qs.mark(f.passage, f.Sentence)
				if i > 0 {
					b.WriteString("; ")
				}
				b.WriteString(figureLine(*f))
			}
		}
	}
	ans.Text = strings.TrimSpace(b.String())
	ans.Citations = qs.cites
	return reports, ds
}
