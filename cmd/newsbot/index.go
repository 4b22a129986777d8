package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"

	"github.com/newsbot/newsbot/config"
)

// cmdIndex is the index subcommand.
var cmdIndex = &command{
	name: "index",
	summary: "Brings the index in NEWSBOT_DATA_DIR in line with the corpus and reports the passages\n" +
		"added, updated, removed and unchanged. Only new and changed passages are embedded.",
	setup: func(fs *flag.FlagSet, c *cli) func(context.Context, []string) error {
		asJSON := fs.Bool("json", false, "print one JSON object with the counts")
		return func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("index: takes no arguments")
			}
			a, err := newApp(c, (*config.Config).Validate, true)
			if err != nil {
				return err
			}
			ix, err := a.openIndex(ctx)
			if err != nil {
				return err
			}
			res, err := a.syncIfChanged(ctx, ix)
			if err != nil {
				return err
			}
			if *asJSON {
				return json.NewEncoder(c.stdout).Encode(struct {
					Articles  int `json:"articles"`
					Passages  int `json:"passages"`
					Added     int `json:"added"`
					Updated   int `json:"updated"`
					Removed   int `json:"removed"`
					Unchanged int `json:"unchanged"`
					Embedded  int `json:"embedded"`
				}{res.Articles, res.Passages, res.Added, res.Updated, res.Removed, res.Unchanged, res.Embedded})
			}
			_, err = fmt.Fprintf(c.stdout, "%d articles, %d passages: %d added, %d updated, %d removed, %d unchanged (%d embedded)\n",
				res.Articles, res.Passages, res.Added, res.Updated, res.Removed, res.Unchanged, res.Embedded)
			return err
		}
	},
}
