package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/newsbot/newsbot/bot"
	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/extract"
	"github.com/newsbot/newsbot/intake"
)

// botIntake adapts package intake to the bot's /sources add and remove:
// the article file is written or deleted, then the index synced at once.
type botIntake struct {
	in *intake.Intake
	rl *reloader
}

var _ bot.Intake = botIntake{}

func (b botIntake) AddLink(ctx context.Context, link, addedBy string) (bot.Added, error) {
	st, err := b.in.Add(ctx, link, extract.Hints{}, addedBy)
	if err != nil {
		return bot.Added{}, err
	}
	if st.Outcome != intake.Duplicate {
		if _, err := b.rl.Check(ctx); err != nil {
			return bot.Added{}, fmt.Errorf("article stored in %s, but the index sync failed (it is retried at the next reload): %w", st.File, err)
		}
	}
	return bot.Added{Outcome: string(st.Outcome), Article: st.Article, Passages: len(corpus.Chunk(st.Article, corpus.ChunkOptions{}))}, nil
}

func (b botIntake) RemoveArticle(ctx context.Context, id string) (corpus.Article, error) {
	a, err := b.in.Store().Remove(id)
	if errors.Is(err, intake.ErrNotFetched) {
		return corpus.Article{}, fmt.Errorf("%w: %v", bot.ErrNotFetched, err)
	}
	if err != nil {
		return corpus.Article{}, err
	}
	if _, err := b.rl.Check(ctx); err != nil {
		return a, fmt.Errorf("article file removed, but the index sync failed (it is retried at the next reload): %w", err)
	}
	return a, nil
}

// pollFeeds polls NEWSBOT_FEEDS at once and then every
// NEWSBOT_FEED_INTERVAL until ctx ends: new articles are stored, the index
// synced, and each announced. A failed feed is logged with its reason and
// tried again next time.
func (a *app) pollFeeds(ctx context.Context, in *intake.Intake, rl *reloader, announce func(context.Context, corpus.Article, string) error) {
	if len(a.cfg.Feeds) == 0 || a.cfg.FeedInterval <= 0 {
		return
	}
	t := time.NewTicker(a.cfg.FeedInterval)
	defer t.Stop()
	for {
		a.pollOnce(ctx, in, rl, announce)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (a *app) pollOnce(ctx context.Context, in *intake.Intake, rl *reloader, announce func(context.Context, corpus.Article, string) error) {
	var added []string
	for _, r := range in.Poll(ctx, a.cfg.Feeds) {
		if r.Status == intake.FeedFailed {
			if ctx.Err() == nil {
				a.log.Warn("feed poll failed", "feed", r.Feed, "err", r.Error)
			}
			continue
		}
		for _, it := range r.Items {
			switch {
			case it.Error != "":
				a.log.Warn("feed item not added", "feed", r.Feed, "link", it.Link, "err", it.Error)
			case it.Outcome == intake.Added:
				added = append(added, it.ID)
			}
		}
		a.log.Info("feed polled", "feed", r.Feed, "status", r.Status, "added", r.Added, "not_modified", r.NotModified)
	}
	if len(added) == 0 || ctx.Err() != nil {
		return
	}
	if _, err := rl.Check(ctx); err != nil {
		a.log.Error("index sync after feed poll failed; the next reload retries", "err", err)
	}
	for _, id := range added {
		art, ok := in.Store().Get(id)
		if !ok {
			continue
		}
		if err := announce(ctx, art, ""); err != nil {
			a.log.Error("announce article", "id", id, "err", err)
		}
	}
}
