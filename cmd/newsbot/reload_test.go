package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/config"
)

const (
	harbourArticle = "---\nid: harbour\ntitle: Harbour dredging starts\noutlet: Harbour Gazette\npublished: 2024-06-02\n---\n" +
		"Dredging of the old harbour began on Monday, the port authority said. The work will deepen the channel to twelve metres so that larger ferries can dock. " +
		"The authority expects the dredging to last four months and to cost 18 million euros.\n"
	ferryArticle = "---\nid: ferry\ntitle: Night ferry returns\noutlet: Island Post\npublished: 2024-06-03\n---\n" +
		"The night ferry to the islands will return in July after a two-year pause, the operator announced. " +
		"Tickets for the night ferry go on sale on Friday and cost 35 euros for a cabin.\n"
)

// TestReloadUnderConcurrentQuestions changes the corpus folder while
// questions are being answered: no question fails, and once the reload is
// done, answers see the new article.
func TestReloadUnderConcurrentQuestions(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"harbour.md": harbourArticle})
	var stderr bytes.Buffer
	c := &cli{getenv: env{"NEWSBOT_DATA_DIR": t.TempDir(), "NEWSBOT_CORPUS_DIR": dir}.get, stdout: &bytes.Buffer{}, stderr: &stderr}
	a, err := newApp(c, (*config.Config).Validate, true)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ix, err := a.prepare(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rl, err := newReloader(a, ix)
	if err != nil {
		t.Fatal(err)
	}
	if changed, err := rl.Check(ctx); err != nil || changed {
		t.Fatalf("Check on an unchanged folder = %v, %v; want false, nil", changed, err)
	}
	ans := a.answerer(ix)

	ferryQ := "When does the night ferry return?"
	costQ := "How much does the dredging cost?"
	before, err := ans.Ask(ctx, answer.Request{Question: ferryQ})
	if err != nil {
		t.Fatal(err)
	}
	if !before.Refused {
		t.Fatalf("before the reload, %q was answered: %q", ferryQ, before.Text)
	}

	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	var started sync.WaitGroup // each asker has answered once before the corpus changes
	started.Add(4)
	for range 4 {
		wg.Go(func() {
			first := true
			defer func() {
				if first {
					started.Done()
				}
			}()
			for {
				select {
				case <-stop:
					return
				default:
				}
				a, err := ans.Ask(ctx, answer.Request{Question: costQ})
				if err != nil {
					errs <- err
					return
				}
				if a.Refused || !(strings.Contains(a.Text, "18 million") || strings.Contains(a.Text, "21 million")) {
					errs <- &answerError{a.Text}
					return
				}
				if first {
					first = false
					started.Done()
				}
			}
		})
	}
	started.Wait()
	writeFiles(t, dir, map[string]string{"ferry.md": ferryArticle})
	changed, err := rl.Check(ctx)
	if err != nil || !changed {
		t.Errorf("Check after adding a file = %v, %v; want true, nil", changed, err)
	}
	// Change the harbour article too: its passages are re-embedded in place.
	writeFiles(t, dir, map[string]string{"harbour.md": strings.Replace(harbourArticle, "18 million", "21 million", 1)})
	if changed, err := rl.Check(ctx); err != nil || !changed {
		t.Errorf("Check after editing a file = %v, %v; want true, nil", changed, err)
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("question during reload: %v", err)
	}

	after, err := ans.Ask(ctx, answer.Request{Question: ferryQ})
	if err != nil {
		t.Fatal(err)
	}
	if after.Refused || len(after.Citations) == 0 || after.Citations[0].Hit.Passage.ArticleID != "ferry" {
		t.Errorf("after the reload, %q = %q (refused %v); want an answer citing the ferry article", ferryQ, after.Text, after.Refused)
	}
	cost, err := ans.Ask(ctx, answer.Request{Question: costQ})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(cost.Text, "21 million") {
		t.Errorf("after the edit, the cost answer = %q; want the new 21 million", cost.Text)
	}

	// A folder that disappears is an error; the index keeps its passages.
	n := ix.Len()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := rl.Check(ctx); err == nil || !strings.Contains(err.Error(), filepath.Base(dir)) {
		t.Errorf("Check on a removed folder = %v; want an error naming it", err)
	}
	if ix.Len() != n {
		t.Errorf("index has %d passages after a failed reload; want %d", ix.Len(), n)
	}
}

type answerError struct{ text string }

func (e *answerError) Error() string { return "unexpected answer: " + e.text }

func TestCheckBundled(t *testing.T) {
	c := &cli{getenv: env{"NEWSBOT_DATA_DIR": t.TempDir()}.get, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	a, err := newApp(c, (*config.Config).Validate, true)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := a.prepare(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rl, err := newReloader(a, ix)
	if err != nil {
		t.Fatal(err)
	}
	if changed, err := rl.Check(context.Background()); changed || err != nil {
		t.Errorf("Check on the bundled corpus = %v, %v; want false, nil", changed, err)
	}
}
