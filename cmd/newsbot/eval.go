package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/config"
	"github.com/newsbot/newsbot/evaluate"
)

// cmdEval is the eval subcommand.
var cmdEval = &command{
	name: "eval",
	args: "FILE.jsonl",
	summary: "Runs a question set (one JSON object a line: id, question, answerable, answer_any, evidence_any)\n" +
		"and prints evidence recall (cited and retrieved), answer hit rate, refusal accuracy and citation\n" +
		"integrity, then the same by question kind (who, when, number, yes-no, quote, compare, …, read from\n" +
		"the wording), then each miss. Optional per line: no_mass_mention (true: the answer must carry no\n" +
		"live mention; scored as mass-mention safety) and history ([{\"question\", \"answer\"}], earlier\n" +
		"turns for a follow-up). The exit status is non-zero only for bad input, not for low scores.",
	setup: func(fs *flag.FlagSet, c *cli) func(context.Context, []string) error {
		asJSON := fs.Bool("json", false, "print the report, with every question's result, as JSON")
		return func(ctx context.Context, args []string) error {
			if len(args) != 1 {
				return usagef("eval: want one question file, got %d arguments", len(args))
			}
			f, err := os.Open(args[0])
			if err != nil {
				return fmt.Errorf("eval: %w", err)
			}
			cases, err := evaluate.Read(f, args[0])
			f.Close()
			if err != nil {
				return fmt.Errorf("eval: %w", err)
			}
			a, err := newApp(c, (*config.Config).Validate, true)
			if err != nil {
				return err
			}
			ix, err := a.prepare(ctx)
			if err != nil {
				return err
			}
			rep, err := evaluate.Run(ctx, timedAsker{a.answerer(ix), a.cfg}, cases)
			if err != nil {
				return err
			}
			if *asJSON {
				enc := json.NewEncoder(c.stdout)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(rep)
			}
			mode := "extractive"
			if a.cfg.UseChatModel() {
				mode = "llm " + a.cfg.ChatModel
			}
			fmt.Fprintf(c.stdout, "%s: %s answers, %s embedder, top %d passages\n\n", args[0], mode, a.cfg.Embedder, a.cfg.TopK)
			return rep.WriteText(c.stdout)
		}
	},
}

// timedAsker gives each question the answer deadline.
type timedAsker struct {
	inner evaluate.Asker
	cfg   *config.Config
}

func (t timedAsker) Ask(ctx context.Context, req answer.Request) (*answer.Answer, error) {
	ctx, cancel := context.WithTimeout(ctx, t.cfg.AnswerTimeout)
	defer cancel()
	return t.inner.Ask(ctx, req)
}
