package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsbot/newsbot/internal/golden"

	"github.com/bwmarrin/discordgo"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/answerlog"
	"github.com/newsbot/newsbot/bot/internal/fakediscord"
	"github.com/newsbot/newsbot/corpus"
)

// wait bounds how long an end-to-end test waits for the bot; it is a
// deadline for a hung test, not a timing assertion.
const wait = 30 * time.Second

type harness struct {
	t     *testing.T
	fd    *fakediscord.Server
	s     *discordgo.Session
	b     *Bot
	log   *answerlog.Log
	puts  *putSignal
	asker *fakeAsker
}

// newHarness runs the real discordgo session against a fake Discord: REST
// through NewSession's rewrite, gateway from GET gateway.
func newHarness(t *testing.T, asker *fakeAsker, opts Options) *harness {
	t.Helper()
	fd := fakediscord.New(t)
	if opts.Logger == nil {
		opts.Logger = quiet()
	}
	if opts.Library == nil {
		opts.Library = fakeLibrary{testPassages}
	}
	if opts.EditInterval == 0 {
		opts.EditInterval = 20 * time.Millisecond
	}
	if opts.RetryMin == 0 {
		opts.RetryMin, opts.RetryMax = 5*time.Millisecond, 40*time.Millisecond
	}
	s, err := NewSession("test-token", fd.APIBase(), Intents(opts))
	if err != nil {
		t.Fatal(err)
	}
	s.LogLevel = -1
	lg, err := answerlog.Open(filepath.Join(t.TempDir(), "answers.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lg.Close() })
	puts := &putSignal{Log: lg, put: make(chan struct{}, 1)}
	b := newTestBot(s, asker, puts, opts)
	for _, h := range b.Handlers() {
		s.AddHandler(h)
	}
	if err := s.Open(); err != nil {
		t.Fatalf("open session against the fake gateway: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if err := b.Register(context.Background(), s.State.User.ID); err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, fd: fd, s: s, b: b, log: lg, puts: puts, asker: asker}
}

type member struct {
	id    string
	perms int64
	roles []string
}

var (
	plain = member{id: "200000000000000001"}
	mod   = member{id: "200000000000000002", perms: discordgo.PermissionManageMessages}
)

func (h *harness) interaction(id string, typ discordgo.InteractionType, m member, data map[string]any) {
	roles := m.roles
	if roles == nil {
		roles = []string{}
	}
	h.fd.Dispatch("INTERACTION_CREATE", map[string]any{
		"id": id, "application_id": fakediscord.AppID, "type": typ, "token": "tok-" + id, "version": 1,
		"guild_id": "300", "channel_id": "400",
		"member": map[string]any{"user": map[string]any{"id": m.id, "username": "user" + m.id}, "roles": roles,
			"permissions": fmt.Sprint(m.perms)},
		"data": data,
	})
}

func (h *harness) slash(id string, m member, name string, opts ...map[string]any) {
	if opts == nil {
		opts = []map[string]any{}
	}
	h.interaction(id, discordgo.InteractionApplicationCommand, m, map[string]any{"id": "cmd-" + name, "name": name, "type": 1, "options": opts})
}

func str(name, value string) map[string]any {
	return map[string]any{"name": name, "type": 3, "value": value}
}

func (h *harness) message(id, author, content string, mentionsBot bool, replyTo string) {
	mentions := []any{}
	if mentionsBot {
		mentions = append(mentions, map[string]any{"id": fakediscord.BotID, "username": "newsbot", "bot": true})
	}
	m := map[string]any{"id": id, "channel_id": "400", "guild_id": "300", "content": content, "type": 0,
		"author": map[string]any{"id": author, "username": "user" + author}, "mentions": mentions,
		"timestamp": time.Now().UTC().Format(time.RFC3339)}
	if replyTo != "" {
		m["type"] = 19
		m["message_reference"] = map[string]any{"message_id": replyTo, "channel_id": "400", "guild_id": "300"}
		if ref := h.fd.Message(replyTo); ref != nil {
			m["referenced_message"] = map[string]any{"id": replyTo, "channel_id": "400", "content": ref.Content, "type": 0,
				"author":    map[string]any{"id": fakediscord.BotID, "username": "newsbot", "bot": true},
				"timestamp": time.Now().UTC().Format(time.RFC3339)}
		}
	}
	h.fd.Dispatch("MESSAGE_CREATE", m)
}

func final(c fakediscord.Call) bool {
	if c.Method != "PATCH" && c.Method != "POST" {
		return false
	}
	content, _ := c.JSON()["content"].(string)
	return !strings.HasSuffix(content, "-# writing…") && !strings.HasPrefix(content, "Queued: ")
}

// waitOriginal waits for the final edit of interaction id's response.
func (h *harness) waitOriginal(id string) fakediscord.Call {
	h.t.Helper()
	path := "webhooks/" + fakediscord.AppID + "/tok-" + id + "/messages/@original"
	var got fakediscord.Call
	h.fd.WaitFor(wait, "final edit of "+id, func(calls []fakediscord.Call) bool {
		for _, c := range calls {
			if c.Method == "PATCH" && c.Path == path && c.Status == 200 && final(c) {
				got = c
				return true
			}
		}
		return false
	})
	return got
}

// waitCallback waits for the first response to interaction id.
func (h *harness) waitCallback(id string) fakediscord.Call {
	h.t.Helper()
	path := "interactions/" + id + "/tok-" + id + "/callback"
	var got fakediscord.Call
	h.fd.WaitFor(wait, "callback of "+id, func(calls []fakediscord.Call) bool {
		for _, c := range calls {
			if c.Path == path {
				got = c
				return true
			}
		}
		return false
	})
	return got
}

// waitReply waits until the bot's reply to message id is final and
// returns it as the fake stored it.
func (h *harness) waitReply(id string) *fakediscord.Message {
	h.t.Helper()
	var got *fakediscord.Message
	h.fd.WaitFor(wait, "reply to "+id, func(calls []fakediscord.Call) bool {
		for _, c := range calls {
			if c.Method != "POST" || !strings.HasSuffix(c.Path, "/messages") || c.Status != 200 {
				continue
			}
			ref, _ := c.JSON()["message_reference"].(map[string]any)
			if ref == nil || ref["message_id"] != id {
				continue
			}
			// the id the fake gave this message is in its stored copy
			for _, m := range h.sent() {
				if m.Reference == id && !strings.HasSuffix(m.Content, "-# writing…") {
					got = m
					return true
				}
			}
		}
		return false
	})
	return got
}

func (h *harness) sent() []*fakediscord.Message {
	var out []*fakediscord.Message
	for n := int64(900000000000000001); n < 900000000000000200; n++ {
		if m := h.fd.Message(fmt.Sprint(n)); m != nil {
			out = append(out, m)
		}
	}
	return out
}

func TestE2ERegister(t *testing.T) {
	t.Parallel()
	for _, guild := range []string{"", "300"} {
		t.Run("guild="+guild, func(t *testing.T) {
			h := newHarness(t, &fakeAsker{}, Options{GuildID: guild})
			var put fakediscord.Call
			for _, c := range h.fd.Calls() {
				if c.Method == "PUT" {
					put = c
				}
			}
			want := "applications/" + fakediscord.AppID + "/commands"
			if guild != "" {
				want = "applications/" + fakediscord.AppID + "/guilds/300/commands"
			}
			if put.Path != want {
				t.Errorf("commands PUT to %q; want %q", put.Path, want)
			}
			var v any
			if err := json.Unmarshal(put.Body, &v); err != nil {
				t.Fatal(err)
			}
			if guild == "" {
				golden.Check(t, strings.ReplaceAll(t.Name(), "/", "_"), marshal(t, v))
			}
			ids := h.fd.Identifies()
			if len(ids) != 1 || ids[0]["intents"] != float64(discordgo.IntentsGuilds|discordgo.IntentsGuildMessages) {
				t.Errorf("identify intents = %v; want guilds|guild messages only", ids)
			}
		})
	}
}

func TestE2EAsk(t *testing.T) {
	t.Parallel()
	h := newHarness(t, &fakeAsker{delay: 5 * time.Millisecond}, Options{})
	h.slash("500", plain, "ask", str("question", "Why did the ferries stop?"))
	cb := h.waitCallback("500")
	if cb.JSON()["type"] != float64(5) {
		t.Errorf("first response %s; want deferred (type 5)", cb.Body)
	}
	fin := h.waitOriginal("500")
	body := fin.JSON()
	content, _ := body["content"].(string)
	embeds, _ := body["embeds"].([]any)
	if !strings.Contains(content, "[1]") || !strings.Contains(content, "[2]") || len(embeds) != 2 {
		t.Fatalf("final edit %s; want the answer with two source embeds", fin.Body)
	}
	e := embeds[0].(map[string]any)
	if e["title"] != "[1] Ferry crews walk out over rosters" || e["url"] != "https://example.org/ferry-strike" ||
		e["footer"].(map[string]any)["text"] != "Harbour Gazette · 2025-03-04 · on Monday = 2025-03-03" || !strings.Contains(e["description"].(string), "48-hour strike") {
		t.Errorf("first source embed %v", e)
	}
	if !strings.Contains(string(fin.Body), `"custom_id":"nb:src:500"`) {
		t.Errorf("no Sources button keyed to the answer: %s", fin.Body)
	}
	// The answer is in the log under the interaction id and its message id.
	rec := waitLogged(t, h, "500")
	if len(rec.Passages) != 3 || rec.Model != "fake-model" || rec.UserID != plain.id || rec.GuildID != "300" {
		t.Fatalf("logged record %+v", rec)
	}
	if r, err := h.log.ByMessage(context.Background(), rec.MessageIDs[0]); err != nil || r.ID != "500" {
		t.Errorf("ByMessage(%s) = %v, %v", rec.MessageIDs[0], r, err)
	}
	streamed := 0
	for _, c := range h.fd.Calls() {
		if c.Method == "PATCH" && !final(c) {
			streamed++
		}
	}
	if streamed > 8 {
		t.Errorf("%d streamed edits; want ≤ MaxEdits (8)", streamed)
	}

	// Buttons: Sources (ephemeral passages) and feedback, keyed to the log.
	h.interaction("501", discordgo.InteractionMessageComponent, plain, map[string]any{"custom_id": "nb:src:500", "component_type": 2})
	cb = h.waitCallback("501")
	d := cb.JSON()["data"].(map[string]any)
	if d["flags"] != float64(64) || !strings.Contains(string(cb.Body), "The operator said 12,000 passengers were affected.") ||
		strings.Contains(string(cb.Body), "score") {
		t.Errorf("Sources button reply %s; want ephemeral full passages without scores", cb.Body)
	}
	h.interaction("502", discordgo.InteractionMessageComponent, plain, map[string]any{"custom_id": "nb:down:500", "component_type": 2})
	h.waitCallback("502")
	h.interaction("503", discordgo.InteractionMessageComponent, mod, map[string]any{"custom_id": "nb:up:500", "component_type": 2})
	if cb := h.waitCallback("503"); !strings.Contains(string(cb.Body), "helpful") {
		t.Errorf("feedback reply %s", cb.Body)
	}
	rec, _ = h.log.Get(context.Background(), "500")
	if up, down := rec.Votes(); up != 1 || down != 1 {
		t.Errorf("votes %d up %d down; want 1 and 1", up, down)
	}
}

func TestE2EMentionAndFollowUp(t *testing.T) {
	t.Parallel()
	asker := &fakeAsker{}
	h := newHarness(t, asker, Options{})
	// A message that does not mention the bot outside answer channels is ignored.
	h.message("600", plain.id, "just chatting about ferries", false, "")
	h.message("601", plain.id, "<@"+fakediscord.BotID+"> why did the ferries stop?", true, "")
	reply := h.waitReply("601")
	if !strings.Contains(reply.Content, "[1]") || len(reply.Embeds) != 2 {
		t.Fatalf("reply %+v; want the cited answer", reply)
	}
	if reqs := asker.requests(); len(reqs) != 1 || reqs[0].Question != "why did the ferries stop?" || len(reqs[0].History) != 0 {
		t.Fatalf("asker got %+v; want one question with the mention stripped", reqs)
	}
	// Wait for the log, then reply to the answer: a follow-up with memory.
	waitLogged(t, h, "601")
	h.message("602", plain.id, "and how many passengers?", true, reply.ID)
	h.waitReply("602")
	reqs := asker.requests()
	if len(reqs) != 2 || len(reqs[1].History) != 1 || reqs[1].History[0].Question != "why did the ferries stop?" ||
		!strings.Contains(reqs[1].History[0].Answer, "48 hours") {
		t.Fatalf("follow-up request %+v; want one earlier turn", reqs[len(reqs)-1])
	}
	rec := waitLogged(t, h, "602")
	if rec.ParentID != "601" || rec.Kind != "followup" {
		t.Errorf("follow-up record parent %q kind %q", rec.ParentID, rec.Kind)
	}
	// A second follow-up remembers both turns, oldest first.
	second := h.waitReply("602")
	h.message("603", plain.id, "who said so?", true, second.ID)
	h.waitReply("603")
	reqs = asker.requests()
	if h := reqs[len(reqs)-1].History; len(h) != 2 || h[0].Question != "why did the ferries stop?" || h[1].Question != "and how many passengers?" {
		t.Errorf("second follow-up history %+v", h)
	}
}

// waitLogged waits for the answer id to be in the harness's answer log: it
// looks again each time the bot puts an answer, not on a clock.
func waitLogged(t *testing.T, h *harness, id string) *answerlog.Record {
	t.Helper()
	timeout := time.After(wait)
	for {
		if rec, err := h.log.Get(context.Background(), id); err == nil {
			return rec
		}
		select {
		case <-h.puts.put:
		case <-timeout:
			t.Fatalf("answer %s never logged", id)
			return nil
		}
	}
}

// putSignal is the answer log with a signal after each Put, for waitLogged.
type putSignal struct {
	*answerlog.Log
	put chan struct{} // buffered 1: a Put while nobody waits is not lost
}

func (p *putSignal) Put(ctx context.Context, rec *answerlog.Record) error {
	err := p.Log.Put(ctx, rec)
	select {
	case p.put <- struct{}{}:
	default:
	}
	return err
}

func TestE2EAnswerChannel(t *testing.T) {
	t.Parallel()
	opts := Options{AnswerChannels: []string{"400"}}
	h := newHarness(t, &fakeAsker{}, opts)
	if ids := h.fd.Identifies(); ids[0]["intents"] != float64(Intents(opts)) || Intents(opts)&discordgo.IntentsMessageContent == 0 {
		t.Errorf("intents %v; want Message Content with answer channels", ids[0]["intents"])
	}
	h.message("610", plain.id, "what happened with the ferries?", false, "")
	if r := h.waitReply("610"); !strings.Contains(r.Content, "[1]") {
		t.Errorf("reply %+v", r)
	}
}

func TestE2EMentionSafety(t *testing.T) {
	t.Parallel()
	hostile := "@everyone @here <@&700> <@200000000000000009> what about the ferries?"
	asker := &fakeAsker{fn: func(ctx context.Context, req answer.Request) (*answer.Answer, error) {
		a := cannedAnswer(req.Question)
		a.Text = req.Question + " [1]"
		a.Citations = a.Citations[:1]
		_ = req.OnDelta(a.Text)
		return a, nil
	}}
	h := newHarness(t, asker, Options{})
	h.slash("620", plain, "ask", str("question", hostile))
	fin := h.waitOriginal("620")
	if !strings.Contains(string(fin.Body), `"allowed_mentions":{"parse":[]`) {
		t.Errorf("final edit without empty parse list: %s", fin.Body)
	}
	h.message("621", plain.id, "<@"+fakediscord.BotID+"> "+hostile, true, "")
	h.waitReply("621")
	// The fake fails the test on any message without an explicit empty parse
	// list; check that messages were indeed checked, and that the mention
	// text itself was defused (a full-width at sign).
	n := 0
	for _, c := range h.fd.Calls() {
		if strings.Contains(string(c.Body), "\uff20everyone") {
			n++
			if !strings.Contains(string(c.Body), `"parse":[]`) {
				t.Errorf("%s %s carries @everyone without parse []", c.Method, c.Path)
			}
		}
		for _, raw := range []string{"@everyone", "@here", "<@&700>", "<@200000000000000009>"} {
			if content, _ := c.JSON()["content"].(string); strings.Contains(content, raw) {
				t.Errorf("%s %s content carries the live mention %q: %q", c.Method, c.Path, raw, content)
			}
		}
	}
	if n < 2 {
		t.Errorf("only %d messages carried the hostile text", n)
	}
}

func TestE2EModerators(t *testing.T) {
	t.Parallel()
	h := newHarness(t, &fakeAsker{}, Options{ModeratorRoles: []string{"777"}})
	h.slash("630", plain, "ask", str("question", "Why did the ferries stop?"))
	h.waitOriginal("630")
	rec := waitLogged(t, h, "630")
	target := rec.MessageIDs[0]
	show := func(id string, m member, target string) fakediscord.Call {
		h.interaction(id, discordgo.InteractionApplicationCommand, m, map[string]any{"id": "cmd-show", "name": "Show sources",
			"type": 3, "target_id": target})
		return h.waitCallback(id)
	}
	// A plain member gets a refusal and no data, even if Discord let the
	// command through.
	for _, c := range []struct {
		id  string
		run func(id string)
	}{
		{"631", func(id string) { show(id, plain, target) }},
		{"632", func(id string) {
			h.slash(id, plain, "sources", map[string]any{"name": "list", "type": 1, "options": []any{}})
		}},
		{"633", func(id string) {
			h.slash(id, plain, "sources", map[string]any{"name": "search", "type": 1, "options": []any{str("query", "ferry")}})
		}},
	} {
		c.run(c.id)
		cb := h.waitCallback(c.id)
		if !strings.Contains(string(cb.Body), msgNotMod) || cb.JSON()["data"].(map[string]any)["flags"] != float64(64) ||
			strings.Contains(string(cb.Body), "ferry") {
			t.Errorf("plain member got %s", cb.Body)
		}
	}
	// A moderator (by permission or by role) sees the passages, scores,
	// model and prompt version.
	for _, m := range []member{mod, {id: "200000000000000003", roles: []string{"777"}},
		{id: "200000000000000004", perms: discordgo.PermissionAdministrator}} {
		id := fmt.Sprint(640 + len(m.id) + len(m.roles) + int(m.perms%7))
		cb := show(id, m, target)
		body := string(cb.Body)
		for _, want := range []string{"fake-model", "answer-test", "score 0.0330", "ferry-strike#1", "(not cited) Talks resume", `"flags":64`} {
			if !strings.Contains(body, want) {
				t.Errorf("Show sources for %+v lacks %q: %s", m, want, body)
			}
		}
	}
	// Never another guild's record.
	h.fd.Dispatch("INTERACTION_CREATE", map[string]any{"id": "650", "application_id": fakediscord.AppID, "type": 2,
		"token": "tok-650", "version": 1, "guild_id": "999", "channel_id": "1",
		"member": map[string]any{"user": map[string]any{"id": mod.id}, "roles": []string{}, "permissions": "8192"},
		"data":   map[string]any{"id": "cmd-show", "name": "Show sources", "type": 3, "target_id": target}})
	if cb := h.waitCallback("650"); !strings.Contains(string(cb.Body), "can't find that answer") {
		t.Errorf("another guild got %s", cb.Body)
	}
	// Not one of the bot's answers.
	if cb := show("651", mod, "12345"); !strings.Contains(string(cb.Body), "can't find that answer") {
		t.Errorf("unknown message got %s", cb.Body)
	}
	// /sources list, article and search for a moderator: deferred, then edited.
	h.slash("660", mod, "sources", map[string]any{"name": "list", "type": 1, "options": []any{}})
	if fin := h.waitOriginal("660"); !strings.Contains(string(fin.Body), "`ferry-strike` Ferry crews walk out over rosters") {
		t.Errorf("list: %s", fin.Body)
	}
	h.slash("661", mod, "sources", map[string]any{"name": "article", "type": 1, "options": []any{str("id", "ferry-talks")}})
	if fin := h.waitOriginal("661"); !strings.Contains(string(fin.Body), "Island Times") {
		t.Errorf("article: %s", fin.Body)
	}
	h.slash("662", mod, "sources", map[string]any{"name": "search", "type": 1, "options": []any{str("query", "passengers")}})
	if fin := h.waitOriginal("662"); !strings.Contains(string(fin.Body), "2 passages") || !strings.Contains(string(fin.Body), "score 0.5000") {
		t.Errorf("search: %s", fin.Body)
	}
}

func TestE2EAutocomplete(t *testing.T) {
	t.Parallel()
	var ps = append([]corpus.Passage(nil), testPassages...)
	for n := range 40 {
		ps = append(ps, corpus.Passage{ID: fmt.Sprintf("bulk-%02d#0", n), ArticleID: fmt.Sprintf("bulk-%02d", n),
			Title: fmt.Sprintf("Bulk article %d %s", n, strings.Repeat("long ", 30)), Outlet: "Wire", Text: "x"})
	}
	h := newHarness(t, &fakeAsker{}, Options{Library: fakeLibrary{ps}})
	ac := func(id, typed string) []any {
		h.interaction(id, discordgo.InteractionApplicationCommandAutocomplete, plain, map[string]any{"id": "cmd-summary",
			"name": "summary", "type": 1, "options": []any{map[string]any{"name": "article", "type": 3, "value": typed, "focused": true}}})
		cb := h.waitCallback(id)
		if cb.JSON()["type"] != float64(8) {
			t.Errorf("autocomplete answered with %s; want type 8 at once", cb.Body)
		}
		ch, _ := cb.JSON()["data"].(map[string]any)["choices"].([]any)
		return ch
	}
	if ch := ac("670", ""); len(ch) != 25 {
		t.Errorf("%d choices for nothing typed; want 25", len(ch))
	}
	ch := ac("671", "FERRY")
	if len(ch) != 2 || ch[0].(map[string]any)["value"] != "ferry-strike" ||
		ch[0].(map[string]any)["name"] != "Ferry crews walk out over rosters (Harbour Gazette · 2025-03-04)" {
		t.Errorf("choices for 'FERRY': %v", ch)
	}
	for _, c := range ac("672", "bulk article 1") {
		if n := len([]rune(c.(map[string]any)["name"].(string))); n > 100 {
			t.Errorf("choice name of %d characters", n)
		}
	}
}

func TestE2ESummaryCompare(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []string
	asker := &fakeAsker{
		summary: func(ctx context.Context, req answer.SummaryRequest) (*answer.Answer, error) {
			mu.Lock()
			got = append(got, "summary:"+req.ArticleID+":"+req.Topic)
			mu.Unlock()
			return cannedAnswer("summary"), nil
		},
		compare: func(ctx context.Context, req answer.CompareRequest) (*answer.Answer, error) {
			mu.Lock()
			got = append(got, "compare:"+req.Topic)
			mu.Unlock()
			a := cannedAnswer(req.Topic)
			a.Text = "Harbour Gazette says 12,000 passengers [2]; Island Times says about 10,000 [1]."
			return a, nil
		},
	}
	h := newHarness(t, asker, Options{})
	h.slash("680", plain, "summary", str("article", "ferry-strike"))
	h.waitOriginal("680")
	h.slash("681", plain, "compare", str("topic", "passengers affected"))
	if fin := h.waitOriginal("681"); !strings.Contains(string(fin.Body), "Island Times says") {
		t.Errorf("compare: %s", fin.Body)
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(got, ",") != "summary:ferry-strike:,compare:passengers affected" {
		t.Errorf("calls %v", got)
	}
}

func TestE2ERateLimitAndQueue(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	asker := &fakeAsker{fn: func(ctx context.Context, req answer.Request) (*answer.Answer, error) {
		select {
		case <-release:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		return cannedAnswer(req.Question), nil
	}}
	h := newHarness(t, asker, Options{Limits: Limits{MaxConcurrent: 2, RateBurst: 1, RatePer: time.Hour}})
	users := 8
	for u := range users {
		h.slash(fmt.Sprint(700+u), member{id: fmt.Sprint(210000000000000000 + u)}, "ask", str("question", "ferries?"))
	}
	// All 8 users are deferred; 6 of them see that they are queued.
	h.fd.WaitFor(wait, "6 queued notices", func(calls []fakediscord.Call) bool {
		n := 0
		for _, c := range calls {
			if content, _ := c.JSON()["content"].(string); strings.HasPrefix(content, "Queued: ") {
				n++
			}
		}
		return n == users-2
	})
	// The same user again: rate limited, ephemeral, with a wait.
	h.slash("720", member{id: "210000000000000000"}, "ask", str("question", "again?"))
	if cb := h.waitCallback("720"); !strings.Contains(string(cb.Body), "try again in 3600 seconds") ||
		!strings.Contains(string(cb.Body), `"flags":64`) {
		t.Errorf("rate limited reply %s", cb.Body)
	}
	close(release)
	for u := range users {
		if fin := h.waitOriginal(fmt.Sprint(700 + u)); !strings.Contains(string(fin.Body), "[1]") {
			t.Errorf("user %d got %s", u, fin.Body)
		}
	}
}

func TestE2EModelFailsOrHangs(t *testing.T) {
	t.Parallel()
	h := newHarness(t, &fakeAsker{fn: func(ctx context.Context, req answer.Request) (*answer.Answer, error) {
		if strings.Contains(req.Question, "hang") {
			return hangingAsker(ctx, req)
		}
		return nil, fmt.Errorf("chat model: %w", context.DeadlineExceeded)
	}}, Options{Limits: Limits{AnswerTimeout: 200 * time.Millisecond}})
	h.slash("730", plain, "ask", str("question", "please hang"))
	if fin := h.waitOriginal("730"); !strings.Contains(string(fin.Body), "took longer than") {
		t.Errorf("hang: %s", fin.Body)
	}
	h.message("731", plain.id, "<@"+fakediscord.BotID+"> please hang", true, "")
	if r := h.waitReply("731"); !strings.Contains(r.Content, "took longer than") {
		t.Errorf("hang in channel: %+v", r)
	}
}

func TestE2EDiscordRejectsEdit(t *testing.T) {
	t.Parallel()
	// Discord refuses the final edit once (a 400, not worth retrying): the
	// answer goes out as a follow-up instead, and the original response
	// points to it rather than staying "thinking" or claiming a failure.
	h := newHarness(t, &fakeAsker{}, Options{})
	var mu sync.Mutex
	failed := false
	h.fd.Fail = func(c fakediscord.Call) int {
		mu.Lock()
		defer mu.Unlock()
		if c.Method == "PATCH" && strings.Contains(string(c.Body), "nb:src:") && !failed {
			failed = true
			return 400
		}
		return 0
	}
	h.slash("740", plain, "ask", str("question", "ferries?"))
	if fin := h.waitOriginal("740"); !strings.Contains(string(fin.Body), msgBelow) {
		t.Errorf("original after a failed edit: %s", fin.Body)
	}
	n := 0
	for _, c := range h.fd.Calls() {
		if c.Method == "POST" && c.Path == "webhooks/"+fakediscord.AppID+"/tok-740" && c.Status == 200 &&
			strings.Contains(string(c.Body), "[1]") && strings.Contains(string(c.Body), "nb:src:740") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d follow-ups with the answer; want 1:\n%s", n, fakediscord.Dump(h.fd.Calls()))
	}
}

func TestE2ESplitting(t *testing.T) {
	t.Parallel()
	// 23 citations with over-long titles, outlets and passages, and 4,500
	// characters of text: several messages, each within every limit (the
	// fake rejects, and fails the test on, anything Discord would).
	h := newHarness(t, &fakeAsker{fn: func(ctx context.Context, req answer.Request) (*answer.Answer, error) {
		return bigAnswer(23, 4500, 5000, true), nil
	}}, Options{})
	h.slash("750", plain, "ask", str("question", "everything?"))
	h.waitOriginal("750")
	rec := waitLogged(t, h, "750")
	if len(rec.MessageIDs) < 4 {
		t.Errorf("%d messages; want the answer split over several", len(rec.MessageIDs))
	}
	embeds := 0
	for _, c := range h.fd.Calls() {
		if c.Status != 200 && c.Status != 204 {
			t.Errorf("%s %s -> %d", c.Method, c.Path, c.Status)
		}
		if e, ok := c.JSON()["embeds"].([]any); ok && (c.Method == "POST" || final(c)) {
			embeds += len(e)
		}
	}
	if embeds != 23 {
		t.Errorf("%d source embeds sent; want 23", embeds)
	}
	for _, id := range rec.MessageIDs {
		if r, err := h.log.ByMessage(context.Background(), id); err != nil || r.ID != "750" {
			t.Errorf("part %s not linked to the answer: %v", id, err)
		}
	}
}
