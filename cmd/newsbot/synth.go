package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/newsbot/newsbot/synth"
)

// cmdSynth is the synth subcommand.
var cmdSynth = &command{
	name: "synth",
	args: "-out DIR",
	summary: "Writes synthetic coverage (deterministic from a seed) into DIR, for load tests and\n" +
		"benchmarks: about 8.4 passages an article, so -articles 1200 gives about 10,000 passages.\n" +
		"Point NEWSBOT_CORPUS_DIR at DIR and run 'newsbot index'.",
	setup: func(fs *flag.FlagSet, c *cli) func(context.Context, []string) error {
		out := fs.String("out", "", "the `DIR` to write the articles into (created if missing)")
		articles := fs.Int("articles", 100, "how many articles to write")
		seed := fs.Uint64("seed", 1, "the same seed gives the same coverage")
		return func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("synth: unexpected arguments %q", args)
			}
			if *out == "" {
				return usagef("synth: -out DIR is required")
			}
			if *articles <= 0 {
				return usagef("synth: -articles must be positive, not %d", *articles)
			}
			if err := synth.WriteDir(*out, synth.Options{Seed: *seed, Articles: *articles}); err != nil {
				return fmt.Errorf("synth: %w", err)
			}
			_, err := fmt.Fprintf(c.stdout, "wrote %d articles to %s\n", *articles, *out)
			return err
		}
	},
}
