package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/config"
)

// cmdCompare is the compare subcommand.
var cmdCompare = &command{
	name: "compare",
	args: "TOPIC",
	summary: "Shows how each outlet reports one point, side by side, with citations,\n" +
		"and calls out where their figures disagree.",
	setup: func(fs *flag.FlagSet, c *cli) func(context.Context, []string) error {
		asJSON := fs.Bool("json", false, "print one JSON object: topic, text, outlets, discrepancies, citations")
		return func(ctx context.Context, args []string) error {
			topic := strings.TrimSpace(strings.Join(args, " "))
			if answer.Empty(topic) { // blank, or emoji and punctuation only
				return usagef("compare: no topic given")
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
			req := answer.CompareRequest{Topic: topic}
			streamed := streamTo(c, &req.OnDelta, !*asJSON && isTerminal(c.stdout))
			cmp, err := answerer.Compare(ctx, req)
			if err != nil {
				return fmt.Errorf("compare: %w", err)
			}
			if *asJSON {
				return writeJSON(c.stdout, answer.JSONComparison(cmp))
			}
			return printComparison(c.stdout, cmp, streamed)
		}
	},
}

// missingFigures reports whether the comparison text leaves out a figure
// of its discrepancies (a model's text may); then they are listed after it.
func missingFigures(cmp *answer.Comparison) bool {
	for _, d := range cmp.Discrepancies {
		for _, f := range d.Figures {
			if !strings.Contains(cmp.Text, f.Value) {
				return true
			}
		}
	}
	return false
}

// printComparison prints the comparison text, the figures that differ when
// the text does not show them all, and the sources.
func printComparison(w io.Writer, cmp *answer.Comparison, streamed *strings.Builder) error {
	var b strings.Builder
	if missingFigures(cmp) {
		b.WriteString("\nFigures that differ:\n")
		for _, d := range cmp.Discrepancies {
			fmt.Fprintf(&b, "- %s:", d.Subject)
			for i, f := range d.Figures {
				if i > 0 {
					b.WriteString(";")
				}
				fmt.Fprintf(&b, " %s", figureText(f))
			}
			b.WriteString("\n")
		}
	}
	return printAnswer(w, &cmp.Answer, streamed, b.String())
}

// figureText is "12,000 troops (South Korea's spy agency, via Yonhap) [1]".
func figureText(f answer.Figure) string {
	s := f.Value
	if f.Unit != "" {
		s += " " + f.Unit
	}
	var who []string
	if f.Source != "" {
		who = append(who, f.Source)
	}
	if f.Outlet != "" {
		who = append(who, "via "+f.Outlet)
	}
	if len(who) > 0 {
		s += " (" + strings.Join(who, ", ") + ")"
	}
	if f.N > 0 {
		s += fmt.Sprintf(" [%d]", f.N)
	}
	return s
}
