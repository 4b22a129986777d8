package main

import (
	"context"
	"flag"
	"net"
	"time"

	"github.com/newsbot/newsbot/config"
	"github.com/newsbot/newsbot/telemetry"
)

// cmdHealthcheck is the healthcheck subcommand.
var cmdHealthcheck = &command{
	name: "healthcheck",
	summary: "Probes a running serve's /healthz (or --path) on NEWSBOT_HTTP_ADDR; exit status 0 when it answers 200.\n" +
		"The container HEALTHCHECK uses it, since minimal images have no curl.",
	setup: func(fs *flag.FlagSet, c *cli) func(context.Context, []string) error {
		path := fs.String("path", "/healthz", "the `path` to probe: /healthz or /readyz")
		timeout := fs.Duration("timeout", 3*time.Second, "give up after this long")
		return func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("healthcheck: takes no arguments")
			}
			cfg, err := config.Load(c.getenv, c.settings)
			if err != nil {
				return err
			}
			host, port, err := net.SplitHostPort(cfg.HTTPAddr)
			if err != nil {
				return cfg.Validate()
			}
			if host == "" || host == "0.0.0.0" || host == "::" {
				host = "127.0.0.1"
			}
			ctx, cancel := context.WithTimeout(ctx, *timeout)
			defer cancel()
			return telemetry.Probe(ctx, "http://"+net.JoinHostPort(host, port)+*path)
		}
	},
}
