package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/feed"
	"github.com/newsbot/newsbot/fetch"
	"github.com/newsbot/newsbot/intake"
)

// articlesDir is where fetched articles are written: they join the
// configured corpus.
func (a *app) articlesDir() string { return filepath.Join(a.cfg.DataDir, "articles") }

// withFetched adds the fetched articles (NEWSBOT_DATA_DIR/articles) to the
// configured corpus arts. A fetched file that cannot be read, or whose id
// the corpus already uses, is skipped with a warning naming it.
func (a *app) withFetched(arts []corpus.Article) []corpus.Article {
	a.fetched = map[string]bool{}
	dir := a.articlesDir()
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return arts
	}
	mine, err := corpus.Load(os.DirFS(dir))
	if err != nil {
		var joined interface{ Unwrap() []error }
		errs := []error{err}
		if errors.As(err, &joined) {
			errs = joined.Unwrap()
		}
		for _, e := range errs {
			a.warnFetched(fmt.Errorf("%s: %w", dir, e))
		}
	}
	taken := map[string]bool{}
	for _, art := range arts {
		taken[art.ID] = true
	}
	for _, m := range mine {
		if taken[m.ID] {
			a.warnFetched(fmt.Errorf("%s: id %q is already used by the corpus", filepath.Join(dir, m.File), m.ID))
			continue
		}
		a.fetched[m.ID] = true
		arts = append(arts, m)
	}
	slices.SortFunc(arts, func(x, y corpus.Article) int { return strings.Compare(x.ID, y.ID) })
	return arts
}

func (a *app) warnFetched(err error) {
	if a.serving {
		a.log.Warn("fetched article skipped", "err", err)
		return
	}
	fmt.Fprintf(a.cli.stderr, "newsbot: warning: skipped %v\n", err)
}

// configuredCorpus loads the corpus without the fetched articles: what the
// store must not duplicate.
func (a *app) configuredCorpus() ([]corpus.Article, error) {
	fsys, name, err := a.corpusFS()
	if err != nil {
		return nil, err
	}
	arts, err := corpus.Load(fsys)
	if len(arts) == 0 && err != nil {
		return nil, fmt.Errorf("load corpus %s: %w", name, err)
	}
	return arts, nil
}

// fetchedFingerprint hashes the name, size and modification time of each
// file in the fetched articles folder; "" when there is none.
func (a *app) fetchedFingerprint() string {
	entries, err := os.ReadDir(a.articlesDir())
	if err != nil {
		return ""
	}
	h := sha256.New()
	for _, e := range entries {
		if info, err := e.Info(); err == nil && !e.IsDir() {
			fmt.Fprintf(h, "%s\x00%d\x00%d\n", e.Name(), info.Size(), info.ModTime().UnixNano())
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// userAgent names newsbot and its version to the sites it fetches from.
func userAgent() string {
	v, _ := buildVersion()
	return "newsbot/" + v + " (+https://github.com/newsbot/newsbot)"
}

// newIntake builds the fetcher, the article store and the feed state from
// the configuration.
func (a *app) newIntake() (*intake.Intake, error) {
	own, err := a.configuredCorpus()
	if err != nil {
		return nil, err
	}
	st, err := intake.OpenStore(a.articlesDir(), own)
	if err != nil {
		return nil, err
	}
	state, err := feed.OpenState(filepath.Join(a.cfg.DataDir, "feeds.json"))
	if err != nil {
		return nil, err
	}
	client := fetch.New(fetch.Options{
		UserAgent:    userAgent(),
		AllowPrivate: a.cfg.FetchAllowPrivate,
		Timeout:      20 * time.Second,
		HostDelay:    fetchHostDelay,
	})
	return intake.New(client, st, state, intake.Options{Logger: a.log}), nil
}

// fetchHostDelay is the pause between two requests to one host; tests
// against one loopback server shorten it.
var fetchHostDelay = time.Second
