package answer

import (
	"slices"
	"strings"
	"time"
)

// Output is the JSON shape of an answer that `newsbot ask --json` prints
// (docs/INTERFACE.md): every [n] in Answer has its entry in Citations and no
// entry is uncited.
type Output struct {
	Question  string           `json:"question"`
	Answer    string           `json:"answer"`
	Refused   bool             `json:"refused"`
	Reason    *Reason          `json:"reason,omitempty"` // why it answered or refused
	Mode      string           `json:"mode"`
	Citations []OutputCitation `json:"citations"`
}

// OutputCitation is one cited passage in JSON.
type OutputCitation struct {
	N         int    `json:"n"`
	ArticleID string `json:"article_id"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"` // YYYY-MM-DD, "" when unknown
	URL       string `json:"url"`
	ChunkID   string `json:"chunk_id"`
	Text      string `json:"text"` // the full cited passage
	// Dates are the passage's relative dates ("on Monday") read against
	// its publication date.
	Dates []RelativeDate `json:"dates,omitempty"`
}

// JSON returns the JSON shape of a. Markers in the text without a citation
// are removed, and citations the text does not cite are left out, so the
// shape's promise holds even for a hand-built Answer.
func JSON(a *Answer) Output {
	text, cites := consistent(a.Text, a.Citations)
	out := Output{Question: a.Question, Answer: text, Refused: a.Refused, Mode: a.Mode, Citations: cites}
	if a.Reason.Verdict != "" {
		r := a.Reason
		out.Reason = &r
	}
	return out
}

func consistent(text string, cs []Citation) (string, []OutputCitation) {
	byN := map[int]Citation{}
	for _, c := range cs {
		byN[c.N] = c
	}
	text = markerRE.ReplaceAllStringFunc(text, func(m string) string {
		if _, ok := byN[markers(m)[0]]; ok {
			return m
		}
		return ""
	})
	used := markers(text)
	out := []OutputCitation{}
	for _, c := range cs {
		if slices.Contains(used, c.N) {
			out = append(out, outputCitation(c))
		}
	}
	slices.SortFunc(out, func(a, b OutputCitation) int { return a.N - b.N })
	return strings.TrimSpace(text), out
}

func outputCitation(c Citation) OutputCitation {
	p := c.Hit.Passage
	return OutputCitation{
		N: c.N, ArticleID: p.ArticleID, Title: p.Title, Outlet: p.Outlet, Published: dateOf(p.Published),
		URL: p.URL, ChunkID: p.ID, Text: p.Text, Dates: ResolveDates(p.Text, p.Published),
	}
}

func dateOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// ComparisonOutput is the JSON shape of a Comparison (`newsbot compare
// --json`); like Output, every [n] in text has its citation and no
// citation is uncited.
type ComparisonOutput struct {
	Topic         string              `json:"topic"`
	Text          string              `json:"text"`
	Refused       bool                `json:"refused"`
	Mode          string              `json:"mode"`
	Outlets       []OutletOutput      `json:"outlets"`
	Discrepancies []DiscrepancyOutput `json:"discrepancies"`
	Citations     []OutputCitation    `json:"citations"`
}

// OutletOutput is one outlet's report in JSON.
type OutletOutput struct {
	Outlet string        `json:"outlet"`
	Points []PointOutput `json:"points"`
}

// PointOutput is one cited sentence in JSON.
type PointOutput struct {
	Text string `json:"text"`
	N    int    `json:"n"` // 0 when its passage is not cited in text
}

// DiscrepancyOutput is one set of differing figures in JSON.
type DiscrepancyOutput struct {
	Subject string         `json:"subject"`
	Figures []FigureOutput `json:"figures"`
}

// FigureOutput is one figure in JSON.
type FigureOutput struct {
	Value  string `json:"value"`
	Unit   string `json:"unit"`
	Source string `json:"source"`
	Outlet string `json:"outlet"`
	N      int    `json:"n"` // 0 when its passage is not cited in text
}

// JSONComparison returns the JSON shape of c.
func JSONComparison(c *Comparison) ComparisonOutput {
	text, cites := consistent(c.Text, c.Citations)
	cited := map[int]bool{}
	for _, oc := range cites {
		cited[oc.N] = true
	}
	n := func(x int) int {
		if cited[x] {
			return x
		}
		return 0
	}
	out := ComparisonOutput{Topic: c.Topic, Text: text, Refused: c.Refused, Mode: c.Mode,
		Outlets: []OutletOutput{}, Discrepancies: []DiscrepancyOutput{}, Citations: cites}
	for _, o := range c.Outlets {
		oo := OutletOutput{Outlet: o.Outlet, Points: []PointOutput{}}
		for _, p := range o.Points {
			oo.Points = append(oo.Points, PointOutput{Text: p.Text, N: n(p.N)})
		}
		out.Outlets = append(out.Outlets, oo)
	}
	for _, d := range c.Discrepancies {
		do := DiscrepancyOutput{Subject: d.Subject, Figures: []FigureOutput{}}
		for _, f := range d.Figures {
			do.Figures = append(do.Figures, FigureOutput{Value: f.Value, Unit: f.Unit, Source: f.Source, Outlet: f.Outlet, N: n(f.N)})
		}
		out.Discrepancies = append(out.Discrepancies, do)
	}
	return out
}
