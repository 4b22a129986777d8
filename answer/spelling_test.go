package answer

import (
	"maps"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/corpus"
)

var spellingPassages = []corpus.Passage{
	{ID: "a#0", ArticleID: "a", Outlet: "Wire", Title: "Envoy answers", Text: "The North Korean envoy responded to the accusations at a committee meeting. South Korea said Kuwait and Qatar were watching."},
	{ID: "b#0", ArticleID: "b", Outlet: "Wire", Title: "Kuwait output", Text: "Kuwait said it was pumping below its quota. Kuwait denied the reports."},
	{ID: "c#0", ArticleID: "c", Outlet: "Wire", Title: "Kyiv speaks", Text: "President Zelenskyy said the soldiers had planned to go. Later Zelenskyy spoke again. The envoy Robert Wood listened."},
}

// spellingThesaurus knows the English words of the cases, as WordNet does.
var spellingThesaurus = thesaurusOf{
	"responding": {"respond"}, "committed": {"commit"}, "describe": {"report"},
	"widen": {"broaden"}, "south": {"southward"}, "actual": {"real"}, "afraid": {"fearful"},
}

func TestRespell(t *testing.T) {
	for _, tt := range []struct {
		name, q, want string
		thes          Thesaurus
		fixed         map[string]string
	}{
		{"letter dropped, inflection the coverage lacks", "who was the envoy resonding to", "who was the envoy responding to", spellingThesaurus, map[string]string{"resonding": "responding"}},
		{"four letters, letter added", "what did soth korea say", "what did south korea say", spellingThesaurus, map[string]string{"soth": "south"}},
		{"swapped letters, case kept", "How much is Kuwiat pumping", "How much is Kuwait pumping", spellingThesaurus, map[string]string{"kuwiat": "kuwait"}},
		{"a word the thesaurus knows stays", "who committed the troops", "who committed the troops", spellingThesaurus, nil},
		{"a name the coverage lacks stays", "what did venezuela say", "what did venezuela say", spellingThesaurus, nil},
		{"long English word the coverage lacks", "how did the envoy desribe it", "how did the envoy describe it", spellingThesaurus, map[string]string{"desribe": "describe"}},
		{"short name near an English word stays", "what did biden say", "what did biden say", spellingThesaurus, nil},
		{"name two letters off, by its consonants", "what did zlensky say", "what did zelenskyy say", spellingThesaurus, map[string]string{"zlensky": "zelenskyy"}},
		{"a word with a name's consonants but no name", "what did poland say", "what did poland say", spellingThesaurus, nil},
		{"three-letter surname after a name", "what did robert wod say", "what did robert wood say", spellingThesaurus, map[string]string{"wod": "wood"}},
		{"three letters not after a name stay", "what did the wod say", "what did the wod say", spellingThesaurus, nil},
		{"five letters, letter dropped", "is there any atual evidence", "is there any actual evidence", spellingThesaurus, map[string]string{"atual": "actual"}},
		{"six letters, letters swapped", "what is the envoy afarid of", "what is the envoy afraid of", spellingThesaurus, map[string]string{"afarid": "afraid"}},
		{"shorthand stays", "wat did kuwait say abt it", "wat did kuwait say abt it", spellingThesaurus, nil},
		{"no thesaurus: names only", "was the envoy resonding to kuwiat", "was the envoy resonding to kuwait", nil, map[string]string{"kuwiat": "kuwait"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := New(&fakeSearch{}, nil, Options{Thesaurus: tt.thes, Passages: func() []corpus.Passage { return spellingPassages }})
			got, fixed := a.respell(tt.q)
			if got != tt.want || !maps.Equal(fixed, tt.fixed) {
				t.Errorf("respell(%q) = %q, %v; want %q, %v", tt.q, got, fixed, tt.want, tt.fixed)
			}
		})
	}
}

// TestRespellAnswers: a question with a typo is answered as the one
// without, and its reason shows the word as it was read.
func TestRespellAnswers(t *testing.T) {
	a := New(&fakeSearch{hits: hitsOf(spellingPassages...)}, nil, Options{Thesaurus: spellingThesaurus, Passages: func() []corpus.Passage { return spellingPassages }})
	ans, err := a.Ask(t.Context(), Request{Question: "what was the north korean envoy resonding to"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Refused || !strings.Contains(ans.Text, "responded to the accusations") {
		t.Errorf("answer %q (%s); want the envoy's response", ans.Text, ans.Reason)
	}
	if ans.Reason.Variants["resonding"] != "responding" {
		t.Errorf("reason variants %v; want resonding read as responding", ans.Reason.Variants)
	}
}
