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
	if testing.Short() {
		t.Skip("runs two question sets through the app")
	}
	for _, tt := range offlineBars()[:2] {
		t.Run(filepath.Base(tt.set), func(t *testing.T) {
			typed := filepath.Join(t.TempDir(), filepath.Base(tt.set))
			writeChatTyped(t, tt.set, typed)
			rep := evalOffline(t, typed, tt.corpus)
			t.Logf("chat-typed: evidence recall %s, answer hits %s, refusal accuracy %s", rep.EvidenceRecall, rep.AnswerHitRate, rep.RefusalAccuracy)
			if rep.EvidenceRecall.Rate < tt.evidence || rep.AnswerHitRate.Rate < tt.hit || rep.RefusalAccuracy.Rate < tt.refuse {
				t.Errorf("chat-typed: evidence recall %s, answer hits %s, refusal accuracy %s; want >= %.2f, %.2f, %.2f",
					rep.EvidenceRecall, rep.AnswerHitRate, rep.RefusalAccuracy, tt.evidence, tt.hit, tt.refuse)
			}
		})
	}
}

// writeChatTyped copies question set src to dst with each question
// chat-typed.
func writeChatTyped(t *testing.T, src, dst string) {
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
		q["question"] = chatTyped(q["question"].(string), i)
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

func TestChatTyped(t *testing.T) {
	for _, tt := range []struct {
		q    string
		i    int
		want string
	}{
		{"Did the Japan Fund board accept Sterling Grace's offer?", 0, "hey did the Japan Fund board accept Sterling Grace's offer"},
		{"Did the Japan Fund board accept Sterling Grace's offer?", 1, "quick q: did the japan fund board accept sterling graces offer pls"},
	} {
		if got := chatTyped(tt.q, tt.i); got != tt.want {
			t.Errorf("chatTyped(%q, %d) = %q; want %q", tt.q, tt.i, got, tt.want)
		}
	}
}
