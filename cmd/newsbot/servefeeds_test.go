package main

import (
	"context"
	"encoding/json"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServePollsFeeds runs serve with a feed on a loopback news site and
// the fake Discord: the feed is polled at start, its articles stored and
// indexed, and each announced in NEWSBOT_ANNOUNCE_CHANNEL without pings.
func TestServePollsFeeds(t *testing.T) {
	site, _ := newsSite(t)
	g := newFakeGateway(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	data := t.TempDir()
	e := env{
		"NEWSBOT_DATA_DIR":            data,
		"DISCORD_TOKEN":               "secret-bot-token-xyz",
		"NEWSBOT_DISCORD_API_URL":     g.srv.URL + "/api/v10/",
		"NEWSBOT_HTTP_ADDR":           addr,
		"NEWSBOT_LOG_FORMAT":          "json",
		"NEWSBOT_FEEDS":               site.URL + "/rss.xml",
		"NEWSBOT_FETCH_ALLOW_PRIVATE": "true",
		"NEWSBOT_ANNOUNCE_CHANNEL":    "123456789012345678",
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut lockedBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, e.get, &out, &errOut) }()

	var posted []string
	for range 1500 { // the test's own timeout bounds the wait
		g.mu.Lock()
		posted = append([]string(nil), g.posted...)
		g.mu.Unlock()
		if len(posted) >= 2 {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended: %v\n%s", err, errOut.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	if len(posted) != 2 {
		t.Fatalf("%d announcements; want 2 (one per feed item)\n%s", len(posted), errOut.String())
	}
	var titles []string
	for _, p := range posted {
		var m struct {
			Content         string
			AllowedMentions struct{ Parse []string } `json:"allowed_mentions"`
		}
		if err := json.Unmarshal([]byte(p), &m); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(p, `"allowed_mentions":{"parse":[]`) {
			t.Errorf("announcement may ping: %s", p)
		}
		titles = append(titles, m.Content)
	}
	all := strings.Join(titles, "\n")
	for _, want := range []string{"**Tram line extension to Eastport approved** (Harbour Gazette · 2024-05-14)", "<https://harbour.example/news/tram-extension>",
		"**Magnitude 5.8 earthquake shakes north coast** (Northern Star · 2024-06-01)"} {
		if !strings.Contains(all, want) {
			t.Errorf("announcements lack %q:\n%s", want, all)
		}
	}
	files, _ := filepath.Glob(filepath.Join(data, "articles", "*.md"))
	if len(files) != 2 {
		t.Errorf("article files %v; want 2", files)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve after cancel = %v\n%s", err, errOut.String())
	}
	log := errOut.String()
	if !strings.Contains(log, `"msg":"feed polled"`) || !strings.Contains(log, `"added":2`) || !strings.Contains(log, `"msg":"index synced"`) {
		t.Errorf("log lacks the poll and the sync:\n%s", log)
	}
	if strings.Contains(log, "secret-bot-token-xyz") {
		t.Error("serve logged the token")
	}
}
