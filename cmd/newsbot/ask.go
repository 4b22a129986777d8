package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/config"
)

func init() {
	register(&command{
		name: "ask",
		args: "QUESTION",
		summary: "Answers one question from the coverage, with the cited passages.\n" +
			"Without a chat model the answer is extractive: sentences quoted from the coverage.",
		setup: func(fs *flag.FlagSet, c *cli) func(context.Context, []string) error {
			asJSON := fs.Bool("json", false, "print one JSON object: question, answer, refused, mode, citations")
			return func(ctx context.Context, args []string) error {
				q := strings.TrimSpace(strings.Join(args, " "))
				if q == "" {
					return usagef("ask: no question given")
				}
				a, err := newApp(c, (*config.Config).Validate, true)
				if err != nil {
					return err
				}
				if n := utf8.RuneCountInString(q); n > a.cfg.MaxQuestionLength {
					return fmt.Errorf("ask: the question has %d characters; at most %d are accepted (NEWSBOT_MAX_QUESTION_LENGTH)", n, a.cfg.MaxQuestionLength)
				}
				ix, err := a.prepare(ctx)
				if err != nil {
					return err
				}
				ctx, cancel := context.WithTimeout(ctx, a.cfg.AnswerTimeout)
				defer cancel()
				req := answer.Request{Question: q}
				streamed := streamTo(c, &req.OnDelta, *asJSON)
				ans, err := a.answerer(ix).Ask(ctx, req)
				if err != nil {
					return fmt.Errorf("ask: %w", err)
				}
				if *asJSON {
					return writeJSON(c.stdout, answer.JSON(ans))
				}
				return printAnswer(c.stdout, ans, streamed)
			}
		},
	})
}

// streamTo sets *onDelta to print the answer as it grows when stdout is a
// terminal (and not JSON); it reports whether it did.
func streamTo(c *cli, onDelta *func(string) error, asJSON bool) bool {
	if asJSON || !isTerminal(c.stdout) {
		return false
	}
	*onDelta = func(delta string) error {
		_, err := io.WriteString(c.stdout, delta)
		return err
	}
	return true
}

// printAnswer prints an answer and its sources. If the text was already
// streamed, it prints only a line break and what follows the text; the
// final text may differ from the stream (invalid markers removed,
// renumbered), so a terminal shows the verified text again when it differs.
func printAnswer(w io.Writer, ans *answer.Answer, streamed bool) error {
	var b strings.Builder
	if streamed {
		b.WriteString("\n")
	}
	b.WriteString(ans.Text)
	b.WriteString("\n")
	if ans.Mode == answer.ModeExtractive && !ans.Refused {
		note := "extractive answer: sentences quoted from the coverage, no language model"
		if ans.Fallback != "" {
			note = "extractive answer: the chat model failed (" + ans.Fallback + ")"
		}
		fmt.Fprintf(&b, "\n(%s)\n", note)
	}
	if len(ans.Citations) > 0 {
		b.WriteString("\nSources:\n")
		for _, cit := range ans.Citations {
			fmt.Fprintf(&b, "[%d] %s\n", cit.N, source(cit.Hit.Passage))
			if s := strings.TrimSpace(cit.Sentence); s != "" {
				fmt.Fprintf(&b, "    %q\n", s)
			}
		}
	}
	if len(ans.Unsupported) > 0 {
		fmt.Fprintf(&b, "\nNot supported by a cited passage:\n")
		for _, s := range ans.Unsupported {
			fmt.Fprintf(&b, "  - %s\n", s)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
