package answer

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/lang"
	"github.com/newsbot/newsbot/prompts"
	"github.com/newsbot/newsbot/retrieval"
)

// CompareRequest asks how each outlet reports one point.
type CompareRequest struct {
	Topic string
	// Question is the user's question when the comparison answers one
	// ("do all the outlets say…"): the model reads it beside the topic.
	Question string
	// OnDelta, when set, receives the text as it grows (LLM mode) or once
	// whole (extractive mode). An error stops the comparison.
	OnDelta func(delta string) error
}

// Comparison is how each outlet reports one point, side by side: an
// Answer (Question "Compare: <topic>"; every [n] in Text has its Citation
// and every Citation is cited in Text) with the outlets' reports and the
// figures that differ beside it.
type Comparison struct {
	Answer
	Topic         string
	Outlets       []OutletReport
	Discrepancies []Discrepancy // differing figures found by rule in the passages, with who gave each
}

// OutletReport is what one outlet says on the topic.
type OutletReport struct {
	Outlet string  // "" when the articles name none
	Points []Point // its most relevant sentences, each cited
}

// Point is one cited sentence.
type Point struct {
	Text string // the sentence, quoted from the passage
	N    int    // its citation marker
}

// unknownOutlet labels passages whose article names no outlet.
const unknownOutlet = "Unknown outlet"

// CompareAnswer is Compare's Answer: the shape the bot and the other
// kinds of answer share.
func (a *Answerer) CompareAnswer(ctx context.Context, req CompareRequest) (*Answer, error) {
	c, err := a.Compare(ctx, req)
	if err != nil {
		return nil, err
	}
	return &c.Answer, nil
}

// Compare reports how each outlet covers req.Topic, with citations, and
// calls out figures that differ between outlets or sources.
func (a *Answerer) Compare(ctx context.Context, req CompareRequest) (*Comparison, error) {
	t := &compareTask{a: a, req: req}
	c := &Comparison{Answer: Answer{Question: "Compare: " + req.Topic}, Topic: req.Topic}
	if _, err := a.run(ctx, t, &c.Answer, req.OnDelta); err != nil {
		return nil, err
	}
	c.Outlets, c.Discrepancies = t.outlets, t.discrepancies
	c.defusePoints()
	return c, nil
}

// compareTask is a comparison as a task; its model and extractive steps
// leave the outlets' reports and the differing figures beside the Answer.
type compareTask struct {
	a             *Answerer
	req           CompareRequest
	topic         string // req.Topic, trimmed and clipped
	outlets       []OutletReport
	discrepancies []Discrepancy
}

func (t *compareTask) retrieve(ctx context.Context, ans *Answer) ([]retrieval.Hit, error) {
	t.topic = clip(strings.TrimSpace(t.req.Topic), maxQuestion)
	if len(words(t.topic)) == 0 {
		return nil, ErrEmptyQuestion
	}
	hits, err := t.a.search.Search(ctx, t.topic, 2*t.a.opts.TopK)
	if err != nil {
		return nil, fmt.Errorf("search for %q: %w", t.topic, err)
	}
	return t.a.widenFigures(hits), nil
}

func (t *compareTask) decide(ctx context.Context, ans *Answer, hits []retrieval.Hit) bool {
	if len(hits) > 0 {
		return false
	}
	ans.Refused, ans.Text, ans.Mode = true, NoAnswer, ModeExtractive
	ans.Reason = Reason{Verdict: VerdictRefuse, Code: ReasonNoPassages, Kind: string(KindCompare), Text: "no passage of the coverage is about the topic"}
	if t.a.model != nil {
		ans.Mode, ans.Model = ModeLLM, t.a.opts.ModelName
	}
	return true
}

func (t *compareTask) extractive(ctx context.Context, ans *Answer, hits []retrieval.Hit) {
	t.outlets, t.discrepancies = t.a.compareExtractive(ctx, ans, t.topic, hits[:min(len(hits), 2*ExtractiveDepth)])
}

func (t *compareTask) failure() (what, doing string) {
	return fmt.Sprintf("compare %q", t.topic), "comparing"
}

// model compares hits with the chat model; the outlets' reports come from
// its citations, the differing figures by rule, cited where the model
// cited their passage.
func (t *compareTask) model(ctx context.Context, ans *Answer, hits []retrieval.Hit, onDelta func(string) error, start time.Time) error {
	a := t.a
	p, k, err := prompts.Fit(prompts.NameCompare, a.opts.MaxPromptTokens, toPromptPassages(hits), func(ps []prompts.Passage) any {
		return prompts.CompareData{Topic: t.topic, Question: t.req.Question, Passages: ps}
	})
	if err != nil {
		return fmt.Errorf("build prompt: %w", err)
	}
	hits = hits[:k]
	ans.Hits, ans.Mode, ans.Model, ans.PromptVersion = hits, ModeLLM, a.opts.ModelName, p.Version
	text, order, err := a.stream(ctx, p, k, onDelta, &ans.Timings, start, ans)
	if err != nil {
		return err
	}
	a.finish(ans, text, order, hits)
	ans.Reason = Reason{Verdict: VerdictAnswer, Code: ReasonModel, Kind: string(KindCompare), Text: "the chat model compared the passages"}
	if ans.Refused {
		ans.Reason.Verdict, ans.Reason.Text = VerdictRefuse, "the chat model found nothing on the topic in the passages"
	}
	byOutlet := map[string]int{}
	for _, ct := range ans.Citations {
		o := outletOf(ct.Hit.Passage)
		i, ok := byOutlet[o]
		if !ok {
			i = len(t.outlets)
			byOutlet[o] = i
			t.outlets = append(t.outlets, OutletReport{Outlet: o})
		}
		t.outlets[i].Points = append(t.outlets[i].Points, Point{Text: ct.Sentence, N: ct.N})
	}
	nOf := map[string]int{}
	for _, ct := range ans.Citations {
		nOf[ct.Hit.Passage.ID] = ct.N
	}
	ps := passagesOf(hits)
	for _, d := range onTopic(discrepancies(findFigures(ps)), t.topic) {
		for i := range d.Figures {
			d.Figures[i].N = nOf[ps[d.Figures[i].passage].ID]
		}
		t.discrepancies = append(t.discrepancies, d)
	}
	return nil
}

func outletOf(p corpus.Passage) string {
	if p.Outlet == "" {
		return unknownOutlet
	}
	return p.Outlet
}

func passagesOf(hits []retrieval.Hit) []corpus.Passage {
	ps := make([]corpus.Passage, len(hits))
	for i, h := range hits {
		ps[i] = h.Passage
	}
	return ps
}

// figureLine writes one figure: "12,000 troops (South Korea's spy agency, per Yonhap) [1]".
func figureLine(f Figure) string {
	who := f.Source
	if who == "" {
		who = "source not named"
	}
	if f.Outlet != "" {
		who += ", per " + f.Outlet
	}
	s := f.Value + " " + f.Unit + " (" + who + ")"
	if f.N > 0 {
		s += " [" + itoa(f.N) + "]"
	}
	return s
}

// numbersTopic matches a comparison topic about numbers ("troop numbers",
// "casualty figures", "how many soldiers").
var numbersTopic = regexp.MustCompile(`(?i)\b(numbers?|figures?|how many|how much|counts?|estimates?|totals?|tally|amounts?|sums?|prices?)\b`)

// allFigures keeps one figure per subject and value (the one naming its
// source, if any), largest first within a subject.
func allFigures(figs []Figure) []Figure {
	type key struct {
		subj string
		n    float64
	}
	at := map[key]int{}
	var out []Figure
	for _, f := range figs {
		k := key{unitClass[strings.ToLower(f.Unit)], f.Number}
		if k.subj == "" {
			continue
		}
		if i, ok := at[k]; ok {
			if out[i].Source == "" && f.Source != "" {
				out[i] = f
			}
			continue
		}
		at[k] = len(out)
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b Figure) int {
		if c := cmp.Compare(unitClass[strings.ToLower(a.Unit)], unitClass[strings.ToLower(b.Unit)]); c != 0 {
			return c
		}
		return cmp.Compare(b.Number, a.Number)
	})
	return out
}

// maxFigureHits bounds how many passages widenFigures adds.
const maxFigureHits = 6

// widenFigures adds to hits the passages elsewhere in the coverage that
// give a different figure for something the hits already count (the
// Ukrainian envoy's 11,000 troops when the hits hold only the spy agency's
// 12,000): a comparison must show every figure, not only those that ranked
// high for the topic's words. It is a second, targeted retrieval; the added
// passages are cited like any other. Corpora above maxBackground passages
// are not scanned.
func (a *Answerer) widenFigures(hits []retrieval.Hit) []retrieval.Hit {
	if len(hits) == 0 || a.opts.Passages == nil {
		return hits
	}
	have := make([]corpus.Passage, len(hits))
	in := map[string]bool{}
	for i, h := range hits {
		have[i] = h.Passage
		in[h.Passage.ID] = true
		for _, d := range h.Duplicates {
			in[d.ID] = true
		}
	}
	subjects := map[string]map[float64]bool{}
	for _, f := range findFigures(have) {
		c := unitClass[strings.ToLower(f.Unit)]
		if subjects[c] == nil {
			subjects[c] = map[float64]bool{}
		}
		subjects[c][f.Number] = true
	}
	if len(subjects) == 0 {
		return hits
	}
	all := a.opts.Passages()
	if len(all) > maxBackground {
		return hits
	}
	added := 0
	for _, p := range all {
		if in[p.ID] || added == maxFigureHits {
			continue
		}
		for _, f := range findFigures([]corpus.Passage{p}) {
			seen, ok := subjects[unitClass[strings.ToLower(f.Unit)]]
			if !ok || seen[f.Number] {
				continue
			}
			seen[f.Number] = true
			hits = append(hits, retrieval.Hit{Passage: p})
			in[p.ID] = true
			added++
			break
		}
	}
	return hits
}

// reCompareFrame matches the words of a "do the outlets agree" question
// that frame the comparison rather than name its topic: the coverage
// nouns, agreement and difference, "all the", "the same way".
var reCompareFrame = regexp.MustCompile(`(?i)\b(?:(?:do|does|did|are|is|were|was) )?(?:all|every|each|both|most|some|any|the other|other) (?:of )?(?:the |these |those )?(?:outlets?|sources?|articles?|reports?|papers|publications?|stories|newspapers?|news agencies)\b|\b(?:outlets?|sources?|articles?|publications?|newspapers?|news agencies|coverage|media)\b|\b(?:agree|agreed|disagree|disagreed|differ|differs|differed|different(?:ly)?|differences?|compare|comparison|contradict\w*|consistent|inconsistent|conflicting|discrepanc\w+|hedge|hedging|vary|varies)\b|\b(?:the )?same(?: way| thing)?\b|\bhow far apart\b|\bor (?:do|does|did) (?:some|any|others?)\b`)

// compareTopic returns the topic of a comparison question: the question
// without the words that frame it as one ("Do all the outlets say North
// Korea has decided to send the troops?" compares "say North Korea has
// decided to send the troops"). The question is returned whole when
// nothing would be left.
func compareTopic(q string) string {
	var b strings.Builder
	last := 0
	for _, m := range reCompareFrame.FindAllStringIndex(q, -1) {
		if w := lastWord(q[:m[0]]); auxiliary[strings.ToLower(w)] && !reCoverageNoun.MatchString(strings.ToLower(q[m[0]:m[1]])) {
			continue // "has agreed to the bid" is the topic, not the frame
		}
		b.WriteString(q[last:m[0]])
		b.WriteString(" ")
		last = m[1]
	}
	b.WriteString(q[last:])
	t := strings.Join(strings.Fields(b.String()), " ")
	if len(terms(t)) == 0 {
		return q
	}
	return t
}

// onTopic keeps the differing figures a comparison of topic is about: all
// of them when the topic asks about figures ("troop numbers"), else those
// whose subject the topic names ("did they deny sending troops" keeps the
// troop figures; "how do they quote the diplomat" keeps none).
func onTopic(ds []Discrepancy, topic string) []Discrepancy {
	if numbersTopic.MatchString(topic) {
		return ds
	}
	want := toSetSlice(terms(lang.Expand(topic)))
	var out []Discrepancy
	for _, d := range ds {
		subj := toSetSlice(terms(d.Subject))
		for _, f := range d.Figures {
			for _, t := range terms(f.Unit) {
				subj[t] = true
			}
		}
		for t := range subj {
			if want[t] {
				out = append(out, d)
				break
			}
		}
	}
	return out
}

// lastWord returns the last word of s.
func lastWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}
