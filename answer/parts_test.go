package answer

import (
	"strings"
	"testing"
)

func TestSplitParts(t *testing.T) {
	for _, tt := range []struct {
		q    string
		want []string // the parts' questions; nil for one question
	}{
		{"where and when did the envoy speak", []string{"where did the envoy speak", "when did the envoy speak"}},
		{"By how much did Indonesia devalue its currency, and when?", []string{"By how much did Indonesia devalue its currency", "when did Indonesia devalue its currency"}},
		{"Who took the photo of the man, and on what date?", []string{"Who took the photo of the man", "on what date took the photo of the man"}},
		{"who is hwang? what did he say about russia?", []string{"who is hwang?", "what did he say about russia? is hwang?"}},
		{"how many troops is north korea sending and who commands them", []string{"how many troops is north korea sending", "who commands them troops is north korea sending"}},
		{"what did russia and ukraine say", nil},
		{"how did nk and russia react", nil},
		{"what is the relationship between north korea and russia?", nil},
		{"who and what?", nil},
		// Two wh-words after the clause they share.
		{"afp says the meeting was held when and in what city", []string{"when afp says the meeting was held", "in what city afp says the meeting was held"}},
		// Two things set side by side, the question asked of each.
		{"toshin vs azuma steel - how many workers each", []string{"how many workers toshin?", "how many workers azuma steel?"}},
		{"how many workers, toshin versus azuma?", []string{"how many workers toshin?", "how many workers azuma?"}},
		{"ukraines number vs the number seoul gives?", nil},
	} {
		var got []string
		for _, p := range splitParts(tt.q) {
			got = append(got, p.question)
		}
		if strings.Join(got, " | ") != strings.Join(tt.want, " | ") {
			t.Errorf("splitParts(%q) = %q; want %q", tt.q, got, tt.want)
		}
	}
}

// TestMultiPartAnswer: each part of a question is judged on its own; a
// part the coverage does not answer is named, and the answer is partial.
func TestMultiPartAnswer(t *testing.T) {
	a := New(&fakeSearch{hits: hitsOf(pYonhap, pKyiv, pAP)}, nil, Options{})
	for _, tt := range []struct {
		q       string
		verdict string
		has     []string
	}{
		{"how many troops does the ukrainian envoy say pyongyang plans to send, and where did he speak?", VerdictAnswer,
			[]string{"11,000", "UN First Committee"}},
		{"how many troops does the ukrainian envoy say pyongyang plans to send, and how old are they?", VerdictPartial,
			[]string{"11,000", `On "how old are they`, "the coverage does not say."}},
		// Chat's "n" joins two questions as "and" does.
		{"how many troops does the ukrainian envoy say pyongyang plans to send n how old r they", VerdictPartial,
			[]string{"11,000", `On "how old are they`, "the coverage does not say."}},
	} {
		ans, err := a.Ask(t.Context(), Request{Question: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Refused || ans.Reason.Verdict != tt.verdict {
			t.Errorf("%q: refused %v, reason %s; want verdict %s", tt.q, ans.Refused, ans.Reason, tt.verdict)
		}
		for _, h := range tt.has {
			if !strings.Contains(ans.Text, h) {
				t.Errorf("%q: answer %q lacks %q", tt.q, ans.Text, h)
			}
		}
		for _, c := range ans.Citations {
			if !c.Verified || !strings.Contains(c.Hit.Passage.Text, c.Sentence) {
				t.Errorf("%q: citation %d not verified or not in its passage", tt.q, c.N)
			}
		}
	}
}
