package answer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/lang"
	"github.com/newsbot/newsbot/prompts"
	"github.com/newsbot/newsbot/retrieval"
)

// Options configures an Answerer. The zero value works.
type Options struct {
	TopK int // passages retrieved for a question and given to the model; 0 means DefaultTopK. The extractive answer reads the best ExtractiveDepth of them.
	// MaxPromptTokens is the token budget of one prompt: passages are
	// dropped, lowest-ranked first, until it fits. 0 means 6000.
	MaxPromptTokens int
	MaxAnswerTokens int  // completion tokens asked of the model; 0 means 800
	NoFallback      bool // on model failure return the error instead of an extractive answer
	// Passages lists the whole corpus for Summary and Compare; nil means the
	// Searcher's own Passages method, if it has one (as *retrieval.Index does).
	Passages func() []corpus.Passage
	// SummaryCache, when set, keeps summaries in a store (DirCache: files)
	// as well as in memory; nil means memory only.
	SummaryCache SummaryCache
	// MaxSummaryPassages caps the passages one summary reads; above it the
	// leads of the articles are taken first (every article's first passage,
	// then every second one, …). 0 means 300.
	MaxSummaryPassages int
	// ModelName is recorded in answers; "" means the model's Name method, if any.
	ModelName string
	Logger    *slog.Logger // nil means slog.Default()

	// MinRelevance is the relevance (0-1: the question's words and meaning
	// found in the best sentence) an extractive answer needs; below it the
	// answer is "The coverage does not say.". 0 means DefaultMinRelevance.
	MinRelevance float64
	// ModelMinRelevance is the relevance below which a question is not put
	// to the chat model at all; above it the model judges the passages.
	// 0 means DefaultModelMinRelevance.
	ModelMinRelevance float64
	// Sentences embeds text for meaning similarity (a trained sentence
	// model); nil means words alone decide.
	Sentences SentenceEmbedder
	// Thesaurus links question words to their synonyms ("diplomat" to
	// "ambassador"); nil means words match by stem and spelling only.
	Thesaurus Thesaurus
}

// SentenceEmbedder turns texts into unit vectors whose dot product is
// their similarity in meaning: what the relevance decision needs of a
// sentence model.
type SentenceEmbedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// DefaultTopK is the passages a question retrieves when Options.TopK is 0:
// config's top_k default, which TestDefaultsAgree (cmd/newsbot) holds to it.
const DefaultTopK = 12

// Answerer answers questions, summarises and compares coverage. It is safe
// for concurrent use.
type Answerer struct {
	search Searcher
	model  ChatModel
	opts   Options

	mu    sync.Mutex
	cache memCache      // summaries by cache key, in front of Options.SummaryCache
	bg    *background   // IDF over the whole corpus, for extractive mode
	names *mentionIndex // the people the corpus names, for inventory questions

	sentences map[string][]float32 // sentence vectors of Options.Sentences, by text
}

// New returns an Answerer over s. A nil model means extractive mode: answers
// quote retrieved sentences verbatim, without a chat model.
func New(s Searcher, model ChatModel, opts Options) *Answerer {
	if opts.TopK <= 0 {
		opts.TopK = DefaultTopK
	}
	if opts.MaxPromptTokens <= 0 {
		opts.MaxPromptTokens = 6000
	}
	if opts.MaxAnswerTokens <= 0 {
		opts.MaxAnswerTokens = 800
	}
	if opts.MaxSummaryPassages <= 0 {
		opts.MaxSummaryPassages = 300
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.MinRelevance <= 0 {
		opts.MinRelevance = DefaultMinRelevance
	}
	if opts.ModelMinRelevance <= 0 {
		opts.ModelMinRelevance = DefaultModelMinRelevance
	}
	if opts.Passages == nil {
		if p, ok := s.(Passager); ok {
			opts.Passages = p.Passages
		}
	}
	if opts.ModelName == "" && model != nil {
		if n, ok := model.(interface{ Name() string }); ok {
			opts.ModelName = n.Name()
		}
	}
	return &Answerer{search: s, model: model, opts: opts, sentences: map[string][]float32{}}
}

// NoAnswer is the sentence of a refusal: the coverage does not answer.
const NoAnswer = prompts.NoAnswer

// ErrEmptyQuestion is returned for a question with no words.
var ErrEmptyQuestion = errors.New("empty question")

// maxQuestion caps a question's length in bytes; longer ones are cut.
const maxQuestion = 2000

// clip cuts s to at most n bytes at a character boundary, so a cut
// question stays valid UTF-8 (a prompt must never carry half a character).
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Ask answers one question, rewriting a follow-up into a standalone question
// first. With a model the answer streams to req.OnDelta as it grows (already
// with checked, renumbered markers); without one, or when the model fails
// and Options.NoFallback is false, the answer is extractive and OnDelta gets
// it once. The error is non-nil only when no answer could be made (search
// failed, OnDelta failed, ctx ended, or the model failed with NoFallback).
func (a *Answerer) Ask(ctx context.Context, req Request) (*Answer, error) {
	return a.run(ctx, &askTask{a: a, req: req}, &Answer{Question: req.Question}, req.OnDelta)
}

// askTask is a question as a task. A question asking whether the outlets
// agree is answered as a comparison: compare is then set and takes over
// every step after retrieve's first part.
type askTask struct {
	a          *Answerer
	req        Request
	q          string   // the question, trimmed and clipped
	standalone string   // the question retrieval sees: rewritten follow-up, without a chat preamble
	expanded   string   // standalone with chat shorthand written out, for the routes that read its words
	typed      string   // standalone as typed, before respell: what a chat model reads
	kind       Kind     // the kind of answer it asks for
	answered   bool     // retrieve answered it from metadata, without a search
	pre        decision // the relevance decision before the model
	compare    *compareTask
}

func (t *askTask) retrieve(ctx context.Context, ans *Answer) ([]retrieval.Hit, error) {
	a := t.a
	t.q = clip(strings.TrimSpace(t.req.Question), maxQuestion)
	if len(words(t.q)) == 0 {
		return nil, ErrEmptyQuestion
	}
	standalone := t.q
	if len(t.req.History) > 0 {
		standalone = a.rewrite(ctx, t.req.History, t.q)
		if standalone != t.q {
			ans.Standalone = standalone
		}
	}
	// The question itself, without a chat preamble ("can you tell me…").
	t.standalone = stripPreamble(standalone)
	// Words mistyped by one letter, written as the coverage writes them
	// ("resonding", "soth korea"): every step below reads the correction.
	t.typed = t.standalone
	t.standalone, ans.Respelled = a.respell(t.standalone)
	t.expanded = lang.Expand(t.standalone)
	t.kind = readQuestion(t.expanded).Kind
	switch t.kind {
	case KindCoverage:
		if a.metadataAnswer(ans) {
			t.answered = true
			return nil, nil
		}
	case KindCompare:
		t.compare = &compareTask{a: a, req: CompareRequest{Topic: compareTopic(t.expanded), Question: t.standalone}}
		return t.compare.retrieve(ctx, ans)
	}
	query := searchQuery(t.standalone)
	if t.kind != KindInventory { // a list reads every passage's names, not the hits
		query = a.withSpellings(query)
	}
	hits, err := a.search.Search(ctx, query, a.opts.TopK)
	if err != nil {
		return nil, fmt.Errorf("search for %q: %w", t.standalone, err)
	}
	hits = preferNewest(t.expanded, hits) // dates.go: "latest" questions
	ans.LexicalOnly = len(hits) > 0 && hits[0].LexicalOnly
	return hits, nil
}

func (t *askTask) decide(ctx context.Context, ans *Answer, hits []retrieval.Hit) bool {
	if t.compare != nil {
		return t.compare.decide(ctx, ans, hits)
	}
	a := t.a
	if t.answered {
		return true
	}
	if outlets := outletFacts(t.expanded, hits); len(outlets) > 0 && a.metadataAnswer(ans, outlets...) {
		return true
	}
	if a.headingsAnswer(ans, t.expanded, hits) {
		return true // headings.go: "what are the subheadings in the 112.ua article"
	}
	if t.kind == KindInventory {
		// A list of whom the coverage names: no one sentence answers it,
		// with a model or without.
		if iq, ok := readInventory(questionText(t.expanded)); ok && a.inventory(ctx, ans, iq, extractiveHits(hits)) {
			return true
		}
	}
	if a.model == nil {
		if a.difference(ctx, ans, t.expanded, extractiveHits(hits)) {
			return true // arithmetic.go: two figures and the difference worked out
		}
		return t.kind == KindOverview && a.overview(ctx, ans, t.standalone, extractiveHits(hits))
	}
	// With a model, only a question with no plausible passage at all is
	// turned away here; the model judges the rest, told to say "The
	// coverage does not say.", and the checks verify what it wrote.
	t.pre = a.judge(ctx, t.standalone, hits, a.opts.ModelMinRelevance, false)
	if t.pre.lead < 0 {
		a.refuse(ans, ModeLLM)
		ans.Model = a.opts.ModelName
		ans.Hits = hits
		ans.Reason = t.pre.reason
		return true
	}
	return false
}

func (t *askTask) model(ctx context.Context, ans *Answer, hits []retrieval.Hit, onDelta func(string) error, start time.Time) error {
	if t.compare != nil {
		return t.compare.model(ctx, ans, hits, onDelta, start)
	}
	if err := t.a.askModel(ctx, ans, t.typed, hits, onDelta, start); err != nil {
		return err
	}
	ans.Reason = t.pre.reason
	ans.Reason.Code = ReasonModel
	if !ans.Refused && len(splitParts(t.expanded)) == 0 {
		if d, withheld := withheldAnswer(t.pre, ans); withheld {
			t.a.refuse(ans, ModeLLM)
			ans.Reason.Verdict, ans.Reason.Code = VerdictRefuse, d.reason.Code
			ans.Reason.Text = "the chat model's answer was withheld: " + d.reason.Text
			if d.reason.Sentence != "" {
				// Moderators see the sentence the withheld answer rested on.
				ans.Reason.Sentence, ans.Reason.Evidence = d.reason.Sentence, d.reason.Evidence
			}
			return nil
		}
	}
	if ans.Refused {
		ans.Reason.Verdict, ans.Reason.Text = VerdictRefuse, "the chat model found no answer in the passages it was given"
	} else {
		ans.Reason.Text = fmt.Sprintf("the chat model answered from the %d passages it was given", len(ans.Hits))
	}
	return nil
}

func (t *askTask) extractive(ctx context.Context, ans *Answer, hits []retrieval.Hit) {
	if t.compare != nil {
		t.compare.extractive(ctx, ans, hits)
		return
	}
	t.a.extractive(ctx, ans, t.standalone, extractiveHits(hits))
}

func (t *askTask) failure() (what, doing string) {
	if t.compare != nil {
		return t.compare.failure()
	}
	return fmt.Sprintf("answer %q", t.q), "answering"
}

func (a *Answerer) refuse(ans *Answer, mode string) {
	ans.Text = NoAnswer
	ans.Refused = true
	ans.Mode = mode
	ans.Citations = nil
	ans.Unsupported = nil
}

// toPromptPassages numbers hits [1]..[n] in order.
func toPromptPassages(hits []retrieval.Hit) []prompts.Passage {
	ps := make([]prompts.Passage, len(hits))
	for i, h := range hits {
		ps[i] = prompts.Passage{N: i + 1, Outlet: h.Passage.Outlet, Title: h.Passage.Title, Date: h.Passage.Date(), Text: h.Passage.Text}
	}
	return ps
}

func messages(p prompts.Prompt) []Message {
	return []Message{{Role: "system", Content: p.System}, {Role: "user", Content: p.User}}
}

// askModel fills ans from the chat model. A *ModelError return means the
// model failed; ans is then incomplete.
func (a *Answerer) askModel(ctx context.Context, ans *Answer, q string, hits []retrieval.Hit, onDelta func(string) error, start time.Time) error {
	p, k, err := prompts.Fit(prompts.NameAnswer, a.opts.MaxPromptTokens, toPromptPassages(hits), func(ps []prompts.Passage) any {
		return prompts.AnswerData{Question: q, Passages: ps}
	})
	if err != nil {
		return fmt.Errorf("build prompt: %w", err)
	}
	hits = hits[:k]
	ans.Hits = hits
	ans.Mode = ModeLLM
	ans.Model = a.opts.ModelName
	ans.PromptVersion = p.Version

	text, order, err := a.stream(ctx, p, k, onDelta, &ans.Timings, start, ans)
	if err != nil {
		return err
	}
	a.finish(ans, text, order, hits)
	return nil
}

// stream runs one prompt through the model, rewriting markers as they come;
// it returns the tidied text and the given passage numbers in first-use order.
func (a *Answerer) stream(ctx context.Context, p prompts.Prompt, k int, onDelta func(string) error, t *Timings, start time.Time, ans *Answer) (string, []int, error) {
	c := newCiter(k)
	echo := newEchoGuard(p.System, p.User)
	var b strings.Builder
	req := ChatRequest{Messages: messages(p), MaxTokens: a.opts.MaxAnswerTokens}
	if ans != nil {
		req.OnUsage = func(u Usage) { ans.TokensIn, ans.TokensOut = u.PromptTokens, u.CompletionTokens }
	}
	err := a.model.Stream(ctx, req, func(delta string) error {
		if t != nil && t.FirstToken == 0 {
			t.FirstToken = time.Since(start)
		}
		out := c.write(delta)
		b.WriteString(out)
		// Checked before the delta is shown: the reply's tail holds the
		// newest runs, and the whole reply is short.
		if out != "" && echo.echoes(b.String()) {
			return &ModelError{Host: a.opts.ModelName, Err: ErrEcho}
		}
		if onDelta != nil && out != "" {
			return onDelta(out)
		}
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	rest := c.flush()
	b.WriteString(rest)
	if onDelta != nil && rest != "" {
		if err := onDelta(rest); err != nil {
			return "", nil, err
		}
	}
	return tidy(b.String()), c.order, nil
}

// finish sets the text, citations and refusal of a model answer whose
// markers already point densely at hits[order[i]-1].
func (a *Answerer) finish(ans *Answer, text string, order []int, given []retrieval.Hit) {
	cited := make([]retrieval.Hit, len(order))
	for i, n := range order {
		cited[i] = given[n-1]
	}
	ans.Text = text
	if refusal(text) {
		// A refusal carries no citations, even if the model added some.
		ans.Text = tidy(markerRE.ReplaceAllString(text, ""))
		ans.Refused = true
		ans.Citations = nil
		ans.Unsupported = nil
		return
	}
	v := verify(text, cited)
	ans.Citations = v.citations
	ans.Unsupported = v.unsupported
}

// withheldAnswer holds a model's answer to the rules an extractive lead is
// held to, all but the relevance bar (a yes/no question's sentence is held
// to the model's bar): the sentences it cites must give the
// kind of answer asked (a sum, a date, a number of the things counted),
// beside the words it is asked of, in a passage that names whom it is
// asked of. It reports the decision on those sentences and whether the
// answer is withheld: "how much did Texaco pay" answered with what Texaco
// bought, "who is Gordon Lonsdale really" with the names of two ball
// players. Overviews, lists and comparisons have no one sentence to hold.
func withheldAnswer(pre decision, ans *Answer) (decision, bool) {
	switch pre.question.Kind {
	case KindOverview, KindCoverage, KindInventory, KindCompare:
		return decision{}, false
	}
	var cited []scored
	for _, c := range ans.Citations {
		// A sentence of overlapping passages is ranked once, in the
		// best-ranked of them: found by its words.
		i := slices.IndexFunc(pre.ranked, func(s scored) bool { return s.text == c.Sentence })
		if c.Sentence != "" && i >= 0 {
			cited = append(cited, pre.ranked[i])
		}
	}
	bar := 0.0
	if pre.question.Kind == KindYesNo {
		// A yes/no question is put to the model loosely (judge); the
		// sentence the model's answer rests on must settle it as an
		// extractive answer's would, at the model's bar: it holds every
		// word of the question, or else is relevant by yesNoMargin more.
		bar = pre.reason.Threshold
	}
	d := decide(pre.question, pre.terms, cited, bar)
	d.reason.Text = ofCited.Replace(d.reason.Text)
	return d, d.lead < 0
}

// ofCited rewrites a decision's reason, said of the closest passages, as
// said of the sentences a model answer cites.
var ofCited = strings.NewReplacer("none of the closest passages", "no sentence it cites", "the closest passages", "the sentences it cites",
	"the passages closest to the question", "the sentences it cites",
	"no passage of the coverage is close to the question", "it cites no sentence of the passages it was given")

// refusal reports whether a model's reply says the coverage does not
// answer: it is empty, or each of its sentences says so. A partial answer
// ("X said Y [1]. The coverage does not say Z.") is no refusal.
func refusal(text string) bool {
	t := strings.TrimSpace(text)
	if t == "" {
		return true
	}
	for _, c := range splitClaims(t) {
		if !isRefusalSentence(c.Plain) {
			return false
		}
	}
	return true
}

// ExtractiveDepth is how many of the retrieved passages an extractive
// answer reads. The chat model is given all TopK (12 by default): on
// dev2 with a model that answers only from its passages, the evidence
// reached the prompt for 29 of 40 questions at 6 passages and 35 at 12.
// The extractive answer picks sentences by rule, and more passages bring
// it more near misses than answers (dev's refusal accuracy fell from 1.0
// to 0.5 at 10), so it keeps to the best 6.
const ExtractiveDepth = 6

// extractiveHits returns the passages an extractive answer reads.
func extractiveHits(hits []retrieval.Hit) []retrieval.Hit {
	return hits[:min(len(hits), ExtractiveDepth)]
}
