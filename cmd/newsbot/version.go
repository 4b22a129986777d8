package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set at build time: go build -ldflags "-X main.version=v1.2.3 -X main.commit=abc123"
// (scripts/build.sh does it). Empty means: read the module build info.
var (
	version string
	commit  string
)

// buildVersion returns the version and commit: the -ldflags values if set,
// else the module version and VCS revision the Go toolchain recorded, else
// "devel" and "unknown".
func buildVersion() (v, c string) {
	v, c = version, commit
	if info, ok := debug.ReadBuildInfo(); ok {
		if v == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && c == "" {
				c = s.Value
			}
		}
	}
	if v == "" {
		v = "devel"
	}
	if c == "" {
		c = "unknown"
	}
	return v, c
}

// cmdVersion is the version subcommand.
var cmdVersion = &command{
	name:    "version",
	summary: "Prints the version, commit and Go version.",
	setup: func(fs *flag.FlagSet, c *cli) func(context.Context, []string) error {
		asJSON := fs.Bool("json", false, "print one JSON object")
		return func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("version: takes no arguments")
			}
			v, cm := buildVersion()
			if *asJSON {
				return json.NewEncoder(c.stdout).Encode(map[string]string{"version": v, "commit": cm, "go": runtime.Version()})
			}
			_, err := fmt.Fprintf(c.stdout, "newsbot %s (commit %s, %s)\n", v, cm, runtime.Version())
			return err
		}
	},
}
