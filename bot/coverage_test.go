package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/bot/internal/fakediscord"
	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/retrieval"
)

// fakeIntake records what the moderator commands asked for.
type fakeIntake struct {
	mu      sync.Mutex
	added   []string // link + " by " + who
	removed []string
}

var tramArticle = corpus.Article{ID: "harbour-gazette-tram", Title: "Tram line extension to Eastport approved", Outlet: "Harbour Gazette",
	Published: time.Date(2024, 5, 14, 0, 0, 0, 0, time.UTC), URL: "https://harbour.example/news/tram-extension",
	Text: corpus.CaptionPrefix + "Councillors debate.\n\nThe city council on Tuesday approved a 214 million euro extension of tram Line 4 to Eastport. @everyone read this.\n\nMore."}

func (f *fakeIntake) AddLink(_ context.Context, link, who string) (Added, error) {
	f.mu.Lock()
	f.added = append(f.added, link+" by "+who)
	f.mu.Unlock()
	switch {
	case strings.Contains(link, "paywall"):
		return Added{}, fmt.Errorf("%s: no article text: a paywall stub (14 words)", link)
	case strings.Contains(link, "again"):
		return Added{Outcome: "duplicate", Article: tramArticle, Passages: 3}, nil
	}
	return Added{Outcome: "added", Article: tramArticle, Passages: 3}, nil
}

func (f *fakeIntake) RemoveArticle(_ context.Context, id string) (corpus.Article, error) {
	f.mu.Lock()
	f.removed = append(f.removed, id)
	f.mu.Unlock()
	switch id {
	case tramArticle.ID:
		return tramArticle, nil
	case "ferry-strike":
		return corpus.Article{}, fmt.Errorf("remove %q: %w", id, ErrNotFetched)
	}
	return corpus.Article{}, errors.New("no article has this id")
}

// TestE2ESourcesAddRemove runs /sources add and /sources remove through the
// real discordgo session against the fake Discord: moderators only, what
// was extracted and who added it shown, the new article announced with no
// pings, failures explained.
func TestE2ESourcesAddRemove(t *testing.T) {
	t.Parallel()
	in := &fakeIntake{}
	h := newHarness(t, &fakeAsker{}, Options{Intake: in, AnnounceChannel: "500"})
	sub := func(name string, opts ...map[string]any) map[string]any {
		o := []any{}
		for _, x := range opts {
			o = append(o, x)
		}
		return map[string]any{"name": name, "type": 1, "options": o}
	}

	// A member who is not a moderator is refused, and nothing is fetched.
	h.slash("700", plain, "sources", sub("add", str("url", "https://harbour.example/news/tram-extension")))
	if cb := h.waitCallback("700"); !strings.Contains(string(cb.Body), msgNotMod) {
		t.Errorf("non-moderator add: %s", cb.Body)
	}

	h.slash("701", mod, "sources", sub("add", str("url", "https://harbour.example/news/tram-extension")))
	fin := string(h.waitOriginal("701").Body)
	for _, want := range []string{"Added `harbour-gazette-tram`, added by user" + mod.id + " (" + mod.id + ")",
		`"title":"Tram line extension to Eastport approved"`, `"url":"https://harbour.example/news/tram-extension"`,
		"Harbour Gazette", "2024-05-14", `"name":"passages","value":"3"`, "The city council on Tuesday approved a 214 million euro",
		"added by user" + mod.id} {
		if !strings.Contains(fin, want) {
			t.Errorf("add reply lacks %q: %s", want, fin)
		}
	}
	if strings.Contains(fin, "Councillors debate") {
		t.Errorf("the first lines shown are a caption: %s", fin)
	}
	// The announcement: title, outlet, date, link, and nobody pinged.
	calls := h.fd.WaitFor(wait, "announcement", func(cs []fakediscord.Call) bool {
		for _, c := range cs {
			if c.Method == "POST" && c.Path == "channels/500/messages" {
				return true
			}
		}
		return false
	})
	announced := 0
	for _, c := range calls {
		if c.Path != "channels/500/messages" {
			continue
		}
		announced++
		body := string(c.Body)
		content, _ := c.JSON()["content"].(string)
		for _, want := range []string{"New in the coverage: **Tram line extension to Eastport approved** (Harbour Gazette · 2024-05-14)",
			"<https://harbour.example/news/tram-extension>"} {
			if !strings.Contains(content, want) {
				t.Errorf("announcement lacks %q: %s", want, content)
			}
		}
		if !strings.Contains(body, `"allowed_mentions":{"parse":[]`) || strings.Contains(body, "@everyone") {
			t.Errorf("announcement may ping: %s", body)
		}
		if c.Status != 200 {
			t.Errorf("announcement refused by the fake Discord: %d %s", c.Status, body)
		}
	}
	if announced != 1 {
		t.Errorf("%d announcements; want 1", announced)
	}

	// Failures are explained; a duplicate says so and is not announced.
	h.slash("702", mod, "sources", sub("add", str("url", "https://harbour.example/paywall")))
	if fin := string(h.waitOriginal("702").Body); !strings.Contains(fin, "Could not add that link: https://harbour.example/paywall: no article text: a paywall stub") {
		t.Errorf("paywall: %s", fin)
	}
	h.slash("703", mod, "sources", sub("add", str("url", "https://harbour.example/again")))
	if fin := string(h.waitOriginal("703").Body); !strings.Contains(fin, "Already in the coverage as `harbour-gazette-tram`; nothing was added.") {
		t.Errorf("duplicate: %s", fin)
	}
	h.slash("704", mod, "sources", sub("add", str("url", "file:///etc/passwd")))
	if cb := h.waitCallback("704"); !strings.Contains(string(cb.Body), "starting with https://") {
		t.Errorf("not a link: %s", cb.Body)
	}

	h.slash("710", mod, "sources", sub("remove", str("id", "harbour-gazette-tram")))
	if fin := string(h.waitOriginal("710").Body); !strings.Contains(fin, "Removed `harbour-gazette-tram`: Tram line extension to Eastport approved. Its passages left the index") {
		t.Errorf("remove: %s", fin)
	}
	h.slash("711", mod, "sources", sub("remove", str("id", "ferry-strike")))
	if fin := string(h.waitOriginal("711").Body); !strings.Contains(fin, "part of the bot's own article folder") {
		t.Errorf("remove of a corpus article: %s", fin)
	}
	h.slash("712", plain, "sources", sub("remove", str("id", "harbour-gazette-tram")))
	if cb := h.waitCallback("712"); !strings.Contains(string(cb.Body), msgNotMod) {
		t.Errorf("non-moderator remove: %s", cb.Body)
	}

	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.added) != 3 || in.added[0] != "https://harbour.example/news/tram-extension by user"+mod.id+" ("+mod.id+")" {
		t.Errorf("AddLink calls %q; want three, by the moderator only", in.added)
	}
	if len(in.removed) != 2 {
		t.Errorf("RemoveArticle calls %q; want two", in.removed)
	}
}

// TestAnnounceWithoutChannel: no channel, no message.
func TestAnnounceWithoutChannel(t *testing.T) {
	r := &recorder{}
	b := newTestBot(r, &fakeAsker{}, nil, Options{Logger: quiet()})
	if err := b.Announce(context.Background(), tramArticle, ""); err != nil || len(r.all()) != 0 {
		t.Errorf("Announce without a channel: %v, %d calls", err, len(r.all()))
	}
}

// TestSourceEmbedDates: a cited quote's relative dates are read against
// the article's date in the source's footer.
func TestSourceEmbedDates(t *testing.T) {
	p := corpus.Passage{ID: "y#0", ArticleID: "y", Title: "N. Korea dismisses reports", Outlet: "Yonhap",
		Published: time.Date(2024, 10, 22, 0, 0, 0, 0, time.UTC), Text: "On Monday, the Kremlin declined to confirm the reports."}
	e := sourceEmbed(answer.Citation{N: 1, Hit: retrieval.Hit{Passage: p}, Sentence: p.Text})
	if got, want := e.Footer.Text, "Yonhap · 2024-10-22 · On Monday = 2024-10-21"; got != want {
		t.Errorf("footer %q; want %q", got, want)
	}
	p.Published = time.Time{}
	if e := sourceEmbed(answer.Citation{N: 1, Hit: retrieval.Hit{Passage: p}}); e.Footer.Text != "Yonhap" {
		t.Errorf("no date: footer %q", e.Footer.Text)
	}
}
