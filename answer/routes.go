package answer

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/retrieval"
)

// Some questions are not answered from one sentence: questions about the
// coverage itself ("which outlets covered this") are answered from the
// articles' metadata, vague ones ("what's the latest") with an overview of
// distinct points, and "do the outlets agree" ones with a comparison.

// maxListed is how many articles a metadata answer lists by name.
const maxListed = 12

// metadataAnswer answers a question about the coverage itself from the
// articles' metadata (outlet, title, date), each article cited by its first
// passage. ok is false when the corpus cannot be listed.
// With outlets given, only their articles are listed ("what headline did
// AP put on its story").
func (a *Answerer) metadataAnswer(ans *Answer, outlets ...string) bool {
	if a.opts.Passages == nil {
		return false
	}
	first := map[string]corpus.Passage{}
	for _, p := range a.opts.Passages() {
		if len(outlets) > 0 && !slices.Contains(outlets, p.Outlet) {
			continue
		}
		if f, ok := first[p.ArticleID]; !ok || p.Ordinal < f.Ordinal {
			first[p.ArticleID] = p
		}
	}
	if len(first) == 0 {
		return false
	}
	arts := make([]corpus.Passage, 0, len(first))
	for _, p := range first {
		arts = append(arts, p)
	}
	// Newest first; undated after dated; then by outlet and id.
	slices.SortFunc(arts, func(x, y corpus.Passage) int {
		if c := y.Published.Compare(x.Published); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Outlet, y.Outlet); c != 0 {
			return c
		}
		return cmp.Compare(x.ArticleID, y.ArticleID)
	})
	outletSet := map[string]bool{}
	for _, p := range arts {
		outletSet[outletOf(p)] = true
	}
	var b strings.Builder
	if len(outlets) > 0 {
		fmt.Fprintf(&b, "The coverage holds %d %s from %s:", len(arts), plural(len(arts), "article", "articles"), strings.Join(outlets, " and "))
	} else {
		fmt.Fprintf(&b, "The coverage holds %d %s from %d %s:", len(arts), plural(len(arts), "article", "articles"), len(outletSet), plural(len(outletSet), "outlet", "outlets"))
	}
	ans.Mode, ans.PromptVersion = ModeExtractive, ExtractiveVersion
	ans.Citations, ans.Hits = nil, nil
	for i, p := range arts {
		if i == maxListed {
			fmt.Fprintf(&b, "\n- and %d more", len(arts)-maxListed)
			break
		}
		h := retrieval.Hit{Passage: p}
		n := len(ans.Citations) + 1
		ans.Hits = append(ans.Hits, h)
		ans.Citations = append(ans.Citations, Citation{N: n, Hit: h, Sentence: p.Title, Verified: true})
		date := p.Date()
		if date == "" {
			date = "undated"
		}
		fmt.Fprintf(&b, "\n- %s, \"%s\", %s [%d]", outletOf(p), p.Title, date, n)
	}
	ans.Text = b.String()
	ans.Reason = Reason{Verdict: VerdictAnswer, Code: ReasonMetadata, Kind: string(KindCoverage),
		Text: "a question about the coverage itself, answered from the articles' metadata"}
	return true
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// maxOverview is how many distinct points an overview quotes.
const maxOverview = 4

// overviewBar is the relevance an overview's points need: the question is
// vague ("what's going on between X and Y"), so its few words set the
// topic rather than ask for one fact.
const overviewBar = 0.3

// overview answers a vague question with the most relevant distinct
// points, newest coverage first. ok is false when no point is relevant.
func (a *Answerer) overview(ctx context.Context, ans *Answer, q string, hits []retrieval.Hit) bool {
	d := a.judge(ctx, q, hits, overviewBar, true)
	if len(d.terms) == 0 {
		return false
	}
	// The points most of the coverage makes come first: relevance to the
	// question plus centrality, the sentence's likeness to all the
	// retrieved sentences (as the extractive summary ranks them).
	ranked := slices.Clone(d.ranked)
	docs := make([]string, len(hits))
	for i, h := range hits {
		docs[i] = h.Passage.Text
	}
	x := newIDF(docs)
	vecs := make([]map[string]float64, len(ranked))
	centroid := map[string]float64{}
	for i, s := range ranked {
		vecs[i] = tfidf(s.terms, x)
		for t, w := range vecs[i] {
			centroid[t] += w
		}
	}
	for i := range ranked {
		// Rounded, so that sums taken in map order do not reorder ties:
		// those keep retrieval's order (newest first for "latest").
		ranked[i].score = math.Round((ranked[i].relevance+cosine(vecs[i], centroid))*1e6) / 1e6
	}
	slices.SortStableFunc(ranked, func(x, y scored) int { return cmp.Compare(y.score, x.score) })
	var chosen []scored
	for _, s := range ranked {
		if len(chosen) == maxOverview {
			break
		}
		if s.relevance < overviewBar || heading(s.text) || strings.HasPrefix(s.text, corpus.CaptionPrefix) {
			continue
		}
		if nearCopy(chosen, s, 0.35) {
			continue
		}
		chosen = append(chosen, s)
	}
	if len(chosen) == 0 {
		return false
	}
	slices.SortStableFunc(chosen, func(x, y scored) int {
		return hits[y.hit].Passage.Published.Compare(hits[x.hit].Passage.Published)
	})
	ans.Mode, ans.Model, ans.PromptVersion = ModeExtractive, "", ExtractiveVersion
	ans.Text, ans.Citations, ans.Hits = cite(chosen, hits, false)
	ans.Reason = Reason{Verdict: VerdictAnswer, Code: ReasonOverview, Kind: string(KindOverview),
		Text:     fmt.Sprintf("a broad question: %d distinct points of the closest passages, newest first", len(chosen)),
		Coverage: chosen[0].coverage, Semantic: chosen[0].semantic, Score: chosen[0].relevance, Threshold: overviewBar,
		Evidence: chosen[0].passageID, Sentence: chosen[0].text}
	return true
}

// articleFacts matches a question about an article's own facts: its
// headline, or when it was published.
var articleFacts = regexp.MustCompile(`\b(?:headlines?|headlined|titles?|titled|publish\w*|dated?|when)\b`)

// articleWords are the other words such a question uses ("what headline
// did AP put on its story").
var articleWords = toSet("headline headlines headlined title titles titled put give gave use used run ran its their story stories piece article articles report reports on for top date dated")

// outletFacts returns the outlets of hits that question q names when it
// asks only for their articles' headlines or dates, answered from
// metadata; nil for any other question. It reads the retrieved passages'
// outlets (BM25 indexes each passage's outlet, so a named outlet's
// passages are among them), not the whole corpus: it runs on every
// question.
func outletFacts(q string, hits []retrieval.Hit) []string {
	l := strings.ToLower(corpus.Normalize(q))
	if !articleFacts.MatchString(l) {
		return nil
	}
	named, l := namedOutlets(l, hits)
	if len(named) == 0 {
		return nil
	}
	for _, w := range words(l) {
		if !stopwords[w] && !metaWords[w] && !questionWord[w] && !articleWords[w] && w != "s" {
			return nil // it asks about something else the outlet wrote
		}
	}
	return named
}

// namedOutlets returns the outlets of hits that lower-case question l
// names, and l without their names.
func namedOutlets(l string, hits []retrieval.Hit) ([]string, string) {
	seen := map[string]bool{}
	var named []string
	for _, h := range hits {
		p := h.Passage
		if p.Outlet == "" || seen[p.Outlet] {
			continue
		}
		seen[p.Outlet] = true
		re, err := regexp.Compile(`(?:^|[^\pL\pN])` + regexp.QuoteMeta(strings.ToLower(p.Outlet)) + `(?:$|[^\pL\pN])`)
		if err != nil || !re.MatchString(l) {
			continue
		}
		named = append(named, p.Outlet)
		l = re.ReplaceAllString(l, " ")
	}
	return named, l
}
