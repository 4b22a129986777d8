package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/newsbot/newsbot/config"
	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/extract"
	"github.com/newsbot/newsbot/intake"
)

// cmdFetch is the fetch subcommand.
var cmdFetch = &command{
	name: "fetch",
	summary: "Polls every feed of NEWSBOT_FEEDS once (conditional requests) and stores the new articles in\n" +
		"NEWSBOT_DATA_DIR/articles; reports per feed: new, unchanged or failed with the reason.",
	setup: func(fs *flag.FlagSet, c *cli) func(context.Context, []string) error {
		asJSON := fs.Bool("json", false, "print one JSON object: feeds[{feed, status, not_modified, added, items[{link, outcome, id, title, error}], error}], index")
		return func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("fetch: takes no arguments (the feeds are NEWSBOT_FEEDS)")
			}
			a, err := newApp(c, (*config.Config).Validate, true)
			if err != nil {
				return err
			}
			if len(a.cfg.Feeds) == 0 {
				return errors.New("fetch: no feeds: set NEWSBOT_FEEDS (or feeds in the config file) to RSS, Atom or JSON Feed URLs")
			}
			in, err := a.newIntake()
			if err != nil {
				return err
			}
			reps := in.Poll(ctx, a.cfg.Feeds)
			out := fetchJSON{Feeds: reps}
			failed, added := 0, 0
			for _, r := range reps {
				if r.Status == intake.FeedFailed {
					failed++
				}
				added += r.Added
			}
			return a.reportIntake(ctx, c, added > 0, &out.Index, *asJSON, &out, func(w io.Writer) { printFeeds(w, out) },
				failed, fmt.Sprintf("fetch: %d of %d feeds failed (reasons above)", failed, len(reps)))
		}
	},
}

// cmdAdd is the add subcommand.
var cmdAdd = &command{
	name: "add",
	args: "URL...",
	summary: "Fetches each article page, extracts the article and stores it in NEWSBOT_DATA_DIR/articles,\n" +
		"where it joins the corpus; shows what was extracted. A story already held is not stored twice.",
	setup: func(fs *flag.FlagSet, c *cli) func(context.Context, []string) error {
		asJSON := fs.Bool("json", false, "print one JSON object: results[{link, outcome, id, title, outlet, published, url, passages, first_lines, file, error}], index")
		return func(ctx context.Context, args []string) error {
			if len(args) == 0 {
				return usagef("add: no URL given")
			}
			a, err := newApp(c, (*config.Config).Validate, true)
			if err != nil {
				return err
			}
			in, err := a.newIntake()
			if err != nil {
				return err
			}
			var out addJSON
			failed, changed := 0, false
			for _, link := range args {
				st, err := in.Add(ctx, link, extract.Hints{}, "")
				if err != nil {
					failed++
					out.Results = append(out.Results, addedJSON{Link: link, Error: err.Error()})
					continue
				}
				changed = changed || st.Outcome != intake.Duplicate
				out.Results = append(out.Results, describeStored(link, st))
			}
			return a.reportIntake(ctx, c, changed, &out.Index, *asJSON, &out, func(w io.Writer) { printAdded(w, out) },
				failed, fmt.Sprintf("add: %d of %d links failed (reasons above)", failed, len(args)))
		}
	},
}

// cmdRemove is the remove subcommand.
var cmdRemove = &command{
	name: "remove",
	args: "ID...",
	summary: "Removes fetched articles by id: the file in NEWSBOT_DATA_DIR/articles is deleted and the\n" +
		"article's passages leave the index; answers already given keep their log records.",
	setup: func(fs *flag.FlagSet, c *cli) func(context.Context, []string) error {
		return func(ctx context.Context, args []string) error {
			if len(args) == 0 {
				return usagef("remove: no article id given ('newsbot articles' lists them)")
			}
			a, err := newApp(c, (*config.Config).Validate, true)
			if err != nil {
				return err
			}
			in, err := a.newIntake()
			if err != nil {
				return err
			}
			var errs []error
			removed := 0
			for _, id := range args {
				art, err := in.Store().Remove(id)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				removed++
				fmt.Fprintf(c.stdout, "removed %s: %s\n", art.ID, art.Title)
			}
			if removed > 0 {
				res, err := a.syncAfterChange(ctx)
				if err != nil {
					return err
				}
				fmt.Fprintf(c.stdout, "index: %d passages removed, %d articles left\n", res.Removed, res.Articles)
			}
			return errors.Join(errs...)
		}
	},
}

// syncAfterChange brings the index in line after articles were added or
// removed: only their passages are embedded or dropped.
func (a *app) syncAfterChange(ctx context.Context) (syncResult, error) {
	ix, err := a.openIndex(ctx)
	if err != nil {
		return syncResult{}, err
	}
	return a.syncIndex(ctx, ix)
}

// fetchJSON is what `newsbot fetch --json` prints.
type fetchJSON struct {
	Feeds []intake.FeedReport `json:"feeds"`
	Index *syncResult         `json:"index,omitempty"` // when articles were added
}

// addedJSON is one link of `newsbot add --json`.
type addedJSON struct {
	Link       string `json:"link"`
	Outcome    string `json:"outcome,omitempty"` // added, duplicate, also; "" when it failed
	ID         string `json:"id,omitempty"`
	Title      string `json:"title,omitempty"`
	Outlet     string `json:"outlet,omitempty"`
	Published  string `json:"published,omitempty"`
	URL        string `json:"url,omitempty"`
	Passages   int    `json:"passages,omitempty"`
	FirstLines string `json:"first_lines,omitempty"`
	File       string `json:"file,omitempty"`
	Error      string `json:"error,omitempty"`
}

type addJSON struct {
	Results []addedJSON `json:"results"`
	Index   *syncResult `json:"index,omitempty"`
}

// firstLinesLen caps the opening text shown of an added article.
const firstLinesLen = 240

// describeStored is what a moderator is shown of an article just added.
func describeStored(link string, st intake.Stored) addedJSON {
	art := st.Article
	return addedJSON{
		Link: link, Outcome: string(st.Outcome), ID: art.ID, Title: art.Title, Outlet: art.Outlet,
		Published: art.Date(), URL: art.URL, Passages: len(corpus.Chunk(art, corpus.ChunkOptions{})),
		FirstLines: shorten(firstText(art.Text), firstLinesLen), File: st.File,
	}
}

// firstText is the article's text from its first paragraph that is not a
// caption, on one line.
func firstText(text string) string {
	for _, p := range strings.Split(text, "\n\n") {
		if !strings.HasPrefix(p, corpus.CaptionPrefix) {
			return strings.Join(strings.Fields(p), " ")
		}
	}
	return ""
}

func printAdded(w io.Writer, out addJSON) {
	for _, r := range out.Results {
		switch r.Outcome {
		case "":
			fmt.Fprintf(w, "failed %s: %s\n", r.Link, strings.TrimPrefix(r.Error, r.Link+": "))
			continue
		case string(intake.Added):
			fmt.Fprintf(w, "added %s\n", r.ID)
		case string(intake.AlsoRan):
			fmt.Fprintf(w, "the same copy as %s: outlet added to its sources\n", r.ID)
		default:
			fmt.Fprintf(w, "already held as %s: nothing stored\n", r.ID)
		}
		fmt.Fprintf(w, "  title:     %s\n  outlet:    %s\n  published: %s\n  url:       %s\n  passages:  %d\n  text:      %s\n",
			r.Title, orDash(r.Outlet), orDash(r.Published), orDash(r.URL), r.Passages, r.FirstLines)
		if r.File != "" {
			fmt.Fprintf(w, "  file:      %s\n", r.File)
		}
	}
}

func printFeeds(w io.Writer, out fetchJSON) {
	for _, r := range out.Feeds {
		switch r.Status {
		case intake.FeedFailed:
			fmt.Fprintf(w, "%s: failed: %s\n", r.Feed, r.Error)
		case intake.FeedUnchanged:
			if r.NotModified {
				fmt.Fprintf(w, "%s: unchanged (not modified)\n", r.Feed)
			} else {
				fmt.Fprintf(w, "%s: unchanged (no new articles)\n", r.Feed)
			}
		default:
			fmt.Fprintf(w, "%s: %d new\n", r.Feed, r.Added)
		}
		for _, it := range r.Items {
			switch {
			case it.Error != "":
				fmt.Fprintf(w, "  failed %s: %s\n", it.Link, it.Error)
			case it.Outcome == intake.Added:
				fmt.Fprintf(w, "  added %s: %s\n", it.ID, it.Title)
			case it.Outcome == intake.AlsoRan:
				fmt.Fprintf(w, "  same copy as %s: outlet added\n", it.ID)
			}
		}
	}
	if out.Index != nil {
		fmt.Fprintf(w, "index: %d articles, %d passages (%d added)\n", out.Index.Articles, out.Index.Passages, out.Index.Added)
	}
}

// reportIntake ends fetch and add: it syncs the index when articles
// changed (recording the result in *index, a field of *out), prints out as
// JSON or as text, and fails with failure when any item failed.
func (a *app) reportIntake(ctx context.Context, c *cli, changed bool, index **syncResult, asJSON bool, out any,
	text func(io.Writer), failed int, failure string) error {
	if changed {
		res, err := a.syncAfterChange(ctx)
		if err != nil {
			return err
		}
		*index = &res
	}
	if asJSON {
		if err := writeJSON(c.stdout, out); err != nil {
			return err
		}
	} else {
		text(c.stdout)
	}
	if failed > 0 {
		return errors.New(failure)
	}
	return nil
}
