package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/config"
	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/retrieval"
)

// cmdSearch is the search subcommand.
var cmdSearch = &command{
	name:    "search",
	args:    "QUERY",
	summary: "Shows the passages retrieval finds for QUERY, best first, with their scores.",
	setup: func(fs *flag.FlagSet, c *cli) func(context.Context, []string) error {
		asJSON := fs.Bool("json", false, "print one JSON object with every hit and its full passage")
		k := fs.Int("k", 0, "passages to show; 0 means NEWSBOT_TOP_K")
		explain := fs.Bool("explain", false, "also show what each signal of the relevance decision said: question words found, meaning similarity, kind of answer, verdict")
		return func(ctx context.Context, args []string) error {
			query := strings.TrimSpace(strings.Join(args, " "))
			if query == "" {
				return usagef("search: no query given")
			}
			if *k < 0 || *k > 100 {
				return usagef("search: -k %d: want 0 to 100", *k)
			}
			a, err := newApp(c, (*config.Config).Validate, true)
			if err != nil {
				return err
			}
			n := *k
			if n == 0 {
				n = a.cfg.TopK
			}
			ix, err := a.prepare(ctx)
			if err != nil {
				return err
			}
			hits, err := ix.Search(ctx, query, n)
			if err != nil {
				return fmt.Errorf("search %q: %w", query, err)
			}
			var ex *answer.Explanation
			if *explain {
				e := a.answerer(ix).Explain(ctx, query, hits)
				ex = &e
			}
			if *asJSON {
				out := searchJSON(query, hits)
				out.Explain = ex
				return json.NewEncoder(c.stdout).Encode(out)
			}
			if err := printHits(c, query, hits); err != nil || ex == nil {
				return err
			}
			return printExplanation(c, *ex)
		}
	},
}

// searchHit is one hit in search --json.
type searchHit struct {
	Rank         int           `json:"rank"`
	Score        float64       `json:"score"`
	DenseScore   float64       `json:"dense_score"`
	LexicalScore float64       `json:"lexical_score"`
	DenseRank    int           `json:"dense_rank"`
	LexicalRank  int           `json:"lexical_rank"`
	Passage      passageJSON   `json:"passage"`
	Duplicates   []passageJSON `json:"duplicates,omitempty"`
}

// passageJSON is a passage as the JSON outputs show it.
type passageJSON struct {
	ChunkID   string `json:"chunk_id"`
	ArticleID string `json:"article_id"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"`
	URL       string `json:"url"`
	Text      string `json:"text"`
}

func toPassageJSON(p corpus.Passage) passageJSON {
	return passageJSON{ChunkID: p.ID, ArticleID: p.ArticleID, Title: p.Title, Outlet: p.Outlet,
		Published: p.Date(), URL: p.URL, Text: p.Text}
}

// searchOutput is what search --json prints.
type searchOutput struct {
	Query   string              `json:"query"`
	Hits    []searchHit         `json:"hits"`
	Explain *answer.Explanation `json:"explain,omitempty"` // with --explain
}

func searchJSON(query string, hits []retrieval.Hit) *searchOutput {
	out := &searchOutput{Query: query, Hits: []searchHit{}}
	for i, h := range hits {
		sh := searchHit{Rank: i + 1, Score: h.Score, DenseScore: h.DenseScore, LexicalScore: h.LexicalScore,
			DenseRank: h.DenseRank, LexicalRank: h.LexicalRank, Passage: toPassageJSON(h.Passage)}
		for _, d := range h.Duplicates {
			sh.Duplicates = append(sh.Duplicates, toPassageJSON(d))
		}
		out.Hits = append(out.Hits, sh)
	}
	return out
}

func printHits(c *cli, query string, hits []retrieval.Hit) error {
	if len(hits) == 0 {
		_, err := fmt.Fprintf(c.stdout, "No passage of the coverage matches %s.\n", quote(query))
		return err
	}
	for i, h := range hits {
		p := h.Passage
		fmt.Fprintf(c.stdout, "%d. %s  score %.4f (dense %.3f #%d, lexical %.3f #%d)\n   %s\n",
			i+1, p.ID, h.Score, h.DenseScore, h.DenseRank, h.LexicalScore, h.LexicalRank, source(p))
		for _, d := range h.Duplicates {
			fmt.Fprintf(c.stdout, "   also: %s (%s)\n", source(d), d.ID)
		}
		fmt.Fprintf(c.stdout, "   %s\n\n", indent(p.Text, "   "))
	}
	return nil
}

// source is "Outlet, "Title", 2024-10-21, URL" with the parts that are
// known; an article without a date says "undated", so a reader never takes
// a relative date ("on Monday") for a known one.
func source(p corpus.Passage) string {
	var parts []string
	if p.Outlet != "" {
		parts = append(parts, p.Outlet)
	}
	if p.Title != "" {
		parts = append(parts, quote(p.Title))
	}
	if d := p.Date(); d != "" {
		parts = append(parts, d)
	} else {
		parts = append(parts, "undated") // every source shows its date, or that it has none
	}
	if p.URL != "" {
		parts = append(parts, p.URL)
	}
	if len(parts) == 0 {
		return p.ArticleID
	}
	return strings.Join(parts, ", ")
}

func indent(s, pad string) string {
	return strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n"+pad)
}

// printExplanation writes what each signal of the relevance decision said.
func printExplanation(c *cli, e answer.Explanation) error {
	w := c.stdout
	fmt.Fprintf(w, "\nDecision: %s\n", e.Reason)
	fmt.Fprintf(w, "question as read: %s\n", e.Question)
	if e.Kind != "" {
		fmt.Fprintf(w, "kind of answer asked for: %s", e.Kind)
		if len(e.Focus) > 0 {
			fmt.Fprintf(w, " (of %s)", strings.Join(e.Focus, " "))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "question words (IDF weight):")
	for _, t := range e.Terms {
		note := ""
		switch {
		case t.Unknown && t.Name:
			note = "  not in the coverage (a name)"
		case t.Unknown:
			note = "  not in the coverage"
		case t.Variant != "":
			note = "  spelt " + t.Variant + " in the coverage"
		}
		fmt.Fprintf(w, "  %-16s %.2f%s\n", t.Word, t.Weight, note)
	}
	fmt.Fprintln(w, "best sentences (relevance = words and meaning combined):")
	for i, s := range e.Sentences {
		kind := ""
		if e.Kind != "" {
			kind = fmt.Sprintf(", kind %t", s.Carries)
		}
		fmt.Fprintf(w, "  %d. relevance %.2f (words %.2f, meaning %.2f%s) %s\n     %s\n", i+1, s.Relevance, s.Coverage, s.Semantic, kind, s.Passage, s.Text)
	}
	return nil
}
