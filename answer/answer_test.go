package answer

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/prompts"
	"github.com/newsbot/newsbot/retrieval"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Hand-built passages: three outlets reporting troop numbers differently.
var (
	pYonhap = corpus.Passage{ID: "yonhap#0", ArticleID: "yonhap", Title: "N. Korea dismisses reports", Outlet: "Yonhap",
		Published: day("2024-10-22"), URL: "https://example.org/yonhap",
		Text: "South Korea's spy agency last week said the North had decided to send around 12,000 troops to Russia. On Monday, the Kremlin declined to confirm the reports."}
	pKyiv = corpus.Passage{ID: "kyiv#0", ArticleID: "kyiv", Title: "Envoy warns of troops", Outlet: "Kyiv Daily",
		Published: day("2024-10-21"), URL: "https://example.org/kyiv",
		Text: "The Ukrainian envoy said Pyongyang plans to send 11,000 regular troops to help Russia. He spoke at the UN First Committee."}
	pAP = corpus.Passage{ID: "ap#0", ArticleID: "ap", Title: "Zelenskyy on troops", Outlet: "AP",
		Published: day("2024-10-20"), URL: "https://example.org/ap",
		Text: "Ukrainian president Volodymyr Zelenskyy said 10,000 soldiers were being prepared. The first 1,500 soldiers were sent to Vladivostok for training."}
	pWeather = corpus.Passage{ID: "wx#0", ArticleID: "wx", Title: "Harbour weather", Outlet: "Harbour Gazette",
		Published: day("2024-05-14"), Text: "The tram line extension was approved by the city council after a long debate about costs."}
	allPassages = []corpus.Passage{pAP, pKyiv, pYonhap, pWeather}
)

// fakeSearch returns fixed hits for every query and records the queries.
type fakeSearch struct {
	mu      sync.Mutex
	hits    []retrieval.Hit
	err     error
	queries []string
}

func (f *fakeSearch) Search(_ context.Context, q string, k int) ([]retrieval.Hit, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queries = append(f.queries, q)
	if f.err != nil {
		return nil, f.err
	}
	return f.hits[:min(k, len(f.hits))], nil
}

func (f *fakeSearch) Passages() []corpus.Passage { return allPassages }

func hitsOf(ps ...corpus.Passage) []retrieval.Hit {
	hs := make([]retrieval.Hit, len(ps))
	for i, p := range ps {
		hs[i] = retrieval.Hit{Passage: p, Score: 1 / float64(i+1)}
	}
	return hs
}

// fakeModel is a ChatModel that answers with reply and records every request.
type fakeModel struct {
	mu    sync.Mutex
	reply func(req ChatRequest) ([]string, error)
	reqs  []ChatRequest
}

func (m *fakeModel) Stream(ctx context.Context, req ChatRequest, fn func(string) error) error {
	m.mu.Lock()
	m.reqs = append(m.reqs, req)
	m.mu.Unlock()
	deltas, err := m.reply(req)
	for _, d := range deltas {
		if err := fn(d); err != nil {
			return err
		}
	}
	if req.OnUsage != nil {
		req.OnUsage(Usage{PromptTokens: 100, CompletionTokens: 10})
	}
	return err
}

func (m *fakeModel) Name() string { return "fake-model" }

func (m *fakeModel) calls() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.reqs)
}

func says(deltas ...string) *fakeModel {
	return &fakeModel{reply: func(ChatRequest) ([]string, error) { return deltas, nil }}
}

func TestAskLLMCitations(t *testing.T) {
	s := &fakeSearch{hits: hitsOf(pYonhap, pKyiv, pAP)}
	// The model cites [7] (never given), uses [3] before [1], and leaves one claim uncited.
	m := says("South Korea's spy agency said the North would send 12,000 troops [3][7]",
		". The Ukrainian envoy said 11,000 regular troops [2]. China sent 5,000 advisers [1]. ",
		"The figures differ between sources.")
	a := New(s, m, Options{TopK: 3})
	var streamed strings.Builder
	ans, err := a.Ask(t.Context(), Request{Question: "How many troops is North Korea sending?", OnDelta: func(d string) error {
		streamed.WriteString(d)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	wantText := "South Korea's spy agency said the North would send 12,000 troops [1]. The Ukrainian envoy said 11,000 regular troops [2]. China sent 5,000 advisers [3]. The figures differ between sources."
	if ans.Text != wantText {
		t.Errorf("Text = %q\nwant   %q", ans.Text, wantText)
	}
	if tidy(streamed.String()) != ans.Text {
		t.Errorf("streamed %q differs from final %q", streamed.String(), ans.Text)
	}
	if ans.Mode != ModeLLM || ans.Model != "fake-model" || ans.PromptVersion != prompts.Version(prompts.NameAnswer) {
		t.Errorf("mode/model/version = %s/%s/%s", ans.Mode, ans.Model, ans.PromptVersion)
	}
	wantIDs := []string{pAP.ID, pKyiv.ID, pYonhap.ID} // [3]->1, [2]->2, [1]->3
	for i, c := range ans.Citations {
		if c.N != i+1 || c.Hit.Passage.ID != wantIDs[i] {
			t.Errorf("citation %d = [%d] %s; want [%d] %s", i, c.N, c.Hit.Passage.ID, i+1, wantIDs[i])
		}
	}
	if len(ans.Citations) != 3 {
		t.Fatalf("%d citations; want 3", len(ans.Citations))
	}
	// Claim 1 is in the AP passage? No: 12,000 is Yonhap's figure, so [1] (AP) does not support it.
	if ans.Citations[0].Verified {
		t.Errorf("[1] (AP, 10,000) verified for a 12,000 claim")
	}
	if !ans.Citations[1].Verified || !strings.Contains(ans.Citations[1].Sentence, "11,000") {
		t.Errorf("[2] = %+v; want verified with the 11,000 sentence", ans.Citations[1])
	}
	if ans.Citations[2].Verified {
		t.Errorf("[3] verified for a claim about China its passage never makes")
	}
	wantUnsupported := []string{
		"South Korea's spy agency said the North would send 12,000 troops.",
		"China sent 5,000 advisers.",
		"The figures differ between sources.",
	}
	if !slices.Equal(ans.Unsupported, wantUnsupported) {
		t.Errorf("Unsupported = %q\nwant %q", ans.Unsupported, wantUnsupported)
	}
	if ans.TokensIn != 100 || ans.TokensOut != 10 {
		t.Errorf("tokens = %d/%d", ans.TokensIn, ans.TokensOut)
	}
	out := JSON(ans)
	checkJSON(t, out)
}

// checkJSON asserts the promise of docs/INTERFACE.md: every [n] has its entry
// and no entry is uncited.
func checkJSON(t *testing.T, out Output) {
	t.Helper()
	used := markers(out.Answer)
	have := map[int]bool{}
	for _, c := range out.Citations {
		have[c.N] = true
		if !slices.Contains(used, c.N) {
			t.Errorf("citation [%d] is not cited in %q", c.N, out.Answer)
		}
		if c.ChunkID == "" || c.Text == "" || c.ArticleID == "" {
			t.Errorf("citation [%d] incomplete: %+v", c.N, c)
		}
	}
	for _, n := range used {
		if !have[n] {
			t.Errorf("[%d] in answer has no citation", n)
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(b, &m)
	for _, k := range []string{"question", "answer", "refused", "mode", "citations"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, b)
		}
	}
	// The interface's five keys, and the reason beside refused when the
	// answer was decided (not for a hand-built Answer).
	want := 5
	if out.Reason != nil {
		want = 6
		if r, ok := m["reason"].(map[string]any); !ok || r["verdict"] == "" || r["code"] == "" {
			t.Errorf("JSON reason lacks verdict or code: %s", b)
		}
	}
	if len(m) != want {
		t.Errorf("JSON has %d keys; want exactly %d: %s", len(m), want, b)
	}
}

func TestJSONShape(t *testing.T) {
	ans := &Answer{Question: "q", Text: "A [1]. B [2]. C [4].", Mode: ModeLLM, Citations: []Citation{
		{N: 1, Hit: retrieval.Hit{Passage: pYonhap}}, {N: 2, Hit: retrieval.Hit{Passage: pKyiv}}, {N: 3, Hit: retrieval.Hit{Passage: pAP}},
	}}
	out := JSON(ans)
	checkJSON(t, out)
	if out.Answer != "A [1]. B [2]. C ." || len(out.Citations) != 2 {
		t.Errorf("JSON = %+v", out)
	}
	if c := out.Citations[0]; c.Published != "2024-10-22" || c.URL != pYonhap.URL || c.Outlet != "Yonhap" || c.ChunkID != "yonhap#0" {
		t.Errorf("citation = %+v", c)
	}
	refused := JSON(&Answer{Question: "q", Text: NoAnswer, Refused: true, Mode: ModeExtractive})
	b, _ := json.Marshal(refused)
	if !strings.Contains(string(b), `"citations":[]`) {
		t.Errorf("refusal JSON %s; want an empty citations array", b)
	}
}

func TestAskRefusals(t *testing.T) {
	for _, tt := range []struct {
		name  string
		hits  []retrieval.Hit
		model ChatModel
	}{
		{"no hits, extractive", nil, nil},
		{"no hits, llm", nil, says("should not be asked")},
		{"model says no", hitsOf(pYonhap), says("The coverage ", "does not say.")},
		{"model says no, other words", hitsOf(pYonhap), says("The passages do not mention which general commands them.")},
		{"model says no, with a bogus marker", hitsOf(pYonhap), says("The coverage does not say [4].")},
		{"model says no, with a valid marker", hitsOf(pYonhap), says("The passages do not say who commands them [1].")},
		{"model says nothing", hitsOf(pYonhap), says()},
		{"extractive, unrelated passage", hitsOf(pWeather), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := New(&fakeSearch{hits: tt.hits}, tt.model, Options{})
			ans, err := a.Ask(t.Context(), Request{Question: "Which North Korean general commands the troops?"})
			if err != nil {
				t.Fatal(err)
			}
			if !ans.Refused || len(ans.Citations) != 0 || len(ans.Unsupported) != 0 {
				t.Errorf("answer = %+v; want a refusal without citations", ans)
			}
			if tt.hits == nil && ans.Text != NoAnswer {
				t.Errorf("Text = %q; want %q", ans.Text, NoAnswer)
			}
			if fm, ok := tt.model.(*fakeModel); ok && tt.hits == nil && fm.calls() != 0 {
				t.Errorf("model asked %d times with no passages", fm.calls())
			}
			checkJSON(t, JSON(ans))
		})
	}
	// A partial answer that says what the coverage lacks is not a refusal.
	a := New(&fakeSearch{hits: hitsOf(pYonhap)}, says("The spy agency said 12,000 troops [1]. The coverage does not say who commands them."), Options{})
	ans, err := a.Ask(t.Context(), Request{Question: "How many troops and who commands them?"})
	if err != nil || ans.Refused || len(ans.Unsupported) != 0 || len(ans.Citations) != 1 || !ans.Citations[0].Verified {
		t.Errorf("partial answer = %+v, %v; want answered, verified, nothing unsupported", ans, err)
	}
}

func TestAskExtractive(t *testing.T) {
	s := &fakeSearch{hits: hitsOf(pKyiv, pYonhap, pAP)}
	a := New(s, nil, Options{})
	var deltas []string
	ans, err := a.Ask(t.Context(), Request{Question: "How many troops did South Korea's spy agency say the North would send?",
		OnDelta: func(d string) error { deltas = append(deltas, d); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Refused || ans.Mode != ModeExtractive || ans.Model != "" || ans.PromptVersion != ExtractiveVersion {
		t.Fatalf("answer = %+v", ans)
	}
	if !strings.HasPrefix(ans.Text, "South Korea's spy agency last week said the North had decided to send around 12,000 troops to Russia. [1]") {
		t.Errorf("Text = %q; want the spy agency sentence first", ans.Text)
	}
	if len(deltas) != 1 || deltas[0] != ans.Text {
		t.Errorf("OnDelta got %q; want the whole text once", deltas)
	}
	// Every quoted sentence is verbatim in its cited passage.
	for _, c := range splitClaims(ans.Text) {
		for _, n := range c.Cites {
			if !strings.Contains(ans.Citations[n-1].Hit.Passage.Text, c.Plain) {
				t.Errorf("%q is not verbatim in [%d]", c.Plain, n)
			}
		}
	}
	checkJSON(t, JSON(ans))
}

func TestAskFallback(t *testing.T) {
	s := &fakeSearch{hits: hitsOf(pYonhap, pKyiv)}
	fail := &fakeModel{reply: func(ChatRequest) ([]string, error) {
		return []string{"South Korea's"}, &ModelError{Host: "llm.example", Status: 503, Err: errors.New("overloaded")}
	}}
	ans, err := New(s, fail, Options{}).Ask(t.Context(), Request{Question: "What did the Kremlin say about the reports?"})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Mode != ModeExtractive || ans.Fallback != "status 503 from llm.example" || ans.Model != "" {
		t.Errorf("mode/fallback/model = %s/%q/%q", ans.Mode, ans.Fallback, ans.Model)
	}
	if !strings.Contains(ans.Text, "Kremlin declined to confirm") {
		t.Errorf("fallback text = %q", ans.Text)
	}
	_, err = New(s, fail, Options{NoFallback: true}).Ask(t.Context(), Request{Question: "What did the Kremlin say?"})
	if me, ok := errors.AsType[*ModelError](err); !ok || me.Status != 503 {
		t.Errorf("NoFallback err = %v; want the 503 ModelError", err)
	}
	// Search failure is an error, not a refusal.
	_, err = New(&fakeSearch{err: errors.New("index closed")}, nil, Options{}).Ask(t.Context(), Request{Question: "x y z"})
	if err == nil || !strings.Contains(err.Error(), "index closed") {
		t.Errorf("search failure err = %v", err)
	}
	if _, err := New(s, nil, Options{}).Ask(t.Context(), Request{Question: "  ?! "}); !errors.Is(err, ErrEmptyQuestion) {
		t.Errorf("empty question err = %v", err)
	}
}

// TestAskFaultsEndInTime runs every model fault against the real OpenAI
// client on a fake clock: each ends in the marked fallback (or, with
// NoFallback, a clear error) within the caller's deadline.
func TestAskFaultsEndInTime(t *testing.T) {
	for _, behaviour := range []string{"429", "500", "502html", "cut", "malformed", "hang", "midError"} {
		t.Run(behaviour, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				f := fakeChat(t, []string{"The Kremlin ", "declined ", "to confirm [1]."}, behaviour)
				m := NewOpenAI(OpenAIOptions{BaseURL: "http://llm.invalid/v1", APIKey: testKey, Timeout: 20 * time.Second,
					HTTPClient: f.Client()})
				s := &fakeSearch{hits: hitsOf(pYonhap)}
				ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
				defer cancel()
				start := time.Now()
				ans, err := New(s, m, Options{}).Ask(ctx, Request{Question: "What did the Kremlin say about the reports?"})
				if err != nil {
					t.Fatalf("Ask: %v", err)
				}
				if ans.Mode != ModeExtractive || ans.Fallback == "" || !strings.Contains(ans.Fallback, "llm.invalid") {
					t.Errorf("mode %s fallback %q; want extractive with a reason naming the host", ans.Mode, ans.Fallback)
				}
				if time.Since(start) > 30*time.Second {
					t.Errorf("took %v, past the deadline", time.Since(start))
				}
				_, err = New(s, m, Options{NoFallback: true}).Ask(ctx, Request{Question: "What did the Kremlin say?"})
				if _, ok := errors.AsType[*ModelError](err); !ok {
					t.Errorf("NoFallback err = %v; want a ModelError", err)
				}
			})
		})
	}
}
