package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/config"
)

// cmdSummary is the summary subcommand.
var cmdSummary = &command{
	name: "summary",
	summary: "Summarises the whole coverage, one article (--article ID or file name) or one topic\n" +
		"(--topic TEXT), with citations. Summaries are cached in NEWSBOT_DATA_DIR (NEWSBOT_SUMMARY_CACHE).",
	setup: func(fs *flag.FlagSet, c *cli) func(context.Context, []string) error {
		article := fs.String("article", "", "summarise the article with this `ID` or file name (see 'newsbot articles')")
		topic := fs.String("topic", "", "summarise what the coverage says about this `TEXT`")
		asJSON := fs.Bool("json", false, "print one JSON object, the shape of ask --json")
		return func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("summary: unexpected arguments %q (use --topic TEXT)", strings.Join(args, " "))
			}
			if *article != "" && *topic != "" {
				return usagef("summary: give --article or --topic, not both")
			}
			a, err := newApp(c, (*config.Config).Validate, true)
			if err != nil {
				return err
			}
			ctx, cancel, answerer, err := a.answering(ctx)
			defer cancel()
			if err != nil {
				return err
			}
			id := *article
			if id != "" {
				var ok bool
				if id, ok = resolveArticle(a.knownArticles(), *article); !ok {
					return fmt.Errorf("summary: no article with id or file name %q in the corpus; the ids are: %s", *article, validIDs(a.knownArticles()))
				}
			}
			req := answer.SummaryRequest{ArticleID: id, Topic: *topic}
			streamed := streamTo(c, &req.OnDelta, !*asJSON && isTerminal(c.stdout))
			ans, err := answerer.Summary(ctx, req)
			if errors.Is(err, answer.ErrUnknownArticle) {
				return fmt.Errorf("summary: no article with id %q in the corpus; the ids are: %s", id, validIDs(a.knownArticles()))
			}
			if err != nil {
				return fmt.Errorf("summary: %w", err)
			}
			if *asJSON {
				return writeJSON(c.stdout, answer.JSON(ans))
			}
			return printAnswer(c.stdout, ans, streamed, "")
		}
	},
}
