// Package bot is newsbot's Discord front end: slash commands, channel
// questions and replies, streamed and throttled answer rendering within
// Discord's limits, per-user rate limits, a global queue, moderator source
// lookups and the answer log behind buttons and "Show sources".
//
// The bot never pings: every message it sends carries allowed_mentions with
// an explicit empty parse list. Every interaction is acknowledged at once and
// ends in an answer or a clear error message.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/time/rate"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/answerlog"
	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/retrieval"
)

// discordAPI is every discordgo call the bot makes; *discordgo.Session
// implements it, and tests use the real session against a fake Discord.
type discordAPI interface {
	InteractionRespond(*discordgo.Interaction, *discordgo.InteractionResponse, ...discordgo.RequestOption) error
	InteractionResponseEdit(*discordgo.Interaction, *discordgo.WebhookEdit, ...discordgo.RequestOption) (*discordgo.Message, error)
	FollowupMessageCreate(*discordgo.Interaction, bool, *discordgo.WebhookParams, ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelMessageSendComplex(string, *discordgo.MessageSend, ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelMessageEditComplex(*discordgo.MessageEdit, ...discordgo.RequestOption) (*discordgo.Message, error)
	ChannelMessage(channelID, messageID string, options ...discordgo.RequestOption) (*discordgo.Message, error)
	Channel(channelID string, options ...discordgo.RequestOption) (*discordgo.Channel, error)
	ChannelTyping(channelID string, options ...discordgo.RequestOption) error
	ApplicationCommandBulkOverwrite(appID, guildID string, cmds []*discordgo.ApplicationCommand, options ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error)
}

var _ discordAPI = (*discordgo.Session)(nil)

// Answers is what the bot asks of the answering side, one field a
// command, each of the same shape: a request (carrying OnDelta, to stream)
// in, an Answer out. cmd/newsbot fills it from *answer.Answerer's methods
// (with metrics around them); tests from fakes. Ask is required; a nil
// Summary or Compare turns that command off ("not available on this bot").
type Answers struct {
	Ask     func(ctx context.Context, req answer.Request) (*answer.Answer, error)
	Summary func(ctx context.Context, req answer.SummaryRequest) (*answer.Answer, error)
	Compare func(ctx context.Context, req answer.CompareRequest) (*answer.Answer, error)
}

// Library is what the moderator /sources command and the article
// autocomplete read: *retrieval.Index implements it.
type Library interface {
	Passages() []corpus.Passage
	Search(ctx context.Context, query string, k int) ([]retrieval.Hit, error)
}

// Store is the answer log as the bot uses it; *answerlog.Log implements it,
// and another backend (PostgreSQL) can slot in behind the same methods.
type Store interface {
	Put(ctx context.Context, rec *answerlog.Record) error
	Get(ctx context.Context, id string) (*answerlog.Record, error)
	ByMessage(ctx context.Context, messageID string) (*answerlog.Record, error)
	Feedback(ctx context.Context, id, userID string, helpful bool) (*answerlog.Record, error)
}

var _ Store = (*answerlog.Log)(nil)

// Observer receives the bot's events, for metrics. cmd/newsbot attaches
// Prometheus through it, so this package does not import a metrics library.
// Methods are called from many goroutines and must not block.
type Observer interface {
	// Answered reports one finished question: kind is ask, summary,
	// compare, mention, channel or followup; outcome is ok, refused,
	// error, timeout or shutdown; total includes the time queued.
	Answered(kind, outcome string, total time.Duration)
	// Rejected reports a question not taken: reason is rate_limited,
	// invalid, busy or shutting_down.
	Rejected(kind, reason string)
	// Queue reports the number of answers running and waiting.
	Queue(running, waiting int)
	// Waited reports how long a question waited for a free answer slot
	// (0 when one was free), once per question that got one.
	Waited(kind string, d time.Duration)
}

type nopObserver struct{}

func (nopObserver) Answered(string, string, time.Duration) {}
func (nopObserver) Rejected(string, string)                {}
func (nopObserver) Queue(int, int)                         {}
func (nopObserver) Waited(string, time.Duration)           {}

// Options configure a Bot. Limits must be set (config owns their
// defaults); every other zero value works.
type Options struct {
	Limits Limits // admission and queue: required, see Limits

	GuildID        string   // register commands in this guild only; "" = globally
	AnswerChannels []string // channel ids where every message is a question
	ModeratorRoles []string // role ids that count as moderators, besides Manage Messages / Administrator

	QueueTimeout  time.Duration // longest wait for a free slot; 0 means 2 min; at most 14 min with Limits.AnswerTimeout
	EditInterval  time.Duration // least time between streamed edits of one answer; 0 means 1.5 s
	MaxEdits      int           // streamed edits per answer before the final one; 0 means 8
	GlobalEdits   rate.Limit    // streamed edits per second across all answers (discordgo #1384); 0 means 3
	RetryMin      time.Duration // first wait before retrying a message with an answer after a transient Discord failure (5xx, 429, no response); doubles each time; 0 means 1 s
	RetryMax      time.Duration // longest wait between such retries; 0 means 30 s
	EditRetries   int           // retries of the edit that carries an answer before it goes out as a new message instead; 0 means 3, < 0 none
	DeliverWithin time.Duration // how long after a question its answer may still be retried into Discord, inside the 15-minute interaction token; 0 means 14 min 30 s, at most that
	MaxTurns      int           // earlier exchanges a follow-up remembers; 0 means 4
	MaxTurnAge    time.Duration // older answers in a reply chain are forgotten; 0 means 24 h

	Library Library // nil: /sources and article autocomplete have nothing to show
	Intake  Intake  // nil: /sources add and /sources remove say they are not set up

	AnnounceChannel string // channel id where new articles are announced (Announce); "" means none

	ConnectRetryMin time.Duration   // first wait before retrying to reach Discord at start-up; doubles each time; 0 means 2 s
	ConnectRetryMax time.Duration   // longest such wait; 0 means 2 min
	ConnectState    func(err error) // told of each failed attempt to reach Discord at start-up (the reason), and nil once connected; nil means none

	Logger       *slog.Logger // nil means slog.Default()
	LogQuestions bool         // log question text at info level (otherwise only at debug)
	Observer     Observer     // nil means none
}

func (o Options) withDefaults() Options {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	defInt := func(d *int, v int) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.QueueTimeout, 2*time.Minute)
	def(&o.EditInterval, 1500*time.Millisecond)
	defInt(&o.MaxEdits, 8)
	if o.GlobalEdits <= 0 {
		o.GlobalEdits = 3
	}
	// An interaction token lasts 15 minutes: queue wait plus answer must end
	// well inside it, or the final edit would fail.
	o.Limits.AnswerTimeout = min(o.Limits.AnswerTimeout, maxAnswerTimeout)
	o.QueueTimeout = min(o.QueueTimeout, 14*time.Minute-o.Limits.AnswerTimeout)
	def(&o.RetryMin, time.Second)
	def(&o.RetryMax, 30*time.Second)
	o.RetryMax = max(o.RetryMax, o.RetryMin)
	switch {
	case o.EditRetries == 0:
		o.EditRetries = 3
	case o.EditRetries < 0:
		o.EditRetries = 0
	}
	def(&o.DeliverWithin, maxDeliverWithin)
	o.DeliverWithin = min(o.DeliverWithin, maxDeliverWithin)
	def(&o.ConnectRetryMin, 2*time.Second)
	def(&o.ConnectRetryMax, 2*time.Minute)
	o.ConnectRetryMax = max(o.ConnectRetryMax, o.ConnectRetryMin)
	if o.ConnectState == nil {
		o.ConnectState = func(error) {}
	}
	defInt(&o.MaxTurns, 4)
	def(&o.MaxTurnAge, 24*time.Hour)
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Observer == nil {
		o.Observer = nopObserver{}
	}
	return o
}

// maxDeliverWithin keeps retries of an answer inside the lifetime of the
// interaction token (15 minutes from the question), with a margin.
const maxDeliverWithin = 14*time.Minute + 30*time.Second

// Intents returns the gateway intents the bot needs with opts: guilds and
// guild messages always (mentions and replies to the bot carry their content
// without privileges), and the privileged Message Content intent only when
// answer channels are configured, since their messages do not mention the
// bot.
func Intents(opts Options) discordgo.Intent {
	in := discordgo.IntentsGuilds | discordgo.IntentsGuildMessages
	if len(opts.AnswerChannels) > 0 {
		in |= discordgo.IntentsMessageContent
	}
	return in
}

// errShutdown is the cause of the contexts of answers cut off by Shutdown.
var errShutdown = errors.New("bot shutting down")

// Bot answers questions on Discord. Make one with New.
type Bot struct {
	api     discordAPI
	ans     Answers
	store   Store
	opts    Options
	log     *slog.Logger
	obs     Observer
	answerC map[string]bool // AnswerChannels as a set

	self atomic.Value // string: the bot's user id, from READY

	parentMu sync.Mutex
	parents  map[string]string // channel id -> parent channel id for threads, "" for other channels

	limMu    sync.Mutex
	limiters map[string]*rate.Limiter // per user
	noticed  map[string]time.Time     // last "try again" reply in a channel, per user
	edits    *rate.Limiter            // streamed edits, process-wide

	slots   chan struct{} // MaxConcurrent tokens
	waiting atomic.Int64

	base     context.Context // parent of every answer; cancelled by Shutdown
	cancel   context.CancelCauseFunc
	lifeMu   sync.Mutex // orders closing against inflight.Add
	closing  atomic.Bool
	inflight sync.WaitGroup

	articleCache
}

// New returns a Bot that talks to Discord through api (a *discordgo.Session),
// answers with ans and logs answers to store. store may be nil: then
// buttons, Show sources and follow-up memory beyond the replied-to message
// are unavailable. New panics when ans.Ask is nil or opts.Limits are not
// valid: cmd/newsbot builds both from a validated config, so either is a
// wiring bug.
func New(api discordAPI, ans Answers, store Store, opts Options) *Bot {
	if ans.Ask == nil {
		panic("bot.New: Answers.Ask is nil")
	}
	if err := opts.Limits.Validate(); err != nil {
		panic("bot.New: " + err.Error())
	}
	opts = opts.withDefaults()
	b := &Bot{
		api:      api,
		ans:      ans,
		store:    store,
		opts:     opts,
		log:      opts.Logger,
		obs:      opts.Observer,
		answerC:  map[string]bool{},
		parents:  map[string]string{},
		limiters: map[string]*rate.Limiter{},
		noticed:  map[string]time.Time{},
		edits:    rate.NewLimiter(opts.GlobalEdits, 1),
		slots:    make(chan struct{}, opts.Limits.MaxConcurrent),
	}
	for _, c := range opts.AnswerChannels {
		b.answerC[c] = true
	}
	b.self.Store("")
	b.base, b.cancel = context.WithCancelCause(context.Background())
	return b
}

// SetSelf sets the bot's own user id; the READY handler does it, tests may
// too.
func (b *Bot) SetSelf(userID string) { b.self.Store(userID) }

func (b *Bot) selfID() string { return b.self.Load().(string) }

// Handlers returns the discordgo event handlers to pass to
// Session.AddHandler, one by one. Each recovers from panics.
func (b *Bot) Handlers() []any {
	return []any{
		func(_ *discordgo.Session, r *discordgo.Ready) {
			defer b.recover("ready")
			if r.User != nil {
				b.SetSelf(r.User.ID)
			}
		},
		func(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
			b.HandleInteraction(ic.Interaction)
		},
		func(_ *discordgo.Session, mc *discordgo.MessageCreate) {
			b.HandleMessage(mc.Message)
		},
	}
}

// Register replaces the application's commands with the bot's (bulk
// overwrite): in Options.GuildID if set, else globally.
func (b *Bot) Register(ctx context.Context, appID string) error {
	_, err := b.api.ApplicationCommandBulkOverwrite(appID, b.opts.GuildID, Commands(b.opts), discordgo.WithContext(ctx))
	if err != nil {
		where := "globally"
		if b.opts.GuildID != "" {
			where = "in guild " + b.opts.GuildID
		}
		return fmt.Errorf("register commands %s for application %s: %w", where, appID, err)
	}
	return nil
}

// Run adds the handlers to s, opens the gateway, registers the commands and
// answers until ctx ends; then it shuts down (in-flight answers get up to
// 8 s to finish) and closes s. s.Identify.Intents should be Intents(opts).
// A network problem or a Discord outage at start-up is retried (see
// connect) until it clears or ctx ends; a rejected token ends Run with an
// error wrapping ErrBadToken.
func (b *Bot) Run(ctx context.Context, s *discordgo.Session) error {
	for _, h := range b.Handlers() {
		s.AddHandler(h)
	}
	if err := b.connect(ctx, s); err != nil {
		return err
	}
	defer s.Close()
	b.log.Info("discord bot ready", "user", s.State.User.ID, "guild", b.opts.GuildID)
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 8*time.Second)
	defer cancel()
	return b.Shutdown(sctx)
}

// Shutdown stops taking questions (new ones get msgRestarting) and
// waits for answers in flight until ctx ends; then it cuts them off, each
// ending with a message saying so, and waits briefly for those messages.
func (b *Bot) Shutdown(ctx context.Context) error {
	b.lifeMu.Lock()
	b.closing.Store(true)
	b.lifeMu.Unlock()
	done := make(chan struct{})
	go func() { b.inflight.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
	}
	b.cancel(errShutdown)
	t := time.NewTimer(2 * time.Second)
	defer t.Stop()
	select {
	case <-done:
		return nil
	case <-t.C:
		return errors.New("shutdown: answers still in flight after cancelling them")
	}
}

// recover logs a panic in a handler instead of letting it kill the process.
func (b *Bot) recover(where string) {
	if r := recover(); r != nil {
		b.log.Error("panic in discord handler", "handler", where, "panic", r, "stack", string(debug.Stack()))
	}
}
