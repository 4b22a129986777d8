package bot

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/newsbot/newsbot/answerlog"
)

func userMsg(id, content string, mentionBot bool, ref *discordgo.Message) *discordgo.Message {
	m := &discordgo.Message{ID: id, ChannelID: "c1", GuildID: "g1", Content: content,
		Author: &discordgo.User{ID: "u1"}, Timestamp: time.Now()}
	if mentionBot {
		m.Mentions = []*discordgo.User{{ID: "bot"}}
	}
	if ref != nil {
		m.Type = discordgo.MessageTypeReply
		m.ReferencedMessage = ref
		m.MessageReference = &discordgo.MessageReference{MessageID: ref.ID, ChannelID: "c1"}
	}
	return m
}

func TestFollowUpWithoutLog(t *testing.T) {
	// The replied-to answer is not in the log (no store): its text and the
	// question it replied to are the memory.
	asker := &fakeAsker{}
	b := newTestBot(&recorder{}, asker, nil, Options{Logger: quiet()})
	b.SetSelf("bot")
	question := &discordgo.Message{ID: "q0", Content: "<@bot> why did the ferries stop?", Author: &discordgo.User{ID: "u1"}}
	earlier := &discordgo.Message{ID: "a0", Content: labelExtractive + "\nCrews struck [1].", Author: &discordgo.User{ID: "bot"},
		ReferencedMessage: question, Timestamp: time.Now()}
	b.HandleMessage(userMsg("m1", "for how long?", false, earlier))
	reqs := asker.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests; want 1 (a reply to the bot is a follow-up even without a mention)", len(reqs))
	}
	if h := reqs[0].History; len(h) != 1 || h[0].Question != "why did the ferries stop?" || h[0].Answer != "Crews struck [1]." {
		t.Errorf("history %+v", h)
	}
}

func TestFollowUpBounds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		lg, err := answerlog.Open(filepath.Join(t.TempDir(), "a.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer lg.Close()
		ctx := context.Background()
		// A chain of 6 answers, an hour apart, the newest last.
		parent := ""
		for n := range 6 {
			id := string(rune('a' + n))
			rec := &answerlog.Record{ID: id, MessageIDs: []string{"msg-" + id}, ParentID: parent, GuildID: "g1",
				Question: "q" + id, Answer: "answer " + id, Created: time.Now()}
			if err := lg.Put(ctx, rec); err != nil {
				t.Fatal(err)
			}
			parent = id
			time.Sleep(time.Hour)
		}
		asker := &fakeAsker{}
		b := newTestBot(&recorder{}, asker, lg, Options{Logger: quiet(), MaxTurns: 4, MaxTurnAge: 3*time.Hour + time.Minute})
		b.SetSelf("bot")
		b.HandleMessage(userMsg("m1", "and then?", true, &discordgo.Message{ID: "msg-f", Author: &discordgo.User{ID: "bot"}}))
		h := asker.requests()[0].History
		var qs []string
		for _, turn := range h {
			qs = append(qs, turn.Question)
		}
		// Age cuts first here: answers d, e, f are within 3 h.
		if strings.Join(qs, ",") != "qd,qe,qf" {
			t.Errorf("history questions %v; want qd,qe,qf (oldest first, age-bounded)", qs)
		}
		b2 := newTestBot(&recorder{}, asker, lg, Options{Logger: quiet(), MaxTurns: 2})
		b2.SetSelf("bot")
		b2.HandleMessage(userMsg("m2", "and then?", true, &discordgo.Message{ID: "msg-f", Author: &discordgo.User{ID: "bot"}}))
		reqs := asker.requests()
		if h := reqs[len(reqs)-1].History; len(h) != 2 || h[0].Question != "qe" {
			t.Errorf("history %+v; want the last 2 turns", h)
		}
	})
}

func TestChannelStreaming(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		b := newTestBot(rec, &fakeAsker{fn: longAsker(50, 100*time.Millisecond)}, nil, Options{Logger: quiet()})
		b.SetSelf("bot")
		b.HandleMessage(userMsg("m1", "<@bot> ferries?", true, nil))
		calls := rec.all()
		var methods []string
		for _, c := range calls {
			methods = append(methods, c.Method)
		}
		// typing, the first partial text as a reply, edits of it, the final edit.
		if len(calls) < 4 || calls[0].Method != "typing" || calls[1].Method != "send" || !isStreamed(calls[1]) ||
			calls[len(calls)-1].Method != "chedit" || isStreamed(calls[len(calls)-1]) {
			t.Errorf("calls %v", methods)
		}
		checkMentions(t, calls)
	})
}

func TestIgnoredMessages(t *testing.T) {
	asker := &fakeAsker{}
	rec := &recorder{}
	b := newTestBot(rec, asker, nil, Options{Logger: quiet()})
	b.HandleMessage(userMsg("m0", "<@bot> before READY", true, nil)) // no self id yet
	b.SetSelf("bot")
	bot := userMsg("m1", "<@bot> hi", true, nil)
	bot.Author.Bot = true
	self := userMsg("m2", "<@bot> hi", true, nil)
	self.Author.ID = "bot"
	for _, m := range []*discordgo.Message{bot, self, userMsg("m3", "no mention", false, nil)} {
		b.HandleMessage(m)
	}
	if len(asker.requests()) != 0 || len(rec.all()) != 0 {
		t.Errorf("answered %v / sent %v", asker.requests(), rec.all())
	}
	b.HandleMessage(userMsg("m4", "<@bot>  ", true, nil))
	if c := rec.all(); len(c) != 1 || !strings.Contains(c[0].Content, "Ask me a question") {
		t.Errorf("empty mention got %+v; want a hint", c)
	}
}

func TestChannelRateLimitNoticeOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		rec := &recorder{}
		asker := &fakeAsker{}
		b := newTestBot(rec, asker, nil, Options{Limits: Limits{RateBurst: 1, RatePer: time.Minute}, Logger: quiet()})
		b.SetSelf("bot")
		for n := range 5 {
			b.HandleMessage(userMsg(string(rune('a'+n)), "<@bot> ferries?", true, nil))
		}
		notices := 0
		for _, c := range rec.all() {
			if strings.Contains(c.Content, "try again in") {
				notices++
			}
		}
		if len(asker.requests()) != 1 || notices != 1 {
			t.Errorf("%d answered, %d notices; want 1 and 1", len(asker.requests()), notices)
		}
	})
}
