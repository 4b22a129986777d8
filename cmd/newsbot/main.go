// Command newsbot answers questions about a body of news coverage with
// retrieved, cited passages, on the command line and as a Discord bot.
//
// Usage:
//
//	newsbot [settings] COMMAND [flags] [arguments]
//	newsbot --version
//
// Run "newsbot help" for the commands and "newsbot COMMAND -h" for the flags
// of one. Settings may come before the command name or after it. Every setting can be given as a flag, an environment variable or a
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
	"unicode/utf8"

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

// commands is the table of subcommands, one a file (ask.go, serve.go, …):
// a new subcommand is one file and one row here.
var commands = commandTable(
	cmdAdd,
	cmdArticles,
	cmdAsk,
	cmdCompare,
	cmdConfig,
	cmdEval,
	cmdFetch,
	cmdHealthcheck,
	cmdIndex,
	cmdRemove,
	cmdSearch,
	cmdServe,
	cmdSummary,
	cmdSynth,
	cmdVersion,
)

// commandTable indexes cmds by name.
func commandTable(cmds ...*command) map[string]*command {
	t := make(map[string]*command, len(cmds))
	for _, c := range cmds {
		if _, dup := t[c.name]; dup {
			panic("newsbot: two commands named " + c.name) // wiring bug
		}
		t[c.name] = c
	}
	return t
}

// run is the whole program: it parses the global flags, finds the
// subcommand, parses its flags and runs it. It never exits; main turns its
// error into the exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	c := &cli{getenv: getenv, stdout: stdout, stderr: stderr}
	global, args, showVersion, err := globalFlags(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		printUsage(stdout)
		return nil
	case err != nil:
		return usagef("%v (flags before the command are the settings, --config and --version; see 'newsbot help')", err)
	case showVersion:
		if len(args) > 0 {
			return usagef("--version takes no command (got %q)", args[0])
		}
		args = []string{"version"}
	}
	if len(args) == 0 {
		printUsage(stderr)
		return usagef("no command given")
	}
	name := args[0]
	if name == "help" {
		return help(c, args[1:])
	}
	cmd, ok := commands[name]
	if !ok {
		printUsage(stderr)
		return usagef("unknown command %q", name)
	}
	// The flag package would print the whole usage on every mistake; the
	// one-line reason names the help command instead. Settings given before
	// the command are parsed first, so that a flag after it wins.
	fs, runCmd := newFlagSet(cmd, c, stdout)
	fs.SetOutput(io.Discard)
	if err := fs.Parse(append(global, args[1:]...)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return nil
		}
		return usagef("%s: %v (see 'newsbot help %s')", name, err, name)
	}
	return runCmd(ctx, fs.Args())
}

// globalFlags parses the flags before the command name: every setting
// (--config FILE, --top-k 4, ...), --version and -h. It returns those
// flags as typed, for the command's flag set to parse again (it knows the
// same settings, so a setting means the same before and after the command
// name), and the arguments from the command name on.
func globalFlags(args []string) (global, rest []string, version bool, err error) {
	fs := flag.NewFlagSet("newsbot", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	config.RegisterFlags(fs)
	v := fs.Bool("version", false, "print the version, commit and Go version")
	if err := fs.Parse(args); err != nil {
		return nil, nil, false, err
	}
	rest = fs.Args()
	global = args[:len(args)-len(rest)]
	if n := len(global); n > 0 && global[n-1] == "--" { // the terminator ends the global flags only
		global = global[:n-1]
	}
	// --version is no setting: the command's flag set would not know it.
	global = slices.DeleteFunc(slices.Clone(global), func(a string) bool {
		return strings.TrimLeft(a, "-") == "version" || strings.HasPrefix(strings.TrimLeft(a, "-"), "version=")
	})
	return global, rest, *v, nil
}

// help prints the general help, or one command's flags and settings. An
// unknown command name is a usage error naming it.
func help(c *cli, args []string) error {
	switch len(args) {
	case 0:
		printUsage(c.stdout)
		return nil
	case 1:
	default:
		return usagef("help: want at most one command name, got %d (%s)", len(args), strings.Join(args, " "))
	}
	cmd, ok := commands[args[0]]
	if !ok {
		printUsage(c.stderr)
		return usagef("help: unknown command %q", args[0])
	}
	fs, _ := newFlagSet(cmd, c, c.stdout)
	fs.Usage()
	return nil
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

// helpWidth is the width the general help wraps its descriptions to.
const helpWidth = 100

func printUsage(w io.Writer) {
	fmt.Fprintf(w, "newsbot answers questions about news coverage with cited passages.\n\n"+
		"usage: newsbot [settings] COMMAND [flags] [arguments]\n       newsbot --version\n\ncommands:\n")
	var names []string
	col := 0
	for n, c := range commands {
		if c.summary != "" {
			names = append(names, n)
			col = max(col, len(strings.TrimSpace(n+" "+c.args)))
		}
	}
	slices.Sort(names)
	pad := strings.Repeat(" ", 2+col+2)
	for _, n := range names {
		syn := strings.TrimSpace(n + " " + commands[n].args)
		lines := wrap(firstSentence(commands[n].summary), helpWidth-len(pad))
		fmt.Fprintf(w, "  %-*s  %s\n", col, syn, lines[0])
		for _, l := range lines[1:] {
			fmt.Fprintf(w, "%s%s\n", pad, l)
		}
	}
	fmt.Fprintf(w, "\nSettings (--config FILE, --top-k 4, ...) may come before the command or after it.\n"+
		"Run 'newsbot help COMMAND' for a command's flags and settings.\n")
}

// firstSentence returns the first sentence of a command's summary, whole:
// the summary's lines joined, up to the first full stop that ends a word.
func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for i := 0; i < len(s); i++ {
		if s[i] == '.' && (i+1 == len(s) || s[i+1] == ' ') {
			return s[:i+1]
		}
	}
	return s
}

// wrap breaks s into lines of at most width characters at spaces (a
// longer word gets a line of its own). It returns at least one line.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
}
