// Package telemetry is what an operator watches: Prometheus metrics for
// questions, latencies, tokens, embeddings, the queue, the index and Discord
// errors, and the /healthz, /readyz and /metrics HTTP endpoints. It knows
// nothing of the other packages; cmd/newsbot and the bot report into it.
package telemetry

import (
	"runtime"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Entry points a question can come in by (the "entry" label): the bot's
// kinds of question, and the command line.
const (
	EntryAsk      = "ask"      // /ask
	EntrySummary  = "summary"  // /summary
	EntryCompare  = "compare"  // /compare
	EntryMention  = "mention"  // a message mentioning the bot
	EntryChannel  = "channel"  // any message in an answer channel
	EntryFollowUp = "followup" // a reply to one of the bot's answers
	EntryCLI      = "cli"      // newsbot ask/summary/compare
)

// Outcomes of a question (the "outcome" label).
const (
	OutcomeAnswered     = "answered"      // an answer with citations
	OutcomeRefused      = "refused"       // the coverage does not answer it
	OutcomeError        = "error"         // failed; newsbot_answer_errors_total says why
	OutcomeTimeout      = "timeout"       // the answer deadline passed
	OutcomeShutdown     = "shutdown"      // cut off by a shutdown
	OutcomeRateLimited  = "rate_limited"  // the user asked too often
	OutcomeInvalid      = "invalid"       // empty or too long
	OutcomeBusy         = "busy"          // the queue was full
	OutcomeShuttingDown = "shutting_down" // turned away during a shutdown
)

// Kinds of answer error (the "kind" label of newsbot_answer_errors_total).
const (
	ErrorModel         = "model"          // the chat endpoint failed and no answer was made
	ErrorModelFallback = "model_fallback" // the chat endpoint failed; an extractive answer was given instead
	ErrorRetrieval     = "retrieval"      // search or query embedding failed
	ErrorTimeout       = "timeout"        // the deadline passed
	ErrorOther         = "other"          // anything else
)

// Entries, Outcomes and ErrorKinds list the label values exported at 0 from
// the start, so dashboards and alerts see every series.
var (
	Entries  = []string{EntryAsk, EntrySummary, EntryCompare, EntryMention, EntryChannel, EntryFollowUp, EntryCLI}
	Outcomes = []string{OutcomeAnswered, OutcomeRefused, OutcomeError, OutcomeTimeout, OutcomeShutdown,
		OutcomeRateLimited, OutcomeInvalid, OutcomeBusy, OutcomeShuttingDown}
	ErrorKinds = []string{ErrorModel, ErrorModelFallback, ErrorRetrieval, ErrorTimeout, ErrorOther}
)

// Metrics holds newsbot's collectors in their own registry (no global
// state). Its methods are safe for concurrent use; a nil *Metrics ignores
// every call, so code under test may pass none.
type Metrics struct {
	reg *prometheus.Registry

	questions     *prometheus.CounterVec
	answerErrors  *prometheus.CounterVec
	retrieval     prometheus.Histogram
	firstToken    prometheus.Histogram
	answer        *prometheus.HistogramVec
	tokens        *prometheus.CounterVec
	embedCalls    *prometheus.CounterVec
	embedTexts    prometheus.Counter
	queueDepth    prometheus.Gauge
	running       prometheus.Gauge
	queueWait     prometheus.Histogram
	indexPassages prometheus.Gauge
	indexArticles prometheus.Gauge
	syncs         *prometheus.CounterVec
	syncPassages  *prometheus.CounterVec
	discordErrors *prometheus.CounterVec
	unsupported   prometheus.Counter
}

// BuildInfo labels the newsbot_build_info gauge.
type BuildInfo struct {
	Version, Commit string
}

// latency buckets in seconds: retrieval is milliseconds, a model answer is
// seconds to a minute.
var (
	fastBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}
	slowBuckets = []float64{.1, .25, .5, 1, 2, 4, 8, 15, 30, 60, 120}
)

// New registers every collector, plus the Go runtime and process
// collectors, in a fresh registry.
func New(info BuildInfo) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		questions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsbot_questions_total",
			Help: "Questions received, by entry point and outcome.",
		}, []string{"entry", "outcome"}),
		answerErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsbot_answer_errors_total",
			Help: "Answers that failed or fell back, by kind (model, model_fallback, retrieval, timeout, other).",
		}, []string{"kind"}),
		retrieval: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "newsbot_retrieval_seconds",
			Help:    "Time to retrieve passages for one question (embedding the query included).",
			Buckets: fastBuckets,
		}),
		firstToken: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "newsbot_model_first_token_seconds",
			Help:    "Time from sending the prompt to the chat model's first token.",
			Buckets: slowBuckets,
		}),
		answer: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "newsbot_answer_seconds",
			Help:    "Total time to make one answer, by mode (llm or extractive).",
			Buckets: slowBuckets,
		}, []string{"mode"}),
		tokens: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsbot_model_tokens_total",
			Help: "Chat model tokens, by direction: in (prompt) or out (completion).",
		}, []string{"direction"}),
		embedCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsbot_embedding_calls_total",
			Help: "Calls to the embedder, by embedder (local or openai) and result (ok or error).",
		}, []string{"embedder", "result"}),
		embedTexts: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsbot_embedded_texts_total",
			Help: "Texts (passages and queries) embedded.",
		}),
		queueDepth: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newsbot_queue_depth",
			Help: "Questions waiting for a free answer slot.",
		}),
		running: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newsbot_answers_running",
			Help: "Answers being made right now.",
		}),
		queueWait: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "newsbot_queue_wait_seconds",
			Help:    "Time a question waited for a free answer slot.",
			Buckets: slowBuckets,
		}),
		indexPassages: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newsbot_index_passages",
			Help: "Passages in the index.",
		}),
		indexArticles: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "newsbot_index_articles",
			Help: "Articles loaded from the corpus.",
		}),
		syncs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsbot_index_syncs_total",
			Help: "Index syncs with the corpus, by result (ok or error).",
		}, []string{"result"}),
		syncPassages: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsbot_index_sync_passages_total",
			Help: "Passages handled by index syncs, by change (added, updated, removed, unchanged).",
		}, []string{"change"}),
		discordErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "newsbot_discord_rest_errors_total",
			Help: "Failed Discord REST calls, by HTTP status (0 when no response).",
		}, []string{"status"}),
		unsupported: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "newsbot_unsupported_sentences_total",
			Help: "Answer sentences that carried no valid citation.",
		}),
	}
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "newsbot_build_info",
		Help:        "Always 1; labels say which build is running.",
		ConstLabels: prometheus.Labels{"version": info.Version, "commit": info.Commit, "goversion": runtime.Version()},
	})
	build.Set(1)
	m.reg.MustRegister(m.questions, m.answerErrors, m.retrieval, m.firstToken, m.answer, m.tokens, m.embedCalls, m.embedTexts,
		m.queueDepth, m.running, m.queueWait, m.indexPassages, m.indexArticles, m.syncs, m.syncPassages, m.discordErrors,
		m.unsupported, build,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for _, e := range Entries {
		for _, o := range Outcomes {
			m.questions.WithLabelValues(e, o)
		}
	}
	for _, k := range ErrorKinds {
		m.answerErrors.WithLabelValues(k)
	}
	for _, mode := range []string{"llm", "extractive"} {
		m.answer.WithLabelValues(mode)
	}
	for _, d := range []string{"in", "out"} {
		m.tokens.WithLabelValues(d)
	}
	for _, r := range []string{"ok", "error"} {
		m.syncs.WithLabelValues(r)
	}
	for _, c := range []string{"added", "updated", "removed", "unchanged"} {
		m.syncPassages.WithLabelValues(c)
	}
	return m
}

// Registry returns the registry /metrics serves.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Question counts one question by entry point and outcome (the Entry* and
// Outcome* constants; other values are counted too, as given).
func (m *Metrics) Question(entry, outcome string) {
	if m == nil {
		return
	}
	m.questions.WithLabelValues(entry, outcome).Inc()
}

// AnswerError counts one answer error of a kind (the Error* constants).
func (m *Metrics) AnswerError(kind string) {
	if m == nil {
		return
	}
	m.answerErrors.WithLabelValues(kind).Inc()
}

// Retrieval records the time one search took.
func (m *Metrics) Retrieval(d time.Duration) {
	if m == nil {
		return
	}
	m.retrieval.Observe(d.Seconds())
}

// FirstToken records the chat model's time to first token.
func (m *Metrics) FirstToken(d time.Duration) {
	if m == nil {
		return
	}
	m.firstToken.Observe(d.Seconds())
}

// Answer records the total time of one answer in mode "llm" or "extractive".
func (m *Metrics) Answer(mode string, d time.Duration) {
	if m == nil {
		return
	}
	m.answer.WithLabelValues(mode).Observe(d.Seconds())
}

// Tokens adds chat model tokens sent (in) and received (out).
func (m *Metrics) Tokens(in, out int) {
	if m == nil {
		return
	}
	m.tokens.WithLabelValues("in").Add(float64(max(in, 0)))
	m.tokens.WithLabelValues("out").Add(float64(max(out, 0)))
}

// EmbeddingCall counts one call to the embedder for n texts; err is its result.
func (m *Metrics) EmbeddingCall(embedder string, n int, err error) {
	if m == nil {
		return
	}
	result := "ok"
	if err != nil {
		result = "error"
	}
	m.embedCalls.WithLabelValues(embedder, result).Inc()
	if err == nil {
		m.embedTexts.Add(float64(n))
	}
}

// Queue sets how many answers are being made and how many questions wait
// for a slot.
func (m *Metrics) Queue(running, waiting int) {
	if m == nil {
		return
	}
	m.running.Set(float64(running))
	m.queueDepth.Set(float64(waiting))
}

// QueueWait records how long one question waited for a slot.
func (m *Metrics) QueueWait(d time.Duration) {
	if m == nil {
		return
	}
	m.queueWait.Observe(d.Seconds())
}

// IndexSize sets the number of articles and passages indexed.
func (m *Metrics) IndexSize(articles, passages int) {
	if m == nil {
		return
	}
	m.indexArticles.Set(float64(articles))
	m.indexPassages.Set(float64(passages))
}

// Sync counts one index sync and the passages it added, updated, removed
// and left unchanged; err is its result.
func (m *Metrics) Sync(added, updated, removed, unchanged int, err error) {
	if m == nil {
		return
	}
	if err != nil {
		m.syncs.WithLabelValues("error").Inc()
		return
	}
	m.syncs.WithLabelValues("ok").Inc()
	m.syncPassages.WithLabelValues("added").Add(float64(added))
	m.syncPassages.WithLabelValues("updated").Add(float64(updated))
	m.syncPassages.WithLabelValues("removed").Add(float64(removed))
	m.syncPassages.WithLabelValues("unchanged").Add(float64(unchanged))
}

// DiscordError counts one failed Discord REST call with its HTTP status
// (0 when there was no response).
func (m *Metrics) DiscordError(status int) {
	if m == nil {
		return
	}
	m.discordErrors.WithLabelValues(strconv.Itoa(max(status, 0))).Inc()
}

// Unsupported adds answer sentences that carried no valid citation.
func (m *Metrics) Unsupported(n int) {
	if m == nil || n <= 0 {
		return
	}
	m.unsupported.Add(float64(n))
}
