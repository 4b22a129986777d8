package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/newsbot/newsbot/internal/golden"

	"github.com/bwmarrin/discordgo"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/corpus"
)

func TestSplit(t *testing.T) {
	for _, tt := range []struct {
		name  string
		in    string
		limit int
		want  []string
	}{
		{"short", "Hello there.", 20, []string{"Hello there."}},
		{"blank", "  \n ", 10, nil},
		{"paragraph first", "First paragraph here.\n\nSecond one.", 30, []string{"First paragraph here.", "Second one."}},
		{"sentence", "One two three. Four five six.", 20, []string{"One two three.", "Four five six."}},
		{"space", "aaaa bbbb cccc", 10, []string{"aaaa bbbb", "cccc"}},
		{"hard cut", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"runes not bytes", "ééééé ééééé", 5, []string{"ééééé", "ééééé"}},
		{"marker kept whole", "x[12]", 3, []string{"x", "[12", "]"}},
		{"marker kept with space", "word [12] more", 8, []string{"word", "[12]", "more"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := split(tt.in, tt.limit)
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Errorf("split(%q, %d) = %q; want %q", tt.in, tt.limit, got, tt.want)
			}
		})
	}
}

func FuzzSplit(f *testing.F) {
	f.Add("Ferry crews struck [1]. The operator said 12,000 [2].\n\nMore.", 10)
	f.Add(strings.Repeat("é word [3] ", 500), 2000)
	f.Add("\x00\xff\xfe broken utf8", 3)
	f.Fuzz(func(t *testing.T, text string, limit int) {
		if limit < 1 || limit > 5000 {
			return
		}
		parts := split(text, limit)
		squash := func(s string) string { return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), "") }
		if got, want := squash(strings.Join(parts, "")), squash(text); got != want {
			t.Fatalf("split lost or added text: %q -> %q", text, parts)
		}
		for _, p := range parts {
			if utf8.RuneCountInString(p) > limit {
				t.Fatalf("part of %d runes > limit %d", utf8.RuneCountInString(p), limit)
			}
			if strings.TrimSpace(p) == "" {
				t.Fatalf("blank part in %q", parts)
			}
			if utf8.ValidString(text) && !utf8.ValidString(p) {
				t.Fatalf("part cut inside a rune: %q", p)
			}
		}
	})
}

func TestNoMentionsMarshalsEmptyList(t *testing.T) {
	b, err := json.Marshal(message{Content: "@everyone"}.send(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"allowed_mentions":{"parse":[],"replied_user":false}`) {
		t.Errorf("allowed_mentions not an explicit empty list: %s", b)
	}
}

// bigAnswer cites n passages and has text of textLen characters; long
// makes titles and outlets longer than Discord allows.
func bigAnswer(n, textLen, passageLen int, long bool) *answer.Answer {
	title, outlet := "Title", "Outlet"
	if long {
		title, outlet = strings.Repeat("T", 400), strings.Repeat("O", 3000)
	}
	a := &answer.Answer{Mode: answer.ModeLLM, Text: strings.Repeat("Lorem ipsum dolor [1] sit amet. ", textLen/32+1)[:textLen]}
	for i := range n {
		p := corpus.Passage{ID: fmt.Sprint("a#", i), ArticleID: "a", Title: title,
			Outlet: outlet, URL: "https://example.org/" + fmt.Sprint(i),
			Text: strings.Repeat("passage text ", passageLen/13+1)}
		a.Citations = append(a.Citations, answer.Citation{N: i + 1, Hit: hit(p, 0.1)})
		a.Hits = append(a.Hits, hit(p, 0.1))
	}
	return a
}

func TestRenderRespectsEveryLimit(t *testing.T) {
	for _, tt := range []struct {
		name                     string
		citations, text, passage int
		long                     bool
		wantMsgs                 int
	}{
		{"small", 2, 100, 100, false, 1},
		{"content over 2000", 1, 4500, 50, false, 3},
		{"more than 10 embeds", 23, 100, 100, false, 3},
		{"embeds over 6000 together", 10, 100, 5000, true, 0},
		{"everything", 40, 9000, 9000, true, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			msgs := renderAnswer(bigAnswer(tt.citations, tt.text, tt.passage, tt.long), "ans1")
			if tt.wantMsgs > 0 && len(msgs) != tt.wantMsgs {
				t.Errorf("%d messages; want %d", len(msgs), tt.wantMsgs)
			}
			embeds := 0
			for n, m := range msgs {
				if err := checkLimits(m); err != nil {
					t.Errorf("message %d: %v", n, err)
				}
				embeds += len(m.Embeds)
			}
			if embeds != tt.citations {
				t.Errorf("%d embeds in all; want one per citation (%d)", embeds, tt.citations)
			}
			if len(msgs[len(msgs)-1].Components) != 1 {
				t.Errorf("buttons not on the last message")
			}
		})
	}
}

func TestRenderPassagesRespectsLimits(t *testing.T) {
	a := bigAnswer(30, 100, 5000, true)
	rec := toRecord(&job{id: "x", kind: "ask", question: strings.Repeat("q", 3000)}, a, []string{"m"}, 0)
	for _, detailed := range []bool{false, true} {
		msgs := renderPassages(rec, detailed)
		for n, m := range msgs {
			if err := checkLimits(m); err != nil {
				t.Errorf("detailed=%v message %d: %v", detailed, n, err)
			}
		}
	}
}

func TestFitEmbed(t *testing.T) {
	e := fitEmbed(&discordgo.MessageEmbed{Title: strings.Repeat("t", 300), Description: strings.Repeat("d", 5000),
		Footer: &discordgo.MessageEmbedFooter{Text: strings.Repeat("f", 3000)}, Author: &discordgo.MessageEmbedAuthor{Name: strings.Repeat("a", 300)}})
	if err := checkLimits(message{Embeds: []*discordgo.MessageEmbed{e}}); err != nil {
		t.Error(err)
	}
}

func TestRenderAnswerGolden(t *testing.T) {
	for _, tt := range []struct {
		name string
		a    *answer.Answer
	}{
		{"llm", cannedAnswer("why did the ferries stop?")},
		{"extractive", func() *answer.Answer { a := cannedAnswer("q"); a.Mode, a.Model = answer.ModeExtractive, ""; return a }()},
		{"unsupported", func() *answer.Answer {
			a := cannedAnswer("q")
			a.Text += " Ferries will never run again."
			a.Unsupported = []string{"Ferries will never run again."}
			return a
		}()},
		{"refused", &answer.Answer{Refused: true, Mode: answer.ModeLLM, Text: "The coverage does not say."}},
		{"hostile", &answer.Answer{Mode: answer.ModeLLM, Text: "@everyone <@&123> <@456> hello [1]",
			Citations: []answer.Citation{{N: 1, Hit: hit(corpus.Passage{ID: "x#0", Title: "@here", URL: "javascript:alert(1)", Text: "<@789>"}, 1)}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out []any
			for _, m := range renderAnswer(tt.a, "ans1") {
				out = append(out, m.send(nil))
			}
			golden.Check(t, strings.ReplaceAll(t.Name(), "/", "_"), marshal(t, out))
		})
	}
}

func BenchmarkRenderAnswer(b *testing.B) {
	a := bigAnswer(12, 3000, 1200, false)
	for b.Loop() {
		renderAnswer(a, "ans1")
	}
}
