package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/config"
)

// cmdAsk is the ask subcommand.
var cmdAsk = &command{
	name: "ask",
	args: "QUESTION",
	summary: "Answers one question from the coverage, with the cited passages.\n" +
		"Without a chat model the answer is extractive: sentences quoted from the coverage.",
	setup: func(fs *flag.FlagSet, c *cli) func(context.Context, []string) error {
		asJSON := fs.Bool("json", false, "print one JSON object: question, answer, refused, mode, citations")
		return func(ctx context.Context, args []string) error {
			q := strings.TrimSpace(strings.Join(args, " "))
			if answer.Empty(q) { // blank, or emoji and punctuation only
				return errNoQuestion
			}
			a, err := newApp(c, (*config.Config).Validate, true)
			if err != nil {
				return err
			}
			if n := utf8.RuneCountInString(q); n > a.cfg.MaxQuestionLength {
				return fmt.Errorf("ask: the question has %d characters; at most %d are accepted (NEWSBOT_MAX_QUESTION_LENGTH)", n, a.cfg.MaxQuestionLength)
			}
			ctx, cancel, answerer, err := a.answering(ctx)
			defer cancel()
			if err != nil {
				return err
			}
			req := answer.Request{Question: q}
			streamed := streamTo(c, &req.OnDelta, !*asJSON && isTerminal(c.stdout))
			ans, err := answerer.Ask(ctx, req)
			if errors.Is(err, answer.ErrEmptyQuestion) {
				return errNoQuestion
			}
			if err != nil {
				return fmt.Errorf("ask: %w", err)
			}
			if *asJSON {
				return writeJSON(c.stdout, answer.JSON(ans))
			}
			return printAnswer(c.stdout, ans, streamed, "")
		}
	},
}

// errNoQuestion is ask's answer to a question with no words, blank or
// emoji only: one message, one exit status (2, a bad command line).
var errNoQuestion = usagef("ask: no question given")

// streamTo sets *onDelta to print the answer as it grows when stream is
// true (stdout is a terminal, and not JSON), and returns what it printed;
// nil when it does not stream.
func streamTo(c *cli, onDelta *func(string) error, stream bool) *strings.Builder {
	if !stream {
		return nil
	}
	var shown strings.Builder
	*onDelta = func(delta string) error {
		shown.WriteString(delta)
		_, err := io.WriteString(c.stdout, delta)
		return err
	}
	return &shown
}

// printAnswer prints an answer and its sources. streamed is what was
// already printed as the answer grew (nil if nothing): the verified text
// can differ from it (markers that point nowhere removed, the rest
// renumbered), and then it is printed again under a rule.
// after, if not empty, is printed after the text (compare's figures).
func printAnswer(w io.Writer, ans *answer.Answer, streamed *strings.Builder, after string) error {
	var b strings.Builder
	switch {
	case streamed == nil:
		b.WriteString(ans.Text)
	case strings.TrimSpace(streamed.String()) == strings.TrimSpace(ans.Text):
	default:
		b.WriteString("\n\n--- verified answer:\n")
		b.WriteString(ans.Text)
	}
	b.WriteString("\n")
	b.WriteString(after)
	if ans.Mode == answer.ModeExtractive && !ans.Refused {
		note := "extractive answer: sentences quoted from the coverage, no language model"
		if ans.Fallback != "" {
			note = "extractive answer: the chat model failed (" + ans.Fallback + ")"
		}
		fmt.Fprintf(&b, "\n(%s)\n", note)
	}
	if ans.LexicalOnly {
		b.WriteString("(found by word search only: the embeddings endpoint was unavailable)\n")
	}
	if len(ans.Citations) > 0 {
		b.WriteString("\nSources:\n")
		for _, cit := range ans.Citations {
			fmt.Fprintf(&b, "[%d] %s\n", cit.N, source(cit.Hit.Passage))
			if s := strings.TrimSpace(cit.Sentence); s != "" {
				fmt.Fprintf(&b, "    %s\n", quote(s))
				// Relative dates of the quote, read against the article's date.
				var ds []string
				for _, d := range answer.ResolveDates(s, cit.Hit.Passage.Published) {
					ds = append(ds, d.Phrase+" = "+d.Date)
				}
				if len(ds) > 0 {
					fmt.Fprintf(&b, "    (%s)\n", strings.Join(ds, "; "))
				}
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
