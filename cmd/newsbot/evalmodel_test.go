package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/evaluate"
	"github.com/newsbot/newsbot/internal/fakeopenai"
)

// The bar TestEvalModelDev2 holds the app to, with the overlap model below.
// They are what the code achieved when the test was written (measured
// figures in the comments), less a question or two of margin, so the test
// passes now and catches a fall. Raise them as the answers improve; the
// test logs the measured figures and the table by question kind.
const (
	dev2MinContextRecall   = 0.925 // evidence in a passage retrieved (measured 0.975, 39/40, at 12 passages)
	dev2MinInPrompt        = 0.95  // evidence in the prompt that carried the question, or cited from metadata or a list (measured 0.975, 39/40); the bar
	dev2MinEvidenceRecall  = 0.425 // evidence in a cited passage (measured 0.450, 18/40; 0.475 before answers were held to the kind asked)
	dev2MinAnswerHit       = 0.40  // expected words in the answer (measured 0.425, 17/40)
	dev2MinRefusalAccuracy = 0.95  // unanswerable questions refused (measured 1.000, 20/20); the bar
	dev2MinMentionSafety   = 1.0   // no live mention where the set forbids one (measured 1.000, 2/2)
	dev2MinCitationIntact  = 1.0   // every [n] resolves, every citation is used (measured 1.000, 60/60)
)

// TestEvalModelDev2 runs `newsbot eval` on testdata/eval/dev2.jsonl with the
// real app wired to a chat model served on 127.0.0.1: the fake OpenAI
// server of openai_test.go for embeddings, and overlapModel for chat, which
// answers only from the passages in each prompt. It reports context recall
// (from the report and from the prompts the model received), answer hit
// rate, refusal accuracy and the figures by question kind, and holds them
// to the dev2Min constants.
func TestEvalModelDev2(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 60 questions through the app and a fake chat model")
	}
	setPath := filepath.Join("..", "..", "testdata", "eval", "dev2.jsonl")
	rep, inPrompt, answerable, prompts := evalWithModel(t, setPath, "")

	var text bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	t.Logf("dev2 with the overlap model: %d chat requests; context recall %s (in the prompts the model received: %d/%d), "+
		"evidence recall %s, answer hit %s, refusal accuracy %s, answerable refused %d, mass-mention safety %s, citation integrity %s\n%s",
		len(prompts), rep.ContextRecall, inPrompt, answerable, rep.EvidenceRecall, rep.AnswerHitRate, rep.RefusalAccuracy,
		rep.AnswerableRefused, rep.MassMentionSafety, rep.CitationIntegrity, text.String())

	if rep.Errors > 0 {
		t.Errorf("%d questions failed", rep.Errors)
	}
	if got := float64(inPrompt) / float64(max(1, answerable)); got < dev2MinInPrompt {
		t.Errorf("evidence in the prompt for %d/%d answerable questions (%.3f); want >= %.2f", inPrompt, answerable, got, dev2MinInPrompt)
	}
	for _, res := range rep.Results {
		if res.Error == "" && res.Mode != "llm" && !listed(res.Reason) {
			t.Errorf("%s answered in mode %q; want llm (did the fake model fail?)", res.ID, res.Mode)
		}
	}
	for _, c := range []struct {
		name string
		got  evaluate.Ratio
		min  float64
	}{
		{"context recall", rep.ContextRecall, dev2MinContextRecall},
		{"evidence recall", rep.EvidenceRecall, dev2MinEvidenceRecall},
		{"answer hit rate", rep.AnswerHitRate, dev2MinAnswerHit},
		{"refusal accuracy", rep.RefusalAccuracy, dev2MinRefusalAccuracy},
		{"mass-mention safety", rep.MassMentionSafety, dev2MinMentionSafety},
		{"citation integrity", rep.CitationIntegrity, dev2MinCitationIntact},
	} {
		if c.got.Total == 0 || c.got.Rate < c.min {
			t.Errorf("%s = %s; want >= %.2f", c.name, c.got, c.min)
		}
	}
}

// TestEvalModelSet measures the model path on any question set, for
// figures beside TestEvalModelDev2's: NEWSBOT_EVALMODEL_SET names the set
// and NEWSBOT_EVALMODEL_CORPUS the corpus folder it is asked of (empty:
// the bundled coverage); NEWSBOT_EVALMODEL_REPORT, when set, is a file to
// write the report to as JSON. It logs the figures and holds them to no bar; it
// is skipped when the set is not named.
func TestEvalModelSet(t *testing.T) {
	setPath := os.Getenv("NEWSBOT_EVALMODEL_SET")
	if setPath == "" {
		t.Skip("NEWSBOT_EVALMODEL_SET names no question set")
	}
	rep, inPrompt, answerable, _ := evalWithModel(t, setPath, os.Getenv("NEWSBOT_EVALMODEL_CORPUS"))
	if out := os.Getenv("NEWSBOT_EVALMODEL_REPORT"); out != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(out, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%s with the overlap model: evidence in the prompt %d/%d, evidence recall %s, answer hit %s, refusal accuracy %s",
		setPath, inPrompt, answerable, rep.EvidenceRecall, rep.AnswerHitRate, rep.RefusalAccuracy)
}

// evalWithModel runs `newsbot eval` on the set at setPath, against corpus
// (empty: the bundled coverage), with the overlap model answering, and
// counts the answerable questions whose evidence reached the prompt that
// carried them (or was cited from metadata or a list).
func evalWithModel(t *testing.T, setPath, corpus string) (rep evaluate.Report, inPrompt, answerable int, prompts []string) {
	t.Helper()
	f := newFakeOpenAI(t)
	m := &overlapModel{t: t}
	f.ReplyFor = m.reply
	e := f.env(t.TempDir())
	if corpus != "" {
		e["NEWSBOT_CORPUS_DIR"] = corpus
	}

	r := invoke(t, e, "eval", "--json", setPath)
	if r.err != nil {
		t.Fatalf("eval: %v\n%s", r.err, r.stderr)
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}

	// Context recall as the model saw it: the evidence in the prompt that
	// carried the question.
	file, err := os.Open(setPath)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := evaluate.Read(file, setPath)
	file.Close()
	if err != nil {
		t.Fatal(err)
	}
	prompts = m.userPrompts()
	// A question about the coverage itself is answered from the articles'
	// metadata, and one on whom it names or quotes with a list, with no
	// prompt: its evidence reached the answer when the answer cites it.
	fromMetadata := map[string]bool{}
	reasons := map[string]string{}
	for _, res := range rep.Results {
		if listed(res.Reason) && res.EvidenceCited {
			fromMetadata[res.ID] = true
		}
		reasons[res.ID] = res.Reason
		if !res.Answerable && !res.Refused {
			t.Logf("unanswerable but answered: %s %s [%s] %.150s", res.ID, res.Question, res.Reason, res.Answer)
		}
	}
	for _, c := range cases {
		if !c.Answerable || len(c.EvidenceAny) == 0 {
			continue
		}
		answerable++
		if fromMetadata[c.ID] {
			inPrompt++
			continue
		}
		q, tail := evaluate.Normalize(c.Question), closingWords(c.Question)
		if !slices.ContainsFunc(prompts, func(p string) bool {
			np := evaluate.Normalize(p)
			m := questionRE.FindStringSubmatch(p)
			carried := strings.Contains(np, q) || m != nil && strings.Contains(closingWords(m[2]), tail)
			return carried && slices.ContainsFunc(c.EvidenceAny, func(ev string) bool {
				return strings.Contains(np, evaluate.Normalize(ev))
			})
		}) {
			t.Logf("evidence not in the prompt: %s %s [%s]", c.ID, c.Question, reasons[c.ID])
		} else {
			inPrompt++
		}
	}
	return rep, inPrompt, answerable, prompts
}

// closingWords returns the last three words of a question, letters and
// digits only, lower case: what identifies the prompt that carried it,
// though the app neutralises its mentions ("@everyone"), drops a preamble
// ("tell everyone in the server…") or spells out chat shorthand at its
// start.
func closingWords(q string) string {
	ws := strings.FieldsFunc(evaluate.Normalize(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(ws[max(0, len(ws)-3):], " ")
}

// listed reports whether an answer with reason code r was written without
// the model: from the articles' metadata, or a list of whom they name.
func listed(r string) bool { return r == answer.ReasonMetadata || r == answer.ReasonInventory }

// overlapModel is a chat model that answers only from the passages in the
// prompt it is given, with a word-overlap judge of its own: it takes the
// question and the numbered passages out of the user message, scores each
// passage sentence by the question's content words it shares (each word
// weighted by how rare it is among the prompt's sentences), and writes the
// best sentences verbatim with their [n] markers. When no sentence holds
// enough of the question it replies exactly "The coverage does not say.".
// A follow-up rewrite request gets the question back unchanged.
type overlapModel struct {
	t       *testing.T
	mu      sync.Mutex
	prompts []string // every user message received
}

// Judge settings: a sentence answers when it holds this share of the
// question's weighted content words; at most this many sentences are written.
const (
	overlapMinShare = 0.5
	overlapMaxSents = 2
)

const overlapNoAnswer = "The coverage does not say."

var (
	passageRE  = regexp.MustCompile(`(?s)<passage n="(\d+)"[^>]*>\n(.*?)\n</passage>`)
	questionRE = regexp.MustCompile(`(?s)<(question|topic)>\n(.*?)\n</(?:question|topic)>`)
)

func (m *overlapModel) userPrompts() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.prompts)
}

// reply answers one chat request from the passages in its prompt, in
// pieces of 17 characters: markers split across pieces, as real streams do.
func (m *overlapModel) reply(r *fakeopenai.Request) []string {
	var user string
	for _, msg := range r.Messages {
		if msg.Role == "user" {
			user = msg.Content
		}
	}
	m.mu.Lock()
	m.prompts = append(m.prompts, user)
	m.mu.Unlock()

	reply := overlapNoAnswer
	q := questionRE.FindStringSubmatch(user)
	switch {
	case q == nil:
		m.t.Errorf("chat request with no <question> or <topic>:\n%s", user)
	case strings.Contains(user, "<history>"):
		reply = q[2] // a rewrite: the model knows nothing the question does not say
	default:
		reply = overlapAnswer(q[2], passageRE.FindAllStringSubmatch(user, -1))
	}
	var pieces []string
	for piece := range slices.Chunk([]rune(reply), 17) {
		pieces = append(pieces, string(piece))
	}
	return pieces
}

// overlapAnswer writes the sentences of the passages that best share the
// question's content words, each with its passage's marker.
func overlapAnswer(question string, passages [][]string) string {
	type sentence struct {
		n     string
		text  string
		words map[string]bool
		order int
		score float64
	}
	var sents []sentence
	df := map[string]int{}
	for _, p := range passages {
		for _, s := range splitSentences(p[2]) {
			ws := contentWords(s)
			if len(ws) == 0 {
				continue
			}
			for w := range ws {
				df[w]++
			}
			sents = append(sents, sentence{n: p[1], text: s, words: ws, order: len(sents)})
		}
	}
	qw := contentWords(question)
	if len(qw) == 0 || len(sents) == 0 {
		return overlapNoAnswer
	}
	// A word that many sentences share says little. A word no sentence has
	// counts against the answer, but no more than a word only one sentence
	// has: it may be a paraphrase ("diplomat" for "ambassador").
	weight := func(w string) float64 { return math.Log((float64(len(sents)) + 1) / (float64(max(df[w], 1)) + 0.5)) }
	// The words in a fixed order: sums of floats taken in a map's order
	// differ in their last bit from run to run, and sentences that tie
	// would be picked by chance.
	words := slices.Sorted(maps.Keys(qw))
	var total float64
	for _, w := range words {
		total += weight(w)
	}
	for i := range sents {
		for _, w := range words {
			if sents[i].words[w] {
				sents[i].score += weight(w)
			}
		}
		sents[i].score /= total
	}
	sort.SliceStable(sents, func(i, j int) bool { return sents[i].score > sents[j].score })
	var picked []sentence
	for _, s := range sents {
		if s.score < overlapMinShare || len(picked) == overlapMaxSents {
			break
		}
		picked = append(picked, s)
	}
	if len(picked) == 0 {
		return overlapNoAnswer
	}
	sort.Slice(picked, func(i, j int) bool { return picked[i].order < picked[j].order })
	var b strings.Builder
	for i, s := range picked {
		if i > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%s [%s]", s.text, s.n)
	}
	return b.String()
}

// splitSentences cuts text into paragraphs, and each after ., ! or ? (and
// any closing quote) followed by a space and a capital letter, digit or
// opening quote.
func splitSentences(text string) []string {
	var out []string
	for para := range strings.SplitSeq(text, "\n") {
		rs := []rune(strings.TrimSpace(para))
		start := 0
		for i := range rs {
			if i < start || !strings.ContainsRune(".!?", rs[i]) {
				continue
			}
			end := i + 1
			for end < len(rs) && strings.ContainsRune("\"'”’)", rs[end]) {
				end++
			}
			if end+1 < len(rs) && unicode.IsSpace(rs[end]) {
				next := rs[end+1]
				if unicode.IsUpper(next) || unicode.IsDigit(next) || strings.ContainsRune("\"“'‘", next) {
					out = append(out, strings.TrimSpace(string(rs[start:end])))
					start = end + 1
				}
			}
		}
		if s := strings.TrimSpace(string(rs[start:])); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// contentWords returns the lower-cased words of s that carry meaning, with
// possessives and plural s taken off ("Seoul's" -> "seoul", "troops" -> "troop").
func contentWords(s string) map[string]bool {
	out := map[string]bool{}
	s = strings.NewReplacer("’", "'", "‘", "'").Replace(strings.ToLower(s))
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' }) {
		w = strings.Trim(w, "'")
		w = strings.TrimSuffix(w, "'s")
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = strings.TrimSuffix(w, "s")
		}
		if len(w) < 2 || stopWords[w] {
			continue
		}
		out[w] = true
	}
	return out
}

var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the of to in on at for from by with about into over under as and or but if not no
		is are was were be been being am do does did done has have had can could will would should may might must
		what whats who whos whom whose when where wheres which why how many much this that these those there here
		it its they them their he him his she her we us our you your i me my
		say said says saying tell told also just any some all more most other such than then so very up out
		r u wat y`) {
		m[w] = true
	}
	return m
}()
