package main

import (
	"strings"
	"testing"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/retrieval"
)

// TestTextOutputPlainQuotes: the text output quotes cited sentences and
// titles with plain quotes, so a quotation inside them shows as the
// article prints it ("active belligerent"), never Go-escaped
// (\"active belligerent\"). JSON output stays JSON (TestAskJSONShape).
func TestTextOutputPlainQuotes(t *testing.T) {
	t.Run("ask", func(t *testing.T) {
		e, _ := offline(t)
		r := invoke(t, e, "ask", "Who is South Korea's ambassador to the UN?")
		if r.err != nil {
			t.Fatalf("ask: %v\n%s", r.err, r.stderr)
		}
		if strings.Contains(r.stdout, `\"`) || !strings.Contains(r.stdout, `"active belligerent"`) {
			t.Errorf("ask shows escaped quotes or lacks the plain quotation:\n%s", r.stdout)
		}
	})
	t.Run("printAnswer", func(t *testing.T) {
		p := corpus.Passage{ID: "a#0", ArticleID: "a", Title: `Kim calls reports "groundless rumors"`, Outlet: "KCNA",
			Text: `The reports are "groundless rumors", Kim said.`}
		ans := &answer.Answer{Text: `The reports are "groundless rumors" [1].`, Mode: answer.ModeLLM,
			Citations: []answer.Citation{{N: 1, Hit: retrieval.Hit{Passage: p}, Sentence: p.Text}}}
		var b strings.Builder
		if err := printAnswer(&b, ans, nil, ""); err != nil {
			t.Fatal(err)
		}
		want := "[1] KCNA, \"Kim calls reports \"groundless rumors\"\", undated\n" +
			"    \"The reports are \"groundless rumors\", Kim said.\"\n"
		if !strings.Contains(b.String(), want) {
			t.Errorf("printAnswer =\n%s\nwant it to contain\n%s", b.String(), want)
		}
	})
}
