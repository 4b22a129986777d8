package answer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"time"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/prompts"
	"github.com/newsbot/newsbot/retrieval"
)

// SummaryRequest asks for a summary of the whole coverage (both fields
// empty), of one article (ArticleID) or of one topic (Topic).
type SummaryRequest struct {
	ArticleID string
	Topic     string
	// OnDelta, when set, receives the summary as it grows (LLM mode) or once
	// whole (extractive mode, or from the cache).
	OnDelta func(delta string) error
}

// ErrUnknownArticle is returned for a SummaryRequest.ArticleID that names
// no article of the corpus.
var ErrUnknownArticle = errors.New("unknown article")

// ErrNoCorpus is returned when a summary needs every passage but neither
// Options.Passages nor the Searcher can list them.
var ErrNoCorpus = errors.New("no passage list: set Options.Passages or use a Searcher with a Passages method")

// Summary summarises the coverage, one article or one topic: key claims with
// citations, who said what, where sources disagree. With a model, a corpus
// too large for one prompt is summarised per group of articles (map) and the
// partial summaries are merged (reduce). Results are cached by the content
// of the passages, the prompt versions and the model, in memory and, with
// Options.SummaryCache, in a store: asking again makes no model request.
func (a *Answerer) Summary(ctx context.Context, req SummaryRequest) (*Answer, error) {
	return a.run(ctx, &summaryTask{a: a, req: req}, &Answer{}, req.OnDelta)
}

// summaryTask is a summary as a task; it keeps what it makes in the
// summary cache.
type summaryTask struct {
	a     *Answerer
	req   SummaryRequest
	scope string // a phrase naming what is summarised
	key   string // the cache key
}

func (t *summaryTask) retrieve(ctx context.Context, ans *Answer) ([]retrieval.Hit, error) {
	ps, scope, err := t.a.summaryScope(ctx, t.req)
	if err != nil {
		return nil, err
	}
	t.scope = scope
	ans.Question = "Summary of " + scope
	hits := make([]retrieval.Hit, len(ps))
	for i, p := range ps {
		hits[i] = retrieval.Hit{Passage: p}
	}
	return hits, nil
}

// decide refuses an empty scope and answers from the cache.
func (t *summaryTask) decide(ctx context.Context, ans *Answer, hits []retrieval.Hit) bool {
	if len(hits) == 0 {
		t.a.refuse(ans, ModeExtractive)
		return true
	}
	t.key = t.a.summaryKey(passagesOf(hits), t.scope)
	cached := t.a.cached(ctx, t.key)
	if cached == nil {
		return false
	}
	timings := ans.Timings
	*ans = *cached
	ans.Cached = true
	ans.Timings = timings
	return true
}

func (t *summaryTask) model(ctx context.Context, ans *Answer, hits []retrieval.Hit, onDelta func(string) error, start time.Time) error {
	return t.a.summaryModel(ctx, ans, t.scope, hits, onDelta, start)
}

func (t *summaryTask) extractive(ctx context.Context, ans *Answer, hits []retrieval.Hit) {
	t.a.summaryExtractive(ans, t.req.Topic, hits)
}

func (t *summaryTask) keep(ctx context.Context, ans *Answer) { t.a.store(ctx, t.key, ans) }

func (t *summaryTask) failure() (what, doing string) {
	return "summarise " + t.scope, "summarising"
}

// summaryScope returns the passages to summarise and a phrase naming them.
func (a *Answerer) summaryScope(ctx context.Context, req SummaryRequest) ([]corpus.Passage, string, error) {
	topic := strings.TrimSpace(req.Topic)
	if req.ArticleID == "" && topic != "" {
		hits, err := a.search.Search(ctx, topic, 2*a.opts.TopK)
		if err != nil {
			return nil, "", fmt.Errorf("search for %q: %w", topic, err)
		}
		return passagesOf(hits), fmt.Sprintf("the coverage of %q", topic), nil
	}
	if a.opts.Passages == nil {
		return nil, "", fmt.Errorf("summarise: %w", ErrNoCorpus)
	}
	all := a.opts.Passages()
	if req.ArticleID == "" {
		return leads(all, a.opts.MaxSummaryPassages), "the whole coverage", nil
	}
	var ps []corpus.Passage
	for _, p := range all {
		if p.ArticleID == req.ArticleID {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return nil, "", fmt.Errorf("summarise article %q: %w", req.ArticleID, ErrUnknownArticle)
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Ordinal < ps[j].Ordinal })
	p := ps[0]
	ps = leads(ps, a.opts.MaxSummaryPassages)
	scope := fmt.Sprintf("the article %q", p.Title)
	if p.Outlet != "" || p.Date() != "" {
		scope += " (" + strings.Trim(p.Outlet+", "+p.Date(), ", ") + ")"
	}
	if topic != "" {
		// An article and a topic: the whole article, summarised with the topic in view.
		scope += fmt.Sprintf(", on %q", topic)
	}
	return ps, scope, nil
}

// leads keeps at most n passages of ps, taking each article's passages in
// rounds (every first passage, then every second, …), since news puts the
// key claims first; the result keeps the order of ps.
func leads(ps []corpus.Passage, n int) []corpus.Passage {
	if len(ps) <= n {
		return ps
	}
	rank := make([]int, len(ps)) // position of the passage within its article
	seen := map[string]int{}
	for i, p := range ps {
		rank[i] = seen[p.ArticleID]
		seen[p.ArticleID]++
	}
	idx := make([]int, len(ps))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(x, y int) bool { return rank[idx[x]] < rank[idx[y]] })
	idx = idx[:n]
	sort.Ints(idx)
	out := make([]corpus.Passage, n)
	for i, j := range idx {
		out[i] = ps[j]
	}
	return out
}

// summaryKey identifies a summary: the passages' content, the scope, the
// prompt versions and the model (or the extractive algorithm).
func (a *Answerer) summaryKey(ps []corpus.Passage, scope string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", passagesKey(ps), scope)
	if a.model != nil {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\x00%d", a.opts.ModelName, prompts.Version(prompts.NameSummaryMap),
			prompts.Version(prompts.NameSummaryReduce), a.opts.MaxPromptTokens, a.opts.MaxAnswerTokens)
	} else {
		fmt.Fprintf(h, "%s", ExtractiveVersion)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// cached returns the summary under key from memory, else from
// Options.SummaryCache (remembering it), else nil. An unreadable entry is
// logged and treated as absent.
func (a *Answerer) cached(ctx context.Context, key string) *Answer {
	if ans, ok := a.cache.get(key); ok {
		return ans
	}
	if a.opts.SummaryCache == nil {
		return nil
	}
	ans, err := a.opts.SummaryCache.Get(ctx, key)
	if err != nil {
		if !errors.Is(err, ErrNotCached) {
			a.opts.Logger.Warn("summary cache entry unreadable, ignoring it", slog.String("key", key), slog.Any("error", err))
		}
		return nil
	}
	a.cache.put(key, ans)
	return ans
}

// store keeps ans under key in memory and in Options.SummaryCache; a cache
// that fails is logged, never the summary's failure.
func (a *Answerer) store(ctx context.Context, key string, ans *Answer) {
	a.cache.put(key, ans)
	if a.opts.SummaryCache == nil {
		return
	}
	cp := *ans
	if err := a.opts.SummaryCache.Put(context.WithoutCancel(ctx), key, &cp); err != nil {
		a.opts.Logger.Warn("write summary cache", slog.String("key", key), slog.Any("error", err))
	}
}

// summaryModel summarises hits with the model: in one prompt when they fit,
// else map-reduce over groups of whole articles.
func (a *Answerer) summaryModel(ctx context.Context, ans *Answer, scope string, hits []retrieval.Hit, onDelta func(string) error, start time.Time) error {
	all := toPromptPassages(hits)
	ans.Hits, ans.Mode, ans.Model = hits, ModeLLM, a.opts.ModelName
	mapData := func(ps []prompts.Passage) any { return prompts.SummaryData{Scope: scope, Passages: ps} }
	one, err := prompts.Render(prompts.NameSummaryMap, mapData(all))
	if err != nil {
		return err
	}
	if prompts.PromptTokens(one) <= a.opts.MaxPromptTokens {
		ans.PromptVersion = one.Version
		text, order, err := a.stream(ctx, one, len(all), onDelta, &ans.Timings, start, ans)
		if err != nil {
			return err
		}
		a.finish(ans, text, order, hits)
		return nil
	}
	groups, err := a.pack(all, mapData)
	if err != nil {
		return err
	}
	var partials []string
	for _, g := range groups {
		p, err := prompts.Render(prompts.NameSummaryMap, mapData(g))
		if err != nil {
			return err
		}
		c := newCiter(len(all))
		c.keep = true
		c.allowed = map[int]bool{}
		for _, x := range g {
			c.allowed[x.N] = true
		}
		t, err := a.partial(ctx, p, c)
		if err != nil {
			return err
		}
		if t != "" && !(refusal(t) && len(c.order) == 0) {
			partials = append(partials, t)
		}
	}
	if len(partials) == 0 {
		a.refuse(ans, ModeLLM)
		return nil
	}
	// Reduce, in rounds when the partials themselves exceed one prompt.
	reduceData := func(ps []string) any { return prompts.ReduceData{Scope: scope, Partials: ps} }
	for {
		p, err := prompts.Render(prompts.NameSummaryReduce, reduceData(partials))
		if err != nil {
			return err
		}
		if prompts.PromptTokens(p) <= a.opts.MaxPromptTokens || len(partials) <= 2 {
			ans.PromptVersion = prompts.Version(prompts.NameSummaryMap) + "+" + p.Version
			text, order, err := a.stream(ctx, p, len(all), onDelta, &ans.Timings, start, ans)
			if err != nil {
				return err
			}
			a.finish(ans, text, order, hits)
			return nil
		}
		var merged []string
		for i := 0; i < len(partials); i += 2 {
			j := min(i+2, len(partials))
			p, err := prompts.Render(prompts.NameSummaryReduce, reduceData(partials[i:j]))
			if err != nil {
				return err
			}
			c := newCiter(len(all))
			c.keep = true
			t, err := a.partial(ctx, p, c)
			if err != nil {
				return err
			}
			merged = append(merged, t)
		}
		partials = merged
	}
}

// partial runs prompt p, a map or an intermediate reduce, through the
// model without showing it to the user, and returns its text with c's
// markers kept and tidied.
func (a *Answerer) partial(ctx context.Context, p prompts.Prompt, c *citer) (string, error) {
	var b strings.Builder
	if err := a.model.Stream(ctx, ChatRequest{Messages: messages(p), MaxTokens: a.opts.MaxAnswerTokens}, func(d string) error {
		b.WriteString(c.write(d))
		return nil
	}); err != nil {
		return "", err
	}
	return tidy(b.String() + c.flush()), nil
}

// pack splits passages (in article order) into groups whose map prompt
// fits the budget, keeping an article's passages together when it fits.
func (a *Answerer) pack(all []prompts.Passage, data func([]prompts.Passage) any) ([][]prompts.Passage, error) {
	fits := func(ps []prompts.Passage) (bool, error) {
		p, err := prompts.Render(prompts.NameSummaryMap, data(ps))
		if err != nil {
			return false, err
		}
		return prompts.PromptTokens(p) <= a.opts.MaxPromptTokens, nil
	}
	var groups [][]prompts.Passage
	var cur []prompts.Passage
	for _, p := range all {
		next := append(cur[:len(cur):len(cur)], p)
		ok, err := fits(next)
		if err != nil {
			return nil, err
		}
		if ok {
			cur = next
			continue
		}
		if len(cur) == 0 {
			return nil, fmt.Errorf("summary passage %d alone: %w", p.N, prompts.ErrBudget)
		}
		groups = append(groups, cur)
		cur = []prompts.Passage{p}
		if ok, err := fits(cur); err != nil || !ok {
			return nil, errors.Join(err, fmt.Errorf("summary passage %d alone: %w", p.N, prompts.ErrBudget))
		}
	}
	if len(cur) > 0 {
		groups = append(groups, cur)
	}
	return groups, nil
}
