package answer

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestProcessCitations(t *testing.T) {
	for _, tt := range []struct {
		name  string
		in    string
		k     int
		want  string
		order []int
	}{
		{"single", "A said x [1].", 3, "A said x [1].", []int{1}},
		{"renumber by first use", "X [3]. Y [1]. Z [3].", 3, "X [1]. Y [2]. Z [1].", []int{3, 1}},
		{"out of range dropped", "X [7]. Y [2].", 3, "X . Y [1].", []int{2}},
		{"comma list", "X [1, 3].", 3, "X [1][2].", []int{1, 3}},
		{"semicolon list", "X [3; 1].", 3, "X [1][2].", []int{3, 1}},
		{"adjacent", "X [2][3].", 3, "X [1][2].", []int{2, 3}},
		{"range", "X [1-3].", 3, "X [1][2][3].", []int{1, 2, 3}},
		{"range past k", "X [2-9].", 3, "X [1][2].", []int{2, 3}},
		{"mixed valid and invalid", "X [2, 7].", 3, "X [1].", []int{2}},
		{"repeat in group", "X [2, 2].", 3, "X [1].", []int{2}},
		{"zero", "X [0].", 3, "X .", nil},
		{"not a marker", "[Caption] a photo", 3, "[Caption] a photo", nil},
		{"unclosed", "X [2", 3, "X (2", nil},
		{"nested trick", "[1[9]]", 1, "(1]", nil},
		{"spaces inside", "X [ 2 ].", 3, "X [1].", []int{2}},
		{"huge number", "X [99999999].", 3, "X .", nil},
		// Models read the passages' numbers as names.
		{"labelled", "X [Passage 2].", 3, "X [1].", []int{2}},
		{"labelled list", "X [passages 3, 1].", 3, "X [1][2].", []int{3, 1}},
		{"each labelled", "X [Passage 1, Passage 3].", 3, "X [1][2].", []int{1, 3}},
		{"source label", "X [Source 3][source 2].", 3, "X [1][2].", []int{3, 2}},
		{"label out of range", "X [Passage 9].", 3, "X .", nil},
		{"label without number", "see [Passage] here", 3, "see [Passage] here", nil},
		{"other word", "[Sourced 1] x", 3, "[Sourced 1] x", nil},
		{"label then unclosed", "X [Passage 2", 3, "X (Passage 2", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, order := processCitations(tt.in, tt.k)
			if got != tt.want || !slices.Equal(order, tt.order) {
				t.Errorf("processCitations(%q, %d) = %q, %v; want %q, %v", tt.in, tt.k, got, order, tt.want, tt.order)
			}
		})
	}
}

func TestTidy(t *testing.T) {
	if got := tidy("X . Y  [1] ,z"); got != "X. Y [1],z" {
		t.Errorf("tidy = %q", got)
	}
}

func TestSplitClaims(t *testing.T) {
	text := `South Korea's spy agency said 12,000 troops [1]. Ukraine's envoy said 11,000 [2][3]. The U.S. has not confirmed it.
- A bullet without a citation
Disagreements:`
	got := splitClaims(text)
	want := []struct {
		plain string
		cites []int
	}{
		{"South Korea's spy agency said 12,000 troops.", []int{1}},
		{"Ukraine's envoy said 11,000.", []int{2, 3}},
		{"The U.S. has not confirmed it.", nil},
		{"- A bullet without a citation", nil},
		{"Disagreements:", nil},
	}
	if len(got) != len(want) {
		t.Fatalf("splitClaims gave %d claims: %+v", len(got), got)
	}
	for i, w := range want {
		if got[i].Plain != w.plain || !slices.Equal(got[i].Cites, w.cites) {
			t.Errorf("claim %d = %q %v; want %q %v", i, got[i].Plain, got[i].Cites, w.plain, w.cites)
		}
	}
}

// anyMarker matches anything a reader would take for a citation marker.
var anyMarker = regexp.MustCompile(`(?i)\[\s*(?:(?:passages?|sources?)\s*)?(\d+)\s*(?:[,;-]\s*(?:(?:passages?|sources?)\s*)?\d+\s*)*\]`)

// FuzzCitations: whatever the model writes and however the stream is cut,
// every marker left in the output is a single [n] with 1 <= n <= the number
// of distinct passages cited, numbered densely by first use, each maps to a
// given passage, and cutting the stream differently changes nothing.
func FuzzCitations(f *testing.F) {
	for _, s := range []string{
		"X [1]. Y [7]. Z [2, 3].", "[1-3] and [3-1]", "[[2]]", "[1[9]]", "a [ 2 ; 1 ] b", "[Caption] [12]", "[", "]]][[[", "[1,,2]",
		"claim [2][2][1]", "[0001]", "[1-99999]", "X [Passage 2]. Y [passages 1, 3]", "[[Source 1]]", "[Passage [2]]", "[Pass 1]",
	} {
		f.Add(s, 3, 5)
	}
	f.Fuzz(func(t *testing.T, text string, k, cut int) {
		if k < 0 || k > 50 || !utf8.ValidString(text) {
			return
		}
		out, order := processCitations(text, k)
		for _, n := range order {
			if n < 1 || n > k {
				t.Fatalf("order holds %d, not a given passage (k=%d)", n, k)
			}
		}
		if len(uniq(intsToStrings(order))) != len(order) {
			t.Fatalf("order repeats: %v", order)
		}
		next := 1
		for _, m := range anyMarker.FindAllStringSubmatch(out, -1) {
			if !markerRE.MatchString(m[0]) || m[0] != "["+m[1]+"]" {
				t.Fatalf("output %q holds a marker %q that is not a checked [n]", out, m[0])
			}
			n, _ := strconv.Atoi(m[1])
			if n < 1 || n > len(order) {
				t.Fatalf("output %q holds [%d] but only %d passages were cited", out, n, len(order))
			}
			if n > next {
				t.Fatalf("output %q: [%d] before [%d] was used", out, n, next)
			}
			if n == next {
				next++
			}
		}
		// Streaming in two pieces gives the same output.
		if cut < 0 {
			cut = -cut
		}
		cut %= len(text) + 1
		c := newCiter(k)
		streamed := c.write(text[:cut]) + c.write(text[cut:]) + c.flush()
		if streamed != out {
			t.Fatalf("streamed %q != whole %q (cut %d)", streamed, out, cut)
		}
		if strings.Count(out, "[") > strings.Count(text, "[")+strings.Count(text, "-")*50+strings.Count(text, ",")+strings.Count(text, ";")+1 {
			t.Fatalf("output grew markers out of nothing: %q -> %q", text, out)
		}
	})
}

func intsToStrings(ns []int) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = strconv.Itoa(n)
	}
	return out
}

// TestLabelledMarkersKept: a model that cites "[Passage 1]", as small
// local models do, keeps its citations and its answer.
func TestLabelledMarkersKept(t *testing.T) {
	a := New(&fakeSearch{hits: hitsOf(pKyiv, pYonhap)}, says("The Ukrainian envoy said Pyongyang plans to send 11,000 regular troops [Passage 1]."), Options{ModelName: "fake-model"})
	ans, err := a.Ask(t.Context(), Request{Question: "how many troops did the ukrainian envoy say pyongyang plans to send"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode != ModeLLM || ans.Refused || len(ans.Citations) != 1 || !strings.HasSuffix(ans.Text, "troops [1].") {
		t.Errorf("mode %s refused %v citations %d text %q; want the model's answer citing [1]", ans.Mode, ans.Refused, len(ans.Citations), ans.Text)
	}
}
