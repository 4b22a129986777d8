package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// chatTyped rewrites question q, the i-th of its set, the way people type
// in a chat channel: a greeting or "i was wondering" before it, thanks or
// "lol" after it, no question mark, and every other question in lower case
// without apostrophes.
func chatTyped(q string, i int) string {
	pre := []string{"hey ", "quick q: ", "anyone know ", "ok so ", "hi bot, ", "yo, ", "can someone tell me ", "pls tell me ", "i was wondering ", "question: "}
	suf := []string{"", " pls", " thx", "??", " lol", " ?"}
	q = strings.TrimRight(strings.TrimSpace(q), "?")
	if i%2 == 1 {
		q = strings.NewReplacer("'", "", "’", "").Replace(strings.ToLower(q))
	} else if q != "" {
		q = strings.ToLower(q[:1]) + q[1:]
	}
	return pre[i%len(pre)] + q + suf[i%len(suf)]
}

// TestEvalChatTyped runs dev2 and reuters-acq again with every question
// typed as chat types it (chatTyped) and holds them to the bars of
// TestEvalOfflineBars: a greeting, a "lol" or a lower-cased name must not
// turn a yes/no question into anything else or lose its answer. Measured
// before the preamble and apostrophe rules: dev2 0.700 evidence recall,
// reuters-acq 0.583 refusal accuracy; after them dev2 0.800 / 0.775 /
// 0.950 and reuters-acq its plain 0.893 / 0.857 / 0.917.
func TestEvalChatTyped(t *testing.T) {
	evalTyped(t, "chat-typed", chatTyped, offlineBars()[:2])
}

// evalTyped runs dev2 and reuters-acq with every question retyped by
// typer and holds them to bars (one for each set).
func evalTyped(t *testing.T, label string, typer func(string, int) string, bars []offlineBar) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs two question sets through the app")
	}
	for i, tt := range offlineBars()[:2] {
		t.Run(filepath.Base(tt.set), func(t *testing.T) {
			typed := filepath.Join(t.TempDir(), filepath.Base(tt.set))
			writeTyped(t, tt.set, typed, typer)
			rep := evalOffline(t, typed, tt.corpus)
			t.Logf("%s: evidence recall %s, answer hits %s, refusal accuracy %s", label, rep.EvidenceRecall, rep.AnswerHitRate, rep.RefusalAccuracy)
			b := bars[i]
			if rep.EvidenceRecall.Rate < b.evidence || rep.AnswerHitRate.Rate < b.hit || rep.RefusalAccuracy.Rate < b.refuse {
				t.Errorf("%s: evidence recall %s, answer hits %s, refusal accuracy %s; want >= %.2f, %.2f, %.2f",
					label, rep.EvidenceRecall, rep.AnswerHitRate, rep.RefusalAccuracy, b.evidence, b.hit, b.refuse)
			}
		})
	}
}

// writeTyped copies question set src to dst with each question retyped
// by typer (the question, its index).
func writeTyped(t *testing.T, src, dst string, typer func(string, int) string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var b strings.Builder
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for i := 0; sc.Scan(); {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var q map[string]any
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		q["question"] = typer(q["question"].(string), i)
		out, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(out)
		b.WriteByte('\n')
		i++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// misTyped rewrites question q, the i-th of its set, in lower case with
// one word of five letters or more (not the first) typed one letter wrong:
// a letter dropped in even questions, two letters swapped in odd ones, at
// a place that moves with i. A question without such a word is only
// lower-cased.
func misTyped(q string, i int) string {
	ws := strings.Fields(strings.ToLower(strings.TrimRight(strings.TrimSpace(q), "?")))
	var cand []int
	for j, w := range ws {
		if j > 0 && len(w) >= 5 && strings.IndexFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) < 0 {
			cand = append(cand, j)
		}
	}
	if len(cand) == 0 {
		return strings.Join(ws, " ")
	}
	j := cand[i%len(cand)]
	w := []byte(ws[j])
	k := 1 + i%(len(w)-3)
	if i%2 == 1 {
		w[k], w[k+1] = w[k+1], w[k]
	} else {
		w = append(w[:k], w[k+1:]...)
	}
	ws[j] = string(w)
	return strings.Join(ws, " ")
}

// TestEvalMisTyped runs dev2 and reuters-acq again with one word of every
// question typed one letter wrong (misTyped). Measured without respell
// (answer/spelling.go): dev2 0.500 evidence recall, 0.500 answer hits,
// 0.950 refusal accuracy; reuters-acq 0.821, 0.786, 0.833. With it: dev2
// 0.700, 0.700, 1.000; reuters-acq 0.893, 0.857, 0.917 (as typed right).
// After the round after de683f1 (five-letter slips, names by their
// consonants): dev2 0.775, 0.775, 1.000.
func TestEvalMisTyped(t *testing.T) {
	evalTyped(t, "mis-typed", misTyped, misTypedBars())
}

// misTypedBars are TestEvalMisTyped's bars for dev2 and reuters-acq.
func misTypedBars() []offlineBar {
	return []offlineBar{
		{evidence: 0.70, hit: 0.70, refuse: 0.90},
		{evidence: 0.85, hit: 0.80, refuse: 0.90},
	}
}

// TestRetyped checks the two ways the eval tests retype a question.
func TestRetyped(t *testing.T) {
	const q = "Did the Japan Fund board accept Sterling Grace's offer?"
	for _, tt := range []struct {
		name  string
		typer func(string, int) string
		q     string
		i     int
		want  string
	}{
		{"chatTyped", chatTyped, q, 0, "hey did the Japan Fund board accept Sterling Grace's offer"},
		{"chatTyped", chatTyped, q, 1, "quick q: did the japan fund board accept sterling graces offer pls"},
		{"misTyped", misTyped, q, 0, "did the jpan fund board accept sterling grace's offer"},
		{"misTyped", misTyped, q, 1, "did the japan fund borad accept sterling grace's offer"},
		{"misTyped", misTyped, "Who is Hwang?", 3, "who is hwnag"},
		{"misTyped", misTyped, "Who is he?", 2, "who is he"},
	} {
		if got := tt.typer(tt.q, tt.i); got != tt.want {
			t.Errorf("%s(%q, %d) = %q; want %q", tt.name, tt.q, tt.i, got, tt.want)
		}
	}
}
