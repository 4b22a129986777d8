package bot

import (
	"context"
	"strings"
	"sync"
	"time"
)

// streamer shows the answer growing: a loop edits the message at most once
// per EditInterval, at most MaxEdits times, and only while the process-wide
// edit budget allows (every interaction edit shares one discordgo rate-limit
// bucket, #1384). The model never waits for Discord.
type streamer struct {
	b    *Bot
	surf surface

	mu    sync.Mutex
	text  strings.Builder
	dirty bool
	edits int

	done     chan struct{}
	stopOnce sync.Once
	wg       sync.WaitGroup
}

func newStreamer(b *Bot, surf surface) *streamer {
	s := &streamer{b: b, surf: surf, done: make(chan struct{})}
	s.wg.Add(1)
	go s.loop()
	return s
}

func (s *streamer) onDelta(delta string) error {
	s.mu.Lock()
	s.text.WriteString(delta)
	s.dirty = true
	s.mu.Unlock()
	return nil
}

func (s *streamer) loop() {
	defer s.wg.Done()
	defer func() {
		if r := recover(); r != nil {
			s.b.log.Error("panic in streamer", "panic", r)
		}
	}()
	t := time.NewTicker(s.b.opts.EditInterval)
	defer t.Stop()
	for {
		select {
		case <-s.done:
			return
		case <-t.C:
		}
		s.mu.Lock()
		if !s.dirty || s.edits >= s.b.opts.MaxEdits || strings.TrimSpace(s.text.String()) == "" {
			s.mu.Unlock()
			continue
		}
		if !s.b.edits.Allow() {
			s.mu.Unlock()
			continue
		}
		text := s.text.String()
		s.dirty = false
		s.edits++
		s.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := s.surf.progress(ctx, renderStreaming(text)); err != nil {
			s.b.log.Warn("streamed edit", "err", err)
		}
		cancel()
	}
}

// stop ends the loop and waits for an edit in progress, so no partial text
// lands after the final answer.
func (s *streamer) stop() {
	s.stopOnce.Do(func() { close(s.done) })
	s.wg.Wait()
}

func (s *streamer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.edits
}
