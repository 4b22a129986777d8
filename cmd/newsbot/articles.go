package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/newsbot/newsbot/config"
	"github.com/newsbot/newsbot/corpus"
)

// cmdArticles is the articles subcommand.
var cmdArticles = &command{
	name: "articles",
	summary: "Lists the articles of the corpus: id, title, outlet, publication date, passages and source file.\n" +
		"The ids are what 'newsbot summary --article ID' takes.",
	setup: func(fs *flag.FlagSet, c *cli) func(context.Context, []string) error {
		asJSON := fs.Bool("json", false, "print one JSON object: corpus, articles[{id, title, outlet, published, passages, source}]")
		return func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("articles: takes no arguments")
			}
			a, err := newApp(c, (*config.Config).Validate, true)
			if err != nil {
				return err
			}
			arts, err := a.loadCorpus()
			if err != nil {
				return err
			}
			list := a.articleList(arts)
			if *asJSON {
				return writeJSON(c.stdout, list)
			}
			return printArticles(c.stdout, list)
		}
	},
}

// articleJSON is one article in `newsbot articles --json`.
type articleJSON struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Outlet    string     `json:"outlet"`
	Published string     `json:"published"` // YYYY-MM-DD, "" when unknown
	Passages  int        `json:"passages"`
	Source    string     `json:"source"`         // the article's file: a path, or "bundled:NAME" for the coverage in the binary
	Also      []alsoJSON `json:"also,omitempty"` // other outlets that ran the same copy
}

// alsoJSON is another outlet of the same copy.
type alsoJSON struct {
	Outlet    string `json:"outlet"`
	URL       string `json:"url,omitempty"`
	Published string `json:"published,omitempty"`
}

// articleListJSON is what `newsbot articles --json` prints.
type articleListJSON struct {
	Corpus   string        `json:"corpus"` // NEWSBOT_CORPUS_DIR, or "bundled coverage"
	Articles []articleJSON `json:"articles"`
}

// articleList describes arts, passages counted as the index cuts them.
func (a *app) articleList(arts []corpus.Article) articleListJSON {
	_, name, _ := a.corpusFS()
	perArticle := map[string]int{}
	for _, p := range corpus.ChunkAll(arts, corpus.ChunkOptions{}) {
		perArticle[p.ArticleID]++
	}
	if len(a.fetched) > 0 {
		name += " and " + a.articlesDir()
	}
	out := articleListJSON{Corpus: name, Articles: []articleJSON{}}
	for _, art := range arts {
		aj := articleJSON{ID: art.ID, Title: art.Title, Outlet: art.Outlet,
			Published: art.Date(), Passages: perArticle[art.ID], Source: a.source(art)}
		for _, o := range art.Also {
			aj.Also = append(aj.Also, alsoJSON{Outlet: o.Outlet, URL: o.URL, Published: o.Date()})
		}
		out.Articles = append(out.Articles, aj)
	}
	return out
}

// source names an article's file as a user can find it.
func (a *app) source(art corpus.Article) string {
	if a.fetched[art.ID] {
		return filepath.Join(a.articlesDir(), filepath.FromSlash(art.File))
	}
	if a.cfg.CorpusDir == "" {
		return "bundled:" + art.File
	}
	return filepath.Join(a.cfg.CorpusDir, filepath.FromSlash(art.File))
}

// maxTitleShown caps a title in the text table; --json has it whole.
const maxTitleShown = 60

func printArticles(w io.Writer, list articleListJSON) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "ID\tTITLE\tOUTLET\tPUBLISHED\tPASSAGES\tSOURCE\n")
	for _, art := range list.Articles {
		outlet := orDash(art.Outlet)
		for _, o := range art.Also {
			outlet += " + " + o.Outlet
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", art.ID, shorten(art.Title, maxTitleShown),
			outlet, orDash(art.Published), art.Passages, art.Source)
	}
	noun := "articles"
	if len(list.Articles) == 1 {
		noun = "article"
	}
	fmt.Fprintf(tw, "\n%d %s in %s\n", len(list.Articles), noun, list.Corpus)
	return tw.Flush()
}

// shorten cuts s to at most n characters, marking the cut with "…".
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-1]), " ,;:-") + "…"
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// resolveArticle turns what a user typed for --article into an article id:
// the id itself, or the article's file name (with or without its folder).
// ok is false when no article matches.
func resolveArticle(arts []corpus.Article, typed string) (id string, ok bool) {
	for _, art := range arts {
		if art.ID == typed {
			return art.ID, true
		}
	}
	base := path.Base(filepath.ToSlash(typed))
	for _, art := range arts {
		if art.File == typed || art.File == base {
			return art.ID, true
		}
	}
	return "", false
}

// maxIDsShown caps the ids an unknown-article error lists.
const maxIDsShown = 20

// validIDs lists the article ids for an error message, at most maxIDsShown.
func validIDs(arts []corpus.Article) string {
	ids := make([]string, 0, min(len(arts), maxIDsShown))
	for _, art := range arts[:min(len(arts), maxIDsShown)] {
		ids = append(ids, art.ID)
	}
	s := strings.Join(ids, ", ")
	if more := len(arts) - maxIDsShown; more > 0 {
		s += fmt.Sprintf(" and %d more ('newsbot articles' lists them all)", more)
	}
	return s
}
