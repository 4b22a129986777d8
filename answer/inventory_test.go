package answer

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/corpus"
)

func TestReadInventory(t *testing.T) {
	tests := []struct {
		q      string
		ok     bool
		class  inventoryClass
		quoted bool
		within int // how many alternative affiliations
		topic  []string
	}{
		{q: "who is quoted", ok: true, quoted: true},
		{q: "who gets quoted in these articles", ok: true, quoted: true},
		{q: "who's mentioned in the coverage", ok: true},
		{q: "which canadian officials are named in the articles", ok: true, within: 1},
		{q: "which north korean officials are actually named", ok: true, within: 1},
		{q: "what western diplomats are quoted", ok: true, quoted: true, within: len(blocs["western"])},
		{q: "which experts are quoted on the merger", ok: true, quoted: true, topic: []string{"merger"}},
		{q: "which news agencies is this coverage based on", ok: true, class: inventoryAgencies},
		{q: "what agencies do the articles cite", ok: true, class: inventoryAgencies},
		{q: "which officials said the talks failed", ok: false}, // a who question: no verb of listing
		{q: "who said the talks failed", ok: false},
		{q: "which officials mentioned sanctions", ok: false}, // active: who mentioned them
		{q: "who mentioned sanctions", ok: false},
		{q: "whos quoted", ok: true, quoted: true},
		{q: "which analysts do the reports quote", ok: true, quoted: true},
		{q: "list the south korean officials named in the coverage", ok: true, within: 1},
		{q: "who is quoted from the un", ok: true, quoted: true, within: 1},
		{q: "who from nato is quoted", ok: true, quoted: true, within: 1},
		{q: "any ukrainian officials quoted", ok: true, quoted: true, within: 1},
		{q: "are there any analysts quoted on the deal", ok: true, quoted: true, topic: []string{"deal"}},
		{q: "what did the minister say", ok: false},
		{q: "which agency said 12,000 troops", ok: false},
	}
	for _, tt := range tests {
		iq, ok := readInventory(tt.q)
		if ok != tt.ok {
			t.Errorf("readInventory(%q) ok = %v, want %v", tt.q, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		if iq.class != tt.class || iq.quoted != tt.quoted || len(iq.within) != tt.within || !slices.Equal(iq.topic, tt.topic) {
			t.Errorf("readInventory(%q) = %+v; want class %d, quoted %v, %d affiliations, topic %v", tt.q, iq, tt.class, tt.quoted, tt.within, tt.topic)
		}
		if got := readQuestion(tt.q).Kind; got != KindInventory {
			t.Errorf("readQuestion(%q).Kind = %q, want %q", tt.q, got, KindInventory)
		}
	}
}

// inventoryCoverage is a made-up story: people with titles before and
// after their names, a surname alone, two people of one family name,
// agencies, and a name untitled.
var inventoryCoverage = []corpus.Passage{
	{ID: "a#0", ArticleID: "a", Ordinal: 0, Outlet: "Wire", Title: "Trade talks stall", Text: "Canadian Trade Minister Jane Ostrova said the talks had stalled. " +
		"Chilean Foreign Minister Luis Ortega Vidal told reporters the tariff would stay. " +
		"Minister Ostrova added that Ottawa would wait."},
	{ID: "b#0", ArticleID: "b", Ordinal: 0, Outlet: "Daily", Title: "Tariff row", Text: "Park Min-jun, South Korea's deputy trade minister, met Park Sung Ho at the port. " +
		"Deputy minister Park warned of delays, the Yonhap news agency reported. " +
		"Reuters reported that Chile was unmoved. " +
		"The dispute began when Arturo Benavides Quispe raised duties in May."},
}

func TestInventoryAnswer(t *testing.T) {
	ps := inventoryCoverage
	a := New(&fakeSearch{hits: hitsOf(ps...)}, nil, Options{Passages: func() []corpus.Passage { return ps }})
	tests := []struct {
		q       string
		want    []string // listed, in order
		notWant []string
		cites   string // the sentence cited for the first listed
	}{
		{q: "who is quoted in the coverage?", want: []string{"Jane Ostrova", "Park Min-jun", "Luis Ortega Vidal"}, notWant: []string{"Park Sung Ho", "Arturo"},
			cites: "Canadian Trade Minister Jane Ostrova said the talks had stalled."},
		{q: "which canadian officials are named in the articles", want: []string{"Jane Ostrova"}, notWant: []string{"Luis", "Park"}},
		{q: "Which South Korean officials are quoted?", want: []string{"Park Min-jun"}, notWant: []string{"Jane", "Park Sung Ho"},
			cites: "Deputy minister Park warned of delays, the Yonhap news agency reported."},
		{q: "which news agencies is this based on", want: []string{"Yonhap", "Reuters"}, notWant: []string{"Wire", "Daily"}},
	}
	for _, tt := range tests {
		ans, err := a.Ask(context.Background(), Request{Question: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Reason.Code != ReasonInventory {
			t.Errorf("%q: reason %q, want %q; answer %q", tt.q, ans.Reason.Code, ReasonInventory, ans.Text)
			continue
		}
		var lines []string
		for _, l := range strings.Split(ans.Text, "\n")[1:] {
			name, _, _ := strings.Cut(strings.TrimPrefix(l, "- "), ":")
			lines = append(lines, name)
		}
		if !slices.Equal(lines, tt.want) {
			t.Errorf("%q lists %q, want %q\n%s", tt.q, lines, tt.want, ans.Text)
		}
		for _, n := range tt.notWant {
			if slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, n) }) {
				t.Errorf("%q lists %q", tt.q, n)
			}
		}
		for _, c := range ans.Citations {
			if !strings.Contains(c.Hit.Passage.Text, c.Sentence) || !strings.Contains(ans.Text, c.Sentence) {
				t.Errorf("%q: citation [%d] %q is not a sentence of its passage quoted in the answer", tt.q, c.N, c.Sentence)
			}
		}
		if tt.cites != "" && (len(ans.Citations) == 0 || ans.Citations[0].Sentence != tt.cites) {
			t.Errorf("%q cites first %q, want %q", tt.q, ans.Citations[0].Sentence, tt.cites)
		}
	}
}

// TestInventoryNoOne: an inventory question the coverage names no one
// for is refused, with the reason, not answered with an empty list or a
// sentence about someone else.
func TestInventoryNoOne(t *testing.T) {
	ps := inventoryCoverage
	a := New(&fakeSearch{hits: hitsOf(ps...)}, nil, Options{Passages: func() []corpus.Passage { return ps }})
	for _, q := range []string{"which officials from japan are quoted?", "which german diplomats are named"} {
		ans, err := a.Ask(context.Background(), Request{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		if !ans.Refused || ans.Text != NoAnswer || ans.Reason.Code != ReasonInventory || ans.Reason.Verdict != VerdictRefuse {
			t.Errorf("%q: answer %q (%s, %s); want a refusal for the inventory", q, ans.Text, ans.Reason.Code, ans.Reason.Verdict)
		}
	}
}

// TestInventoryTopic: with a topic, only the people the retrieved
// passages name are listed, under the full name the coverage gives them
// elsewhere.
func TestInventoryTopic(t *testing.T) {
	later := corpus.Passage{ID: "c#0", ArticleID: "c", Outlet: "Daily", Title: "Port reopens", Text: "Minister Ostrova said the port would reopen on Friday."}
	ps := append(slices.Clone(inventoryCoverage), later)
	a := New(&fakeSearch{hits: hitsOf(later)}, nil, Options{Passages: func() []corpus.Passage { return ps }})
	ans, err := a.Ask(context.Background(), Request{Question: "who is quoted on the port reopening"})
	if err != nil {
		t.Fatal(err)
	}
	want := "Quoted in the coverage:\n- Jane Ostrova: Minister Ostrova said the port would reopen on Friday. [1]"
	if ans.Text != want {
		t.Errorf("answer\n%s\nwant\n%s", ans.Text, want)
	}
}

// TestInventoryCoverageChanges: the names read for one coverage are not
// reused once a passage changes.
func TestInventoryCoverageChanges(t *testing.T) {
	ps := []corpus.Passage{{ID: "a#0", ArticleID: "a", Outlet: "Wire", Title: "Talks", Text: "Trade Minister Jane Ostrova said the talks had stalled."}}
	a := New(&fakeSearch{}, nil, Options{Passages: func() []corpus.Passage { return ps }})
	ask := func() string {
		ans, err := a.Ask(context.Background(), Request{Question: "who is quoted?"})
		if err != nil {
			t.Fatal(err)
		}
		return ans.Text
	}
	if got := ask(); !strings.Contains(got, "Jane Ostrova") {
		t.Fatalf("first answer %q; want Jane Ostrova", got)
	}
	ps = []corpus.Passage{{ID: "a#0", ArticleID: "a", Outlet: "Wire", Title: "Talks", Text: "Trade Minister Omar Haddad said the talks had resumed."}}
	if got := ask(); !strings.Contains(got, "Omar Haddad") || strings.Contains(got, "Ostrova") {
		t.Errorf("after the passage changed: %q; want Omar Haddad alone", got)
	}
}

// FuzzReadMentions: any text, as a corpus may hold it, is read for names
// without a panic, and every name found is a span of its sentence.
func FuzzReadMentions(f *testing.F) {
	for _, s := range []string{
		"Canadian Trade Minister Jane Ostrova said the talks had stalled.",
		"Park Min-jun, South Korea's deputy trade minister, met Park Sung Ho.",
		`"It is hard," said C.A. Thomas of U.S. Steel Corp <X.N>, adding: "Kim Jong-un—no."`,
		"Russia's UN ambassador, Vasily Nebenzya, also rejected these claims.",
		"A. B. C-d E'f, -- G.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ps := []corpus.Passage{{ID: "a#0", ArticleID: "a", Text: text}}
		for _, m := range readMentions(ps, func(string) bool { return false }) {
			if !strings.Contains(m.m.text, m.m.name) || len(m.key) == 0 {
				t.Errorf("name %q (key %q) not in its sentence %q", m.m.name, m.key, m.m.text)
			}
		}
		readInventory(strings.ToLower(text))
		readQuestion(text)
	})
}
