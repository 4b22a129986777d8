package answer

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/retrieval"
)

// Two overlapping windows of one article (they share the "We have seen"
// sentence), as the chunker cuts them.
var (
	pWood0 = corpus.Passage{ID: "wire#4", ArticleID: "wire", Ordinal: 4, Outlet: "Wire", Title: "Envoys clash",
		Text: "Neither NATO nor the United States have confirmed the deployment. " +
			`"We have seen reports the forces were sent," Jane Roe, the US envoy to the United Nations, told the Council.`}
	pWood1 = corpus.Passage{ID: "wire#5", ArticleID: "wire", Ordinal: 5, Outlet: "Wire", Title: "Envoys clash",
		Text: `"We have seen reports the forces were sent," Jane Roe, the US envoy to the United Nations, told the Council. ` +
			`"If true, this is a grave and deeply troubling escalation," Roe said. The council adjourned.`}
	pPronoun = corpus.Passage{ID: "desk#2", ArticleID: "desk", Ordinal: 2, Outlet: "Desk", Title: "Ambassador speaks",
		Text: `Moscow's envoy, Ivan Petrov, called the reports "nonsense" at the council. ` +
			"He accused the West of inventing the story to distract from its own arms shipments."}
)

func TestExtractiveContext(t *testing.T) {
	for _, tt := range []struct {
		name     string
		question string
		hits     []corpus.Passage
		want     []string // sentences the answer must hold, in this order
		cites    int      // distinct passages cited
	}{
		{
			name:     "a quote continued in the next window of the article",
			question: "What did the US envoy to the United Nations say about the reports?",
			hits:     []corpus.Passage{pWood0, pWood1},
			want:     []string{`"We have seen reports`, `"If true, this is a grave and deeply troubling escalation," Roe said.`},
		},
		{
			name:     "a sentence led by a pronoun brings the one that names him",
			question: "Who accused the West of inventing the story about arms shipments?",
			hits:     []corpus.Passage{pPronoun},
			want:     []string{"Moscow's envoy, Ivan Petrov,", "He accused the West"},
			cites:    1,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := New(&fakeSearch{hits: hitsOf(tt.hits...)}, nil, Options{Passages: func() []corpus.Passage { return tt.hits }})
			ans, err := a.Ask(t.Context(), Request{Question: tt.question})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Refused {
				t.Fatalf("refused: %q", ans.Text)
			}
			at := 0
			for _, w := range tt.want {
				i := strings.Index(ans.Text[at:], w)
				if i < 0 {
					t.Fatalf("answer %q lacks %q after offset %d", ans.Text, w, at)
				}
				at += i + len(w)
			}
			if tt.cites > 0 && len(ans.Citations) != tt.cites {
				t.Errorf("%d citations; want %d", len(ans.Citations), tt.cites)
			}
			for _, c := range splitClaims(ans.Text) {
				for _, n := range c.Cites {
					if !strings.Contains(ans.Citations[n-1].Hit.Passage.Text, c.Plain) {
						t.Errorf("%q is not verbatim in [%d]", c.Plain, n)
					}
				}
			}
			checkJSON(t, JSON(ans))
		})
	}
}

func TestCompareWidensToEveryFigure(t *testing.T) {
	// Retrieval found two of the three outlets' figures; the third
	// (Zelenskyy's 10,000 soldiers, AP) sits elsewhere in the coverage.
	s := &fakeSearch{hits: hitsOf(pYonhap, pKyiv)}
	a := New(s, nil, Options{Passages: func() []corpus.Passage { return allPassages }})
	c, err := a.Compare(t.Context(), CompareRequest{Topic: "how many troops were sent to Russia"})
	if err != nil {
		t.Fatal(err)
	}
	var values []string
	for _, d := range c.Discrepancies {
		for _, f := range d.Figures {
			values = append(values, f.Value)
		}
	}
	got := strings.Join(values, " ")
	for _, want := range []string{"12,000", "11,000", "10,000"} {
		if !strings.Contains(got, want) {
			t.Errorf("discrepancies %q lack %s", got, want)
		}
	}
	if !strings.Contains(c.Text, "Zelenskyy") {
		t.Errorf("comparison text does not cite the added figure: %q", c.Text)
	}
	for _, cit := range c.Citations {
		found := false
		for _, h := range c.Hits {
			found = found || h.Passage.ID == cit.Hit.Passage.ID
		}
		if !found {
			t.Errorf("citation [%d] %s is not among the comparison's passages", cit.N, cit.Hit.Passage.ID)
		}
	}
}

func TestExtractiveNumberQuestionLeadsWithTheNumber(t *testing.T) {
	p := corpus.Passage{ID: "desk#0", ArticleID: "desk", Outlet: "Desk", Title: "Talks",
		Text: "Envoys from both countries met in Geneva on Monday to discuss the troop deployment. " +
			"It was their first meeting since the spy agency said 12,000 troops had been sent to the border."}
	a := New(&fakeSearch{hits: hitsOf(p)}, nil, Options{Passages: func() []corpus.Passage { return []corpus.Passage{p} }})
	ans, err := a.Ask(t.Context(), Request{Question: "How many troops did the spy agency say were sent for the deployment?"})
	if err != nil {
		t.Fatal(err)
	}
	// "It" does not pull in the sentence before it, and the sentence with
	// the number comes first.
	if !strings.HasPrefix(ans.Text, "It was their first meeting") {
		t.Errorf("answer %q; want it to open with the sentence that gives the number", ans.Text)
	}
}

// listedSearch is a Searcher over fixed passages that finds all of them
// and records its queries.
type listedSearch struct {
	ps      []corpus.Passage
	queries []string
}

func (l *listedSearch) Search(_ context.Context, q string, _ int) ([]retrieval.Hit, error) {
	l.queries = append(l.queries, q)
	return hitsOf(l.ps...), nil
}

func (l *listedSearch) Passages() []corpus.Passage { return l.ps }

// TestWithSpellings: a name misspelt by one letter is searched with the
// coverage's spelling too; a common word one letter from another is not.
func TestWithSpellings(t *testing.T) {
	s := &listedSearch{ps: []corpus.Passage{
		{ID: "k#0", ArticleID: "k", Outlet: "Wire", Title: "Kuwait quota", Text: "He denied that Kuwait was pumping above its quota. Traders said Kuwait was selling more."},
		{ID: "c#0", ArticleID: "c", Outlet: "Wire", Title: "Committee meets", Text: "The committee met on Monday and the committee voted."},
	}}
	a := New(s, nil, Options{})
	for _, tt := range []struct{ q, want, not string }{
		{"wats kuwiat's opec quota", "kuwait", ""},
		{"how many troops has the country committed", "", "committee"},
	} {
		s.queries = nil
		if _, err := a.Ask(t.Context(), Request{Question: tt.q}); err != nil {
			t.Fatal(err)
		}
		if len(s.queries) == 0 {
			t.Fatalf("%q: no search", tt.q)
		}
		got := s.queries[0]
		if tt.want != "" && !strings.Contains(got, tt.want) || tt.not != "" && strings.Contains(got, tt.not) {
			t.Errorf("%q searched as %q", tt.q, got)
		}
	}
}

func TestCoverMissing(t *testing.T) {
	sent := func(text string, rel float64, own ...string) scored {
		return scored{text: text, relevance: rel, score: rel, terms: strings.Fields(strings.ToLower(text)), have: toSetSlice(own)}
	}
	ts := []qterm{
		{word: "yoon", stems: []string{"yoon"}, name: true},
		{word: "promise", stems: []string{"promis"}, related: []string{"pledg"}},
	}
	lead := sent("After a call with Yoon on Monday, Rutte said tensions would escalate.", 0.9, "yoon", "call")
	says := sent("The South Korean president has promised action against both.", 0.62, "promis", "president")
	below := sent("He promised more in a letter.", 0.5, "promis")
	linked := sent("Yoon pledged to act.", 0.8, "yoon", "pledg")
	for _, tt := range []struct {
		name   string
		chosen []scored
		ranked []scored
		n      int
		want   []string
	}{
		{"adds the sentence that says the missing word", []scored{lead}, []scored{lead, says}, 3, []string{lead.text, says.text}},
		{"not below the bar", []scored{lead}, []scored{lead, below}, 3, []string{lead.text}},
		{"no room", []scored{lead}, []scored{lead, says}, 1, []string{lead.text}},
		{"a name missing is the decision's to judge", []scored{says}, []scored{says, lead}, 3, []string{says.text}},
		{"a thesaurus link leaves the word missing", []scored{linked}, []scored{linked, says}, 3, []string{linked.text, says.text}},
		{"the sentence added may hold a link", []scored{lead}, []scored{lead, linked}, 3, []string{lead.text, linked.text}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range coverMissing(tt.chosen, tt.ranked, ts, tt.n, 0.6) {
				got = append(got, s.text)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClosesQuote(t *testing.T) {
	for _, tt := range []struct {
		s, prev string
		want    bool
	}{
		{`However, recent actions have even surprised us," Hwang said.`, `"We are well aware that North Korea is a habitual violator.`, true},
		{"However, recent actions have even surprised us,” Hwang said.", "“We are well aware that North Korea is a habitual violator.", true}, // curly quotes
		{`"It is absurd," Nebenzya said.`, `"We deny it.`, false},                                                                             // s opens its own quote
		{`However, it surprised us," Hwang said.`, `Hwang spoke on Monday.`, false},                                                           // prev opens none
		{`He said it was "absurd".`, `"We deny it.`, false},                                                                                   // s's quotes are balanced
		{`However, it surprised us," Hwang said.`, `"We knew," he said, "it would come.`, true},                                               // the quotation prev reopens runs on into s
	} {
		if got := closesQuote(tt.s, tt.prev); got != tt.want {
			t.Errorf("closesQuote(%q, %q) = %v; want %v", tt.s, tt.prev, got, tt.want)
		}
	}
}

// TestQuoteOpeningKept: a sentence that ends a quotation is quoted with
// the sentence that opens it.
func TestQuoteOpeningKept(t *testing.T) {
	p := corpus.Passage{ID: "y#0", ArticleID: "y", Outlet: "Wire", Title: "Hwang at the UN",
		Text: `Hwang spoke at the UN on Monday. "We are well aware that North Korea is a habitual violator of norms. However, recent actions by Pyongyang have even surprised us," Hwang said.`}
	a := New(&fakeSearch{hits: hitsOf(p)}, nil, Options{})
	ans, err := a.Ask(t.Context(), Request{Question: "what did hwang say surprised him about pyongyang"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ans.Text, "habitual violator") || !strings.Contains(ans.Text, "surprised us") {
		t.Errorf("answer %q; want the whole quotation", ans.Text)
	}
}
