package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/config"
	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/internal/buildid"
	"github.com/newsbot/newsbot/retrieval"
	"github.com/newsbot/newsbot/semantic"
	"github.com/newsbot/newsbot/telemetry"
	"github.com/newsbot/newsbot/thesaurus"
)

// app is what a command builds from the configuration. Only cmd/newsbot
// reads config: it copies values into the other packages' options here.
type app struct {
	cli     *cli
	cfg     *config.Config
	log     *slog.Logger
	metrics *telemetry.Metrics // nil outside serve
	serving bool               // serve: corpus warnings go to the log, not stderr lines

	articles []corpus.Article // the corpus as the last syncIndex loaded it
	fetched  map[string]bool  // ids of the articles loaded from articlesDir
}

// newApp loads and validates the configuration (flags > environment >
// file > defaults) and builds the logger. validate is (*config.Config).Validate
// or ValidateServe.
func newApp(c *cli, validate func(*config.Config) error, quietByDefault bool) (*app, error) {
	cfg, err := config.Load(c.getenv, c.settings)
	if err != nil {
		return nil, err
	}
	if err := validate(cfg); err != nil {
		return nil, err
	}
	return &app{cli: c, cfg: cfg, log: newLogger(cfg, c.stderr, quietByDefault)}, nil
}

// newLogger logs to w in the configured format and level. The command-line
// commands (quietByDefault) log only warnings unless a level was set, so that
// their output stays their answer.
func newLogger(cfg *config.Config, w io.Writer, quietByDefault bool) *slog.Logger {
	level := slog.LevelInfo
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	if quietByDefault && cfg.Source("log_level").Kind == config.FromDefault {
		level = slog.LevelWarn
	}
	opts := &slog.HandlerOptions{Level: level}
	format := cfg.LogFormat
	if format == config.LogFormatAuto {
		format = config.LogFormatJSON
		if isTerminal(w) {
			format = config.LogFormatText
		}
	}
	if format == config.LogFormatText {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// isTerminal reports whether w is a terminal (never for buffers in tests).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// corpusFS returns the corpus folder as an fs.FS and a name for messages.
func (a *app) corpusFS() (fs.FS, string, error) {
	dir := a.cfg.CorpusDir
	if dir == "" {
		return corpus.Bundled(), "bundled coverage", nil
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, "", fmt.Errorf("corpus folder %s (NEWSBOT_CORPUS_DIR): %w", dir, unwrapPath(err))
	}
	if !st.IsDir() {
		return nil, "", fmt.Errorf("corpus folder %s (NEWSBOT_CORPUS_DIR): not a folder", dir)
	}
	return os.DirFS(dir), dir, nil
}

// unwrapPath drops the *fs.PathError wrapper whose path the message already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// loadCorpus loads the articles, printing each skipped file (name and line)
// to stderr as a warning. No article at all is an error.
func (a *app) loadCorpus() ([]corpus.Article, error) {
	arts, _, err := a.loadCorpusCounted()
	return arts, err
}

// loadCorpusCounted is loadCorpus, also returning how many files it skipped.
func (a *app) loadCorpusCounted() ([]corpus.Article, int, error) {
	fsys, name, err := a.corpusFS()
	if err != nil {
		return nil, 0, err
	}
	arts, err := corpus.Load(fsys)
	var skipped []error
	if err != nil {
		var fe *corpus.FileError
		var joined interface{ Unwrap() []error }
		switch {
		case errors.As(err, &joined):
			skipped = joined.Unwrap()
		case errors.As(err, &fe):
			skipped = []error{err}
		default:
			return nil, 0, fmt.Errorf("load corpus %s: %w", name, err)
		}
		for _, e := range skipped {
			a.warn(e)
		}
	}
	arts = a.withFetched(arts)
	if len(arts) == 0 && len(skipped) > 0 {
		return nil, 0, fmt.Errorf("load corpus %s: no articles: %s", name, skippedReasons(skipped))
	}
	if len(arts) == 0 {
		return nil, 0, fmt.Errorf("load corpus %s: no articles (want .md or .txt files)", name)
	}
	return arts, len(skipped), nil
}

// maxSkippedShown caps the skipped files an error names one by one.
const maxSkippedShown = 3

// skippedReasons says that every article file was skipped, and why: the
// first maxSkippedShown files with their line and cause, then how many more.
func skippedReasons(errs []error) string {
	var b strings.Builder
	if len(errs) == 1 {
		b.WriteString("its one .md/.txt file was skipped: ")
	} else {
		fmt.Fprintf(&b, "all %d .md/.txt files were skipped: ", len(errs))
	}
	for i, e := range errs[:min(len(errs), maxSkippedShown)] {
		if i > 0 {
			b.WriteString("; ")
		}
		if fe, ok := errors.AsType[*corpus.FileError](e); ok {
			b.WriteString(strings.TrimPrefix(fe.Error(), "load article "))
		} else {
			b.WriteString(e.Error())
		}
	}
	if more := len(errs) - maxSkippedShown; more > 0 {
		fmt.Fprintf(&b, "; and %d more (see the warnings above)", more)
	}
	return b.String()
}

func (a *app) warn(err error) {
	if a.serving {
		a.log.Warn("corpus file skipped", "dir", a.cfg.CorpusDir, "err", err)
		return
	}
	if a.cfg.CorpusDir != "" {
		fmt.Fprintf(a.cli.stderr, "newsbot: warning: skipped %s\n", strings.Replace(err.Error(), "load article ", filepath.Clean(a.cfg.CorpusDir)+string(filepath.Separator), 1))
		return
	}
	fmt.Fprintf(a.cli.stderr, "newsbot: warning: skipped %v\n", err)
}

// sentenceModel returns the sentence encoder of the local embedder and of
// the answer checks. It is a variable so that the tests, which build many
// apps over the same coverage in one process, can put a memory of vectors
// in front of it (TestMain in main_test.go).
var sentenceModel = func() (retrieval.SentenceModel, error) { return semantic.Default() }

// embedder returns the configured embedder and its name (the collection).
func (a *app) embedder() (retrieval.Embedder, string) {
	if a.cfg.Embedder == config.EmbedderOpenAI {
		e := retrieval.NewOpenAI(retrieval.OpenAIOptions{
			BaseURL:    a.cfg.OpenAIBaseURL,
			APIKey:     a.cfg.OpenAIAPIKey.Reveal(),
			Model:      a.cfg.EmbedModel,
			Dimensions: a.cfg.EmbedDimensions,
			Timeout:    a.cfg.RequestTimeout,
			Logger:     a.log,
		})
		return &meteredEmbedder{inner: e, kind: config.EmbedderOpenAI, m: a.metrics}, e.Name()
	}
	if m, err := sentenceModel(); err == nil {
		e := retrieval.NewMeaning(a.cfg.EmbedDimensions, m, semantic.Name)
		return &meteredEmbedder{inner: e, kind: config.EmbedderLocal, m: a.metrics}, e.Name()
	}
	a.log.Warn("sentence model unavailable; local embeddings match words only")
	e := retrieval.NewLocal(a.cfg.EmbedDimensions)
	return &meteredEmbedder{inner: e, kind: config.EmbedderLocal, m: a.metrics}, e.Name()
}

// indexDir is where the index snapshot lives.
func (a *app) indexDir() string { return filepath.Join(a.cfg.DataDir, "index") }

// openIndex opens the index in NEWSBOT_DATA_DIR.
func (a *app) openIndex(ctx context.Context) (*retrieval.Index, error) {
	emb, name := a.embedder()
	ix, err := retrieval.Open(ctx, a.indexDir(), emb, retrieval.IndexOptions{
		Collection: name,
		Logger:     a.log,
	})
	if err != nil {
		return nil, fmt.Errorf("open index in %s: %w", a.indexDir(), err)
	}
	return ix, nil
}

// syncResult is what bringing the index in line with the corpus did.
type syncResult struct {
	Articles int `json:"articles"`
	Passages int `json:"passages"`
	retrieval.SyncReport
}

// syncIndex loads the corpus, chunks it and syncs ix with it, with a
// progress bar on stderr when that is a terminal and embedding is needed.
// A corpus folder that loaded without a skipped file is then recorded in
// the corpus manifest, for syncIfChanged.
func (a *app) syncIndex(ctx context.Context, ix *retrieval.Index) (syncResult, error) {
	var stamps []corpus.FileStamp
	stamped := time.Now()
	fetched := a.fetchedFingerprint() // before loading, as the stamps
	if a.cfg.CorpusDir != "" {
		// Stamped before loading: a file that changes during the load
		// differs from its stamp next time and is read again.
		if fsys, _, err := a.corpusFS(); err == nil {
			if stamps, err = corpus.Stamp(fsys, nil); err != nil {
				a.log.Warn("corpus manifest not updated", "err", err)
			}
		}
	}
	arts, skipped, err := a.loadCorpusCounted()
	if err != nil {
		return syncResult{}, err
	}
	a.articles = arts
	ps := corpus.ChunkAll(arts, corpus.ChunkOptions{})
	var bar *progressbar.ProgressBar
	progress := func(done, total int) {}
	if isTerminal(a.cli.stderr) {
		progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total,
					progressbar.OptionSetWriter(a.cli.stderr),
					progressbar.OptionSetDescription("embedding passages"),
					progressbar.OptionShowCount(),
					progressbar.OptionClearOnFinish())
			}
			bar.Set(done)
		}
	}
	rep, err := ix.Sync(ctx, ps, progress)
	if bar != nil {
		bar.Finish()
	}
	a.metrics.Sync(rep.Added, rep.Updated, rep.Removed, rep.Unchanged, err)
	if err != nil {
		return syncResult{}, err // "sync index: ..." names the passages and the cause
	}
	a.metrics.IndexSize(len(arts), ix.Len())
	a.log.Info("index synced", "articles", len(arts), "passages", len(ps),
		"added", rep.Added, "updated", rep.Updated, "removed", rep.Removed, "unchanged", rep.Unchanged, "embedded", rep.Embedded)
	if key := a.manifestKey(ix, fetched); key != "" && stamps != nil && skipped == 0 {
		m := &corpus.Manifest{Key: key, Articles: len(arts), Passages: ix.Len(), Written: stamped, Files: stamps}
		if err := corpus.WriteManifest(a.manifestPath(), m); err != nil {
			a.log.Warn("corpus manifest not written; the next command reads the corpus again", "err", err)
		}
	}
	return syncResult{Articles: len(arts), Passages: len(ps), SyncReport: rep}, nil
}

// manifestPath is the corpus manifest's file, beside the index snapshot.
func (a *app) manifestPath() string { return filepath.Join(a.indexDir(), "corpus-manifest.json") }

// manifestKey is what a corpus manifest vouches for: this build (another
// may clean and chunk differently), the corpus folder, the index snapshot
// synced with it, and the fetched articles folder as fetched (its
// fingerprint: a fetched article added, edited or deleted, by newsbot or
// by hand, makes the next command read the corpus again). "" (no folder, the bundled coverage, or an
// index with no snapshot) means no manifest is kept.
func (a *app) manifestKey(ix *retrieval.Index, fetched string) string {
	id, fp := buildid.ID(), ix.Fingerprint()
	if id == "" || fp == "" || a.cfg.CorpusDir == "" {
		return ""
	}
	dir, err := filepath.Abs(a.cfg.CorpusDir)
	if err != nil {
		return ""
	}
	return strings.Join([]string{"corpus-manifest-1", id, dir, ix.Collection(), fp, fetched}, "\n")
}

// corpusUnchanged returns the corpus manifest when it shows that the
// corpus folder holds what ix was last synced with: the same files with
// the same contents, judged by size and modification time, and by content
// hash where those differ. New stamps (a file touched but not changed) are
// written back so the next command need not hash it again.
func (a *app) corpusUnchanged(ix *retrieval.Index) (*corpus.Manifest, bool) {
	key := a.manifestKey(ix, a.fetchedFingerprint())
	if key == "" {
		return nil, false
	}
	m, err := corpus.ReadManifest(a.manifestPath())
	if err != nil {
		a.log.Warn("corpus manifest unreadable; reading the corpus", "err", err)
		return nil, false
	}
	if m == nil || m.Key != key || m.Passages != ix.Len() {
		return nil, false
	}
	fsys, _, err := a.corpusFS()
	if err != nil {
		return nil, false
	}
	stamped := time.Now()
	files, err := corpus.Stamp(fsys, m)
	if err != nil || !corpus.SameContent(files, m.Files) {
		return nil, false
	}
	if !slices.Equal(files, m.Files) {
		next := *m
		next.Files, next.Written = files, stamped
		if err := corpus.WriteManifest(a.manifestPath(), &next); err != nil {
			a.log.Warn("corpus manifest not updated", "err", err)
		}
	}
	return m, true
}

// syncIfChanged is syncIndex, skipped when the corpus manifest shows the
// corpus folder unchanged since ix was synced with it: then nothing is
// read, cleaned, chunked or embedded, and every passage counts as
// unchanged.
func (a *app) syncIfChanged(ctx context.Context, ix *retrieval.Index) (syncResult, error) {
	m, ok := a.corpusUnchanged(ix)
	if !ok {
		return a.syncIndex(ctx, ix)
	}
	rep := retrieval.SyncReport{Unchanged: ix.Len()}
	a.metrics.Sync(0, 0, 0, rep.Unchanged, nil)
	a.metrics.IndexSize(m.Articles, ix.Len())
	a.log.Info("corpus unchanged since the index was synced; not read again", "dir", a.cfg.CorpusDir,
		"articles", m.Articles, "passages", ix.Len())
	return syncResult{Articles: m.Articles, Passages: ix.Len(), SyncReport: rep}, nil
}

// knownArticles returns the articles the last syncIndex loaded, loading
// the corpus when syncIfChanged did not need to (nil if it cannot).
func (a *app) knownArticles() []corpus.Article {
	if a.articles == nil {
		a.articles, _ = a.loadCorpus()
	}
	return a.articles
}

// prepare opens the index and syncs it with the corpus: what every command
// that searches does first.
func (a *app) prepare(ctx context.Context) (*retrieval.Index, error) {
	ix, err := a.openIndex(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := a.syncIfChanged(ctx, ix); err != nil {
		return nil, err
	}
	return ix, nil
}

// chatModel returns the configured chat model, nil for extractive answers.
func (a *app) chatModel() answer.ChatModel {
	if !a.cfg.UseChatModel() {
		return nil
	}
	m := answer.NewOpenAI(answer.OpenAIOptions{
		BaseURL: a.cfg.OpenAIBaseURL,
		APIKey:  a.cfg.OpenAIAPIKey.Reveal(),
		Model:   a.cfg.ChatModel,
		Timeout: a.cfg.RequestTimeout,
		Logger:  a.log,
	})
	return &meteredChat{inner: m, m: a.metrics}
}

// answerer builds the answerer over ix.
// answering brings the index in line with the corpus and returns the
// answerer over it, with ctx bounded by NEWSBOT_ANSWER_TIMEOUT: the common
// start of ask, summary and compare.
func (a *app) answering(ctx context.Context) (context.Context, context.CancelFunc, *answer.Answerer, error) {
	ix, err := a.prepare(ctx)
	if err != nil {
		return ctx, func() {}, nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, a.cfg.AnswerTimeout)
	return ctx, cancel, a.answerer(ix), nil
}

func (a *app) answerer(ix *retrieval.Index) *answer.Answerer {
	opts := answer.Options{TopK: a.cfg.TopK, Logger: a.log,
		MinRelevance: a.cfg.MinRelevance, ModelMinRelevance: a.cfg.ModelMinRelevance}
	if t, err := thesaurus.Default(); err == nil {
		opts.Thesaurus = t
	} else {
		a.log.Warn("thesaurus unavailable; question words match by stem and spelling only", "err", err)
	}
	if m, err := sentenceModel(); err == nil {
		opts.Sentences = m
	} else {
		a.log.Warn("sentence model unavailable; deciding on words alone", "err", err)
	}
	if a.cfg.UseChatModel() {
		opts.ModelName = a.cfg.ChatModel
	}
	if a.cfg.SummaryCache {
		opts.SummaryCache = answer.DirCache{Dir: filepath.Join(a.cfg.DataDir, "summaries")}
	}
	return answer.New(ix, a.chatModel(), opts)
}
