package answer

import (
	"slices"
	"testing"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/retrieval"
)

func TestResolveDates(t *testing.T) {
	wed := day("2024-05-15") // a Wednesday
	for _, tt := range []struct {
		text string
		want []RelativeDate
	}{
		{"The council voted on Monday.", []RelativeDate{{"on Monday", "2024-05-13"}}},
		{"Officials said Wednesday that talks failed.", []RelativeDate{{"Wednesday", "2024-05-15"}}},
		{"The ferry sank last Wednesday.", []RelativeDate{{"last Wednesday", "2024-05-08"}}},
		{"The minister will visit on Friday.", []RelativeDate{{"on Friday", "2024-05-17"}}},
		{"Talks resume next Monday.", []RelativeDate{{"next Monday", "2024-05-20"}}},
		{"It opened this Thursday.", []RelativeDate{{"this Thursday", "2024-05-16"}}},
		{"Yesterday the strike ended; tomorrow trains run.", []RelativeDate{{"Yesterday", "2024-05-14"}, {"tomorrow", "2024-05-16"}}},
		{"Prices rose last week and fell last month. Last year was worse.", []RelativeDate{
			{"last week", "2024-05-06/2024-05-12"}, {"last month", "2024-04"}, {"Last year", "2023"}}},
		{"A vote is due next week.", []RelativeDate{{"next week", "2024-05-20/2024-05-26"}}},
		{"No relative date at all, only 14 May 2024.", nil},
	} {
		t.Run(tt.text, func(t *testing.T) {
			if got := ResolveDates(tt.text, wed); !slices.Equal(got, tt.want) {
				t.Errorf("ResolveDates(%q) = %v; want %v", tt.text, got, tt.want)
			}
		})
	}
	if got := ResolveDates("The council voted on Monday.", day("2024-05-13").AddDate(0, 0, 0)); !slices.Equal(got, []RelativeDate{{"on Monday", "2024-05-13"}}) {
		t.Errorf("published on the Monday itself: %v", got)
	}
	if got := ResolveDates("on Monday", day("0001-01-01").AddDate(0, 0, 0)); got != nil {
		t.Errorf("unknown publication date: %v; want none", got)
	}
}

// TestCitationDates: ask --json shows each cited passage's relative dates
// read against its publication date.
func TestCitationDates(t *testing.T) {
	out := JSON(&Answer{Question: "q", Text: "A [1].", Mode: ModeExtractive, Citations: []Citation{{N: 1, Hit: retrieval.Hit{Passage: pYonhap}}}})
	want := []RelativeDate{{"last week", "2024-10-14/2024-10-20"}, {"On Monday", "2024-10-21"}}
	if got := out.Citations[0].Dates; !slices.Equal(got, want) {
		t.Errorf("dates = %v; want %v", got, want)
	}
}

// TestLatestPrefersNewest: asked for the latest, the newer of two equally
// relevant reports answers; asked plainly, rank decides.
func TestLatestPrefersNewest(t *testing.T) {
	old := corpus.Passage{ID: "old#0", ArticleID: "old", Title: "Flood toll rises", Outlet: "Valley Courier", Published: day("2024-05-02"),
		URL: "https://courier.example/flood-1", Text: "The death toll from the valley floods rose to 12, officials said."}
	newer := corpus.Passage{ID: "new#0", ArticleID: "new", Title: "Flood toll rises again", Outlet: "Valley Courier", Published: day("2024-05-09"),
		URL: "https://courier.example/flood-2", Text: "The death toll from the valley floods rose to 31, officials said."}
	hits := []retrieval.Hit{{Passage: old, Score: 0.033}, {Passage: newer, Score: 0.032}}
	a := New(&fakeSearch{hits: hits}, nil, Options{})
	for q, wantID := range map[string]string{
		"What is the latest death toll from the valley floods?": "new",
		"What is the death toll from the valley floods now?":    "new",
		"What was the death toll from the valley floods?":       "old",
	} {
		ans, err := a.Ask(t.Context(), Request{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Refused || len(ans.Citations) == 0 || ans.Citations[0].Hit.Passage.ArticleID != wantID {
			t.Errorf("%q: %q citing %v; want %s first", q, ans.Text, ans.Citations, wantID)
		}
	}
	// A newer but clearly less relevant hit does not jump ahead.
	far := []retrieval.Hit{{Passage: old, Score: 0.033}, {Passage: newer, Score: 0.010}}
	if got := preferNewest("latest toll", far); got[0].Passage.ID != "old#0" {
		t.Errorf("a weak newer hit moved ahead: %v", got[0].Passage.ID)
	}
}
