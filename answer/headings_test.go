package answer

import (
	"strings"
	"testing"

	"github.com/newsbot/newsbot/corpus"
)

// TestHeadingsAnswer: "what are the subheadings in the X article" lists
// the heading lines of X's article, each cited, not its photo credit or
// captions; an article without headings, or a question naming no outlet,
// is left to the other routes.
func TestHeadingsAnswer(t *testing.T) {
	site := corpus.Passage{ID: "s#0", ArticleID: "s", Outlet: "112.ua", Title: "North Korea rejects accusations",
		Text: "Photo: 112.ua\nNorth Korea has rejected the accusations.\nNorth Korea's response\nThis was the first public reaction.\nReaction of the Kremlin\nThe Kremlin refused to confirm it."}
	wire := corpus.Passage{ID: "w#0", ArticleID: "w", Outlet: "AP", Title: "Seoul demands withdrawal",
		Text: "South Korea demanded that the troops be withdrawn. The envoy said so on Monday."}
	ps := []corpus.Passage{site, wire}
	a := New(&fakeSearch{hits: hitsOf(site, wire)}, nil, Options{Passages: func() []corpus.Passage { return ps }})
	for _, tt := range []struct {
		q    string
		want []string // the headings listed; nil when the route does not answer
	}{
		{"wat r the subheadings in the 112.ua article", []string{"North Korea's response", "Reaction of the Kremlin"}},
		{"what section headings does the AP story have", nil},
		{"what are the subheadings", nil},
		{"who heads the kremlin", nil},
	} {
		ans := &Answer{}
		got := a.headingsAnswer(ans, tt.q, hitsOf(site, wire))
		if got != (tt.want != nil) {
			t.Errorf("headingsAnswer(%q) = %v; want %v", tt.q, got, tt.want != nil)
			continue
		}
		var cited []string
		for _, c := range ans.Citations {
			cited = append(cited, c.Sentence)
		}
		if strings.Join(cited, "|") != strings.Join(tt.want, "|") || got && strings.Contains(ans.Text, "Photo") {
			t.Errorf("headingsAnswer(%q) cites %q in %q; want %q", tt.q, cited, ans.Text, tt.want)
		}
	}
}
