// Command newsbot answers questions about a body of news coverage with
// retrieved, cited passages, on the command line and as a Discord bot.
//
// Usage:
//
//	newsbot COMMAND [flags] [arguments]
//
// Run "newsbot help" for the commands and "newsbot COMMAND -h" for the flags
// of one. Every setting can be given as a flag, an environment variable or a
// key of the TOML file named by --config; "newsbot config" shows them all.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/newsbot/newsbot/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second signal kills at once
	}()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "newsbot:", oneLine(err))
	}
	os.Exit(exitCode(err))
}

// exitCode is 0 for success, 2 for a usage error, 1 for anything else.
func exitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		return 2
	default:
		return 1
	}
}

// oneLine joins the lines of an error (errors.Join puts one cause a line)
// with "; " so that the reason stays one line.
func oneLine(err error) string {
	return strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", "; ")
}

// usageError is a bad command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// cli is one invocation's outside world: the environment, the output
// streams and the settings given as flags. Commands read nothing else of the
// process.
type cli struct {
	getenv         func(string) string
	stdout, stderr io.Writer
	settings       *config.Flags // parsed with the command's flags
}

// command is one subcommand.
type command struct {
	name    string
	args    string // synopsis of the arguments after the flags
	summary string
	// setup adds the command's own flags to fs and returns the function
	// that runs it with the arguments left after the flags.
	setup func(fs *flag.FlagSet, c *cli) func(ctx context.Context, args []string) error
}

// commands is the table of subcommands, filled by each command's file.
var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("newsbot: command registered twice: " + c.name) // wiring bug
	}
	commands[c.name] = c
}

// run is the whole program: it finds the subcommand, parses its flags and
// runs it. It never exits; main turns its error into the exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c := &cli{getenv: getenv, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		printUsage(stderr)
		return usagef("no command given")
	}
	name := args[0]
	if name == "help" || name == "-h" || name == "--help" || name == "-help" {
		if len(args) > 1 {
			if cmd, ok := commands[args[1]]; ok {
				fs, _ := newFlagSet(cmd, c, stdout)
				fs.Usage()
				return nil
			}
		}
		printUsage(stdout)
		return nil
	}
	cmd, ok := commands[name]
	if !ok {
		printUsage(stderr)
		return usagef("unknown command %q", name)
	}
	// The flag package would print the whole usage on every mistake; the
	// one-line reason names the help command instead.
	fs, runCmd := newFlagSet(cmd, c, stdout)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return nil
		}
		return usagef("%s: %v (see 'newsbot help %s')", name, err, name)
	}
	return runCmd(ctx, fs.Args())
}

// newFlagSet builds a command's flag set: its own flags, then one flag per
// setting, recorded in c.settings.
func newFlagSet(cmd *command, c *cli, out io.Writer) (*flag.FlagSet, func(context.Context, []string) error) {
	fs := flag.NewFlagSet("newsbot "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(out)
	runCmd := cmd.setup(fs, c)
	own := map[string]bool{}
	fs.VisitAll(func(f *flag.Flag) { own[f.Name] = true })
	c.settings = config.RegisterFlags(fs)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "usage: %s\n\n%s\n", strings.TrimSpace("newsbot "+cmd.name+" [flags] "+cmd.args), cmd.summary)
		if len(own) > 0 {
			fmt.Fprintf(out, "\nflags:\n")
			printFlags(fs, out, func(name string) bool { return own[name] })
		}
		fmt.Fprintf(out, "\nsettings (flags override environment, which overrides the --config file; see 'newsbot config'):\n")
		printFlags(fs, out, func(name string) bool { return !own[name] })
	}
	return fs, runCmd
}

func printFlags(fs *flag.FlagSet, out io.Writer, keep func(string) bool) {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fs.VisitAll(func(f *flag.Flag) {
		if !keep(f.Name) {
			return
		}
		name, usage := flag.UnquoteUsage(f)
		dash := "--"
		if len(f.Name) == 1 {
			dash = "-"
		}
		fmt.Fprintf(tw, "  %s%s %s\t%s\n", dash, f.Name, name, usage)
	})
	tw.Flush()
}

func printUsage(w io.Writer) {
	fmt.Fprintf(w, "newsbot answers questions about news coverage with cited passages.\n\nusage: newsbot COMMAND [flags] [arguments]\n\ncommands:\n")
	var names []string
	for n, c := range commands {
		if c.summary != "" {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, n := range names {
		fmt.Fprintf(tw, "  %s\t%s\n", strings.TrimSpace(n+" "+commands[n].args), firstLine(commands[n].summary))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nRun 'newsbot help COMMAND' for a command's flags and settings.\n")
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
