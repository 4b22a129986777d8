package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/newsbot/newsbot/config"
)

// cmdConfig is the config subcommand.
var cmdConfig = &command{
	name: "config",
	summary: "Prints the effective settings and where each came from (default, file, env, flag), secrets as ***.\n" +
		"Checks them too: a bad setting is reported and the exit status is 1.",
	setup: func(fs *flag.FlagSet, c *cli) func(context.Context, []string) error {
		asJSON := fs.Bool("json", false, "print a JSON array of {key, env, value, source}")
		return func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("config: takes no arguments")
			}
			cfg, err := config.Load(c.getenv, c.settings)
			if err != nil {
				return err
			}
			if err := printConfig(c, cfg, *asJSON); err != nil {
				return err
			}
			return cfg.Validate()
		}
	},
}

func printConfig(c *cli, cfg *config.Config, asJSON bool) error {
	type row struct {
		Key    string `json:"key"`
		Env    string `json:"env"`
		Value  string `json:"value"`
		Source string `json:"source"`
	}
	var rows []row
	for _, s := range cfg.Settings() {
		rows = append(rows, row{Key: s.Key, Env: s.Env, Value: s.Value, Source: s.Source.String()})
	}
	if asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "SETTING\tVALUE\tSOURCE\n")
	for _, r := range rows {
		v := r.Value
		if v == "" {
			v = "(none)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Env, v, r.Source)
	}
	if f := cfg.File(); f != "" {
		fmt.Fprintf(tw, "\nconfig file\t%s\t\n", f)
	}
	return tw.Flush()
}
