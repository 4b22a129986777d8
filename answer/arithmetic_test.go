package answer

import (
	"context"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/corpus"
)

func TestFigure(t *testing.T) {
	for v, want := range map[float64]string{10500: "10,500", 500: "500", 1234567: "1,234,567", 2.5: "2.5", 0: "0"} {
		if got := figure(v); got != want {
			t.Errorf("figure(%v) = %q; want %q", v, got, want)
		}
	}
}

// TestDifference: a question giving two figures and asking how far apart
// they are is answered from the sentences that give them, with the
// difference worked out and said to be; a figure the coverage lacks, or a
// question that asks no difference, goes the ordinary way.
func TestDifference(t *testing.T) {
	ps := []corpus.Passage{
		{ID: "a#0", ArticleID: "a", Outlet: "Wire", Title: "Port strike", Text: "The union said 4,200 dockers would strike at the port on Monday."},
		{ID: "b#0", ArticleID: "b", Outlet: "Daily", Title: "Strike begins", Text: "Only 1,800 dockers walked out at the port, the port authority said."},
	}
	a := New(&fakeSearch{hits: hitsOf(ps...)}, nil, Options{})
	ans, err := a.Ask(context.Background(), Request{Question: "if 1,800 walked out, how many more of the 4,200 dockers still have to strike at the port?"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Refused || len(ans.Citations) != 2 || !strings.Contains(ans.Text, "4,200 - 1,800 = 2,400") || !strings.Contains(ans.Text, "not stated in the coverage") {
		t.Errorf("answer %q (%d citations); want both sentences cited and 4,200 - 1,800 = 2,400 worked out", ans.Text, len(ans.Citations))
	}
	for _, q := range []string{
		"if 1,800 walked out, how many more of the 9,000 dockers still have to strike?", // 9,000 is in no sentence
		"how many dockers walked out at the port?",                                      // no difference asked
	} {
		ans, err := a.Ask(context.Background(), Request{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(ans.Text, "Worked out") {
			t.Errorf("%q: %q; want no worked-out difference", q, ans.Text)
		}
	}
}
