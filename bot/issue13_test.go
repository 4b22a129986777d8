package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/bot/internal/fakediscord"
)

// TestE2ERefusedHasNoSourcesButton: a refusal ("The coverage does not
// say.") has no passages to show, so it goes out without the Sources
// button; the feedback buttons stay, and a cited answer keeps all three.
func TestE2ERefusedHasNoSourcesButton(t *testing.T) {
	t.Parallel()
	asker := &fakeAsker{fn: func(ctx context.Context, req answer.Request) (*answer.Answer, error) {
		if strings.Contains(req.Question, "weather") {
			return &answer.Answer{Question: req.Question, Text: "The coverage does not say.", Refused: true,
				Mode: answer.ModeLLM, Hits: cannedAnswer(req.Question).Hits}, nil
		}
		return cannedAnswer(req.Question), nil
	}}
	h := newHarness(t, asker, Options{})
	for _, tt := range []struct {
		id, question string
		sources      bool
	}{
		{"1300", "What will the weather be tomorrow?", false},
		{"1301", "Why did the ferries stop?", true},
	} {
		t.Run(tt.question, func(t *testing.T) {
			h.slash(tt.id, plain, "ask", str("question", tt.question))
			body := string(h.waitOriginal(tt.id).Body)
			if got := strings.Contains(body, `"custom_id":"nb:src:`+tt.id+`"`); got != tt.sources {
				t.Errorf("Sources button shown = %v; want %v: %s", got, tt.sources, body)
			}
			for _, b := range []string{"nb:up:" + tt.id, "nb:down:" + tt.id} {
				if !strings.Contains(body, b) {
					t.Errorf("final message lacks the %s button: %s", b, body)
				}
			}
		})
	}
}

// TestE2EExamplesFromCoverage: the example questions users are shown (an
// empty mention, a question without words, an empty /ask, /compare or
// /sources search) come from the coverage that is loaded (the latest
// article's title), or are neutral when none is; never a story from
// elsewhere (the tram of an old test corpus).
func TestE2EExamplesFromCoverage(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		library Library
		want    string
	}{
		{"coverage loaded", fakeLibrary{testPassages}, "Talks resume in ferry dispute"},
		{"no coverage", fakeLibrary{}, "main stories in the coverage"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			asker := &fakeAsker{fn: func(ctx context.Context, req answer.Request) (*answer.Answer, error) {
				return nil, fmt.Errorf("question %q: %w", req.Question, answer.ErrEmptyQuestion)
			}, compare: func(context.Context, answer.CompareRequest) (*answer.Answer, error) {
				return nil, errors.New("not called")
			}}
			h := newHarness(t, asker, Options{Library: tt.library})
			h.message("1310", plain.id, "<@"+fakediscord.BotID+">", true, "")
			seen := map[string]string{"empty mention": h.waitReply("1310").Content}
			h.slash("1311", plain, "ask", str("question", "🙂🙂"))
			seen["question without words"] = string(h.waitOriginal("1311").Body)
			h.slash("1312", plain, "ask", str("question", "   "))
			seen["empty /ask"] = string(h.waitCallback("1312").Body)
			h.slash("1313", plain, "compare", str("topic", " "))
			seen["empty /compare"] = string(h.waitCallback("1313").Body)
			h.slash("1314", mod, "sources", map[string]any{"name": "search", "type": 1, "options": []any{str("query", " ")}})
			seen["empty /sources search"] = string(h.waitCallback("1314").Body)
			for what, text := range seen {
				if what != "empty /compare" && what != "empty /sources search" && !strings.Contains(text, tt.want) {
					t.Errorf("%s: %s; want an example with %q", what, text, tt.want)
				}
				if !strings.Contains(text, "for example") {
					t.Errorf("%s: %s; want an example", what, text)
				}
			}
			if tt.name == "coverage loaded" {
				for _, what := range []string{"empty /compare", "empty /sources search"} {
					if !strings.Contains(seen[what], "Talks resume in ferry dispute") {
						t.Errorf("%s: %s; want the latest article as the example", what, seen[what])
					}
				}
			}
			for _, c := range h.fd.Calls() {
				if b := strings.ToLower(string(c.Body)); strings.Contains(b, "tram") || strings.Contains(b, "council") {
					t.Errorf("%s %s shows a story not in the coverage: %s", c.Method, c.Path, c.Body)
				}
			}
		})
	}
}

// TestE2EAnswerChannelThreads: a thread (or forum post) whose parent is an
// answer channel is treated like the channel: its messages are answered,
// in the thread. Threads under other channels, and other channels, are
// not; and the bot asks Discord about each channel once.
func TestE2EAnswerChannelThreads(t *testing.T) {
	t.Parallel()
	asker := &fakeAsker{}
	h := newHarness(t, asker, Options{Limits: Limits{RateBurst: 10}, AnswerChannels: []string{"400", "410"}})
	for _, ch := range []fakediscord.Channel{
		{ID: "401", Type: 11, ParentID: "400"}, // public thread under an answer channel
		{ID: "402", Type: 12, ParentID: "400"}, // private thread under it
		{ID: "410", Type: 15},                  // a forum that is an answer channel
		{ID: "411", Type: 11, ParentID: "410"}, // a post in that forum
		{ID: "501", Type: 11, ParentID: "500"}, // thread under another channel
		{ID: "500", Type: 0},                   // another channel
	} {
		h.fd.SetChannel(ch)
	}
	say := func(id, channel, content string) {
		h.fd.Dispatch("MESSAGE_CREATE", map[string]any{"id": id, "channel_id": channel, "guild_id": "300",
			"content": content, "type": 0, "author": map[string]any{"id": plain.id, "username": "user"},
			"mentions": []any{}, "timestamp": time.Now().UTC().Format(time.RFC3339)})
	}
	// Not answered: sent first, so their lookups are done by the time the
	// answered ones are.
	say("1320", "501", "what about the ferries, in a thread elsewhere?")
	say("1321", "500", "what about the ferries, elsewhere?")
	for _, tt := range []struct{ id, channel, what string }{
		{"1322", "401", "public thread"},
		{"1323", "402", "private thread"},
		{"1324", "411", "forum post"},
		{"1325", "401", "public thread, second message"},
	} {
		say(tt.id, tt.channel, "why did the ferries stop? ("+tt.what+")")
		r := h.waitReply(tt.id)
		if !strings.Contains(r.Content, "[1]") || r.ChannelID != tt.channel {
			t.Errorf("%s: reply %+v; want the answer in channel %s", tt.what, r, tt.channel)
		}
	}
	lookups := map[string]int{}
	h.fd.WaitFor(wait, "the lookups of the unanswered channels", func(calls []fakediscord.Call) bool {
		clear(lookups)
		for _, c := range calls {
			if c.Method == "GET" && strings.HasPrefix(c.Path, "channels/") && strings.Count(c.Path, "/") == 1 {
				lookups[strings.TrimPrefix(c.Path, "channels/")]++
			}
		}
		return lookups["500"] > 0 && lookups["501"] > 0
	})
	for ch, n := range lookups {
		if n != 1 {
			t.Errorf("channel %s looked up %d times; want once", ch, n)
		}
	}
	if lookups["400"]+lookups["410"] != 0 {
		t.Errorf("answer channels looked up: %v", lookups)
	}
	for _, r := range asker.requests() {
		if strings.Contains(r.Question, "elsewhere") {
			t.Errorf("answered %q, from outside the answer channels", r.Question)
		}
	}
}
