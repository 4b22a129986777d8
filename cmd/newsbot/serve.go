package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/newsbot/newsbot/answerlog"
	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/config"
	"github.com/newsbot/newsbot/telemetry"
)

// shutdownGrace is how long the HTTP listener gives requests in flight at
// shutdown; the bot gives answers in flight 8 s, so serve ends within 10 s
// of SIGTERM.
const shutdownGrace = 2 * time.Second

// cmdServe is the serve subcommand.
var cmdServe = &command{
	name: "serve",
	summary: "Runs the Discord bot and its HTTP listener (/healthz, /readyz, /metrics on NEWSBOT_HTTP_ADDR).\n" +
		"Needs DISCORD_TOKEN. Picks up corpus changes every NEWSBOT_RELOAD_INTERVAL while answering.\n" +
		"Stops on SIGINT or SIGTERM, letting answers in flight finish for up to 8 s.",
	setup: func(fs *flag.FlagSet, c *cli) func(context.Context, []string) error {
		return func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return usagef("serve: takes no arguments")
			}
			a, err := newApp(c, (*config.Config).ValidateServe, false)
			if err != nil {
				return err
			}
			return a.serve(ctx)
		}
	},
}

func (a *app) serve(ctx context.Context) error {
	v, cm := buildVersion()
	a.serving = true
	a.metrics = telemetry.New(telemetry.BuildInfo{Version: v, Commit: cm})
	health := telemetry.NewHealth(telemetry.CondIndex, telemetry.CondDiscord)
	a.log.Info("newsbot starting", "version", v, "commit", cm, "config", a.cfg)

	// Listen first: a port in use is a start-up error, and /healthz
	// answers while the index loads.
	ln, err := net.Listen("tcp", a.cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on %s (NEWSBOT_HTTP_ADDR): %w", a.cfg.HTTPAddr, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	httpDone := make(chan error, 1)
	go func() {
		err := telemetry.ServeListener(ctx, ln, telemetry.Handler(a.metrics, health), shutdownGrace, a.log)
		cancel() // the listener failing stops the bot too
		httpDone <- err
	}()
	stopping := ctx.Done()
	err = a.runBot(ctx, health)
	if err != nil && errors.Is(err, context.Canceled) {
		select {
		case <-stopping:
			err = nil // a signal during start-up: a clean stop
		default:
		}
	}
	cancel()
	return errors.Join(err, <-httpDone)
}

// runBot loads the index, opens the answer log and runs the bot until ctx
// ends. The HTTP listener is already up, so /healthz answers and /readyz
// says what is still missing.
func (a *app) runBot(ctx context.Context, health *telemetry.Health) error {
	health.NotReady(telemetry.CondIndex, "loading corpus and syncing index")
	ix, err := a.prepare(ctx)
	if err != nil {
		health.NotReady(telemetry.CondIndex, "sync failed")
		return err
	}
	health.Ready(telemetry.CondIndex)

	store, err := openAnswerStore(a.cfg.DataDir)
	if err != nil {
		return err
	}
	defer store.Close()

	ans := a.answerer(ix)
	opts := bot.Options{
		Limits: bot.Limits{
			RatePer:        ratePer(a.cfg.RateLimit),
			RateBurst:      a.cfg.RateBurst,
			MaxQuestionLen: a.cfg.MaxQuestionLength,
			AnswerTimeout:  a.cfg.AnswerTimeout,
			MaxConcurrent:  a.cfg.MaxConcurrent,
			MaxQueue:       a.cfg.MaxQueue,
		},
		GuildID:        a.cfg.GuildID,
		AnswerChannels: a.cfg.AnswerChannels,
		ModeratorRoles: a.cfg.ModeratorRoles,
		Library:        ix,
		Logger:         a.log,
		LogQuestions:   a.cfg.LogQuestions,
		Observer:       botObserver{a.metrics},
		// Until Discord answers at start-up, /readyz says why not.
		ConnectState: func(err error) {
			if err != nil {
				health.NotReady(telemetry.CondDiscord, "cannot reach Discord, retrying: "+err.Error())
			}
		},
	}
	s, err := bot.NewSession(a.cfg.DiscordToken.Reveal(), a.discordAPIBase(), bot.Intents(opts))
	if err != nil {
		return err
	}
	next := s.Client.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	s.Client.Transport = restErrors{next: next, m: a.metrics}
	health.NotReady(telemetry.CondDiscord, "connecting to the gateway")
	s.AddHandler(func(*discordgo.Session, *discordgo.Ready) { health.Ready(telemetry.CondDiscord) })
	s.AddHandler(func(*discordgo.Session, *discordgo.Resumed) { health.Ready(telemetry.CondDiscord) })
	s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) {
		health.NotReady(telemetry.CondDiscord, "gateway disconnected, reconnecting")
	})

	rl, err := newReloader(a, ix)
	if err != nil {
		return err
	}
	go rl.Watch(ctx, a.cfg.ReloadInterval)
	go a.pruneAnswers(ctx, store)

	in, err := a.newIntake()
	if err != nil {
		return err
	}
	opts.Intake = botIntake{in: in, rl: rl}
	opts.AnnounceChannel = a.cfg.AnnounceChannel
	answers := bot.Answers{
		Ask:     metered(a.metrics, ans.Ask),
		Summary: metered(a.metrics, ans.Summary),
		Compare: metered(a.metrics, ans.CompareAnswer),
	}
	b := bot.New(s, answers, store, opts)
	go a.pollFeeds(ctx, in, rl, b.Announce)
	if err := b.Run(ctx, s); err != nil {
		if errors.Is(err, bot.ErrBadToken) {
			return fmt.Errorf("DISCORD_TOKEN was rejected by Discord: reset it in the Developer Portal (Bot, Reset Token) and set the new one: %w", err)
		}
		return fmt.Errorf("discord bot: %w", err)
	}
	a.log.Info("newsbot stopped")
	return nil
}

// answerStore is the answer log as serve uses it: what the bot reads and
// writes (bot.Store), pruning by age (pruneAnswers) and closing at the end.
// *answerlog.Log, in bbolt, is the embedded implementation; a shared
// database would implement the same methods and be chosen in
// openAnswerStore (docs/STORAGE.md).
type answerStore interface {
	bot.Store
	Prune(ctx context.Context, olderThan time.Time) (int, error)
	Close() error
}

var _ answerStore = (*answerlog.Log)(nil)

// openAnswerStore opens the answer log: answers.db in the data folder.
func openAnswerStore(dataDir string) (answerStore, error) {
	l, err := answerlog.Open(filepath.Join(dataDir, "answers.db"))
	if err != nil {
		return nil, fmt.Errorf("open answer log: %w", err)
	}
	return l, nil
}

// discordAPIBase is the REST base for bot.NewSession: "" (discordgo's own)
// when the setting is the default, so the library's API version is kept.
func (a *app) discordAPIBase() string {
	if a.cfg.DiscordAPIURL == config.DefaultDiscordAPIURL {
		return ""
	}
	return a.cfg.DiscordAPIURL
}

// ratePer turns questions per minute into the bot's "one question per
// duration"; 0 stays 0, no limit.
func ratePer(perMinute float64) time.Duration {
	if perMinute <= 0 {
		return 0
	}
	return time.Duration(float64(time.Minute) / perMinute)
}

// pruneAnswers drops answers older than NEWSBOT_ANSWER_RETENTION from the
// log, at start and every hour.
func (a *app) pruneAnswers(ctx context.Context, store answerStore) {
	if a.cfg.AnswerRetention <= 0 {
		return
	}
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		n, err := store.Prune(ctx, time.Now().Add(-a.cfg.AnswerRetention))
		switch {
		case err != nil && ctx.Err() == nil:
			a.log.Error("prune answer log", "err", err)
		case n > 0:
			a.log.Info("answer log pruned", "removed", n, "retention", a.cfg.AnswerRetention)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
