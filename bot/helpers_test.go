package bot

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/retrieval"
)

// testLimits are the limits of a test bot unless the test sets its own:
// the test's values, not defaults (config owns those). A zero field of
// what a test sets is taken from here, so MaxQueue 0 needs New itself.
var testLimits = Limits{RatePer: 20 * time.Second, RateBurst: 3, MaxQuestionLen: 500,
	AnswerTimeout: 90 * time.Second, MaxConcurrent: 4, MaxQueue: 50}

// newTestBot is New with testLimits filling the limits opts leaves zero,
// and asker's Ask (and, for a *fakeAsker, its summary and compare) as the
// answers.
func newTestBot(api discordAPI, asker interface {
	Ask(ctx context.Context, req answer.Request) (*answer.Answer, error)
}, store Store, opts Options) *Bot {
	l, d := &opts.Limits, testLimits
	l.RatePer = cmp.Or(l.RatePer, d.RatePer)
	l.RateBurst = cmp.Or(l.RateBurst, d.RateBurst)
	l.MaxQuestionLen = cmp.Or(l.MaxQuestionLen, d.MaxQuestionLen)
	l.AnswerTimeout = cmp.Or(l.AnswerTimeout, d.AnswerTimeout)
	l.MaxConcurrent = cmp.Or(l.MaxConcurrent, d.MaxConcurrent)
	l.MaxQueue = cmp.Or(l.MaxQueue, d.MaxQueue)
	ans := Answers{Ask: asker.Ask}
	if f, ok := asker.(*fakeAsker); ok {
		ans.Summary, ans.Compare = f.summary, f.compare
	}
	return New(api, ans, store, opts)
}

// marshal is readable JSON for golden files.
func marshal(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testPassages is a small coverage of our own (not the eval set's).
var testPassages = []corpus.Passage{
	{ID: "ferry-strike#0", ArticleID: "ferry-strike", Ordinal: 0, Title: "Ferry crews walk out over rosters",
		Outlet: "Harbour Gazette", Published: time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC),
		URL: "https://example.org/ferry-strike", Text: "Ferry crews began a 48-hour strike on Monday over new rosters. Services to the islands were cancelled."},
	{ID: "ferry-strike#1", ArticleID: "ferry-strike", Ordinal: 1, Title: "Ferry crews walk out over rosters",
		Outlet: "Harbour Gazette", Published: time.Date(2025, 3, 4, 0, 0, 0, 0, time.UTC),
		URL: "https://example.org/ferry-strike", Text: "The operator said 12,000 passengers were affected."},
	{ID: "ferry-talks#0", ArticleID: "ferry-talks", Ordinal: 0, Title: "Talks resume in ferry dispute",
		Outlet: "Island Times", Published: time.Date(2025, 3, 6, 0, 0, 0, 0, time.UTC),
		URL: "", Text: "Union and operator met on Wednesday; about 10,000 passengers had been stranded, the union said."},
}

func hit(p corpus.Passage, score float64) retrieval.Hit {
	return retrieval.Hit{Passage: p, Score: score, DenseScore: score * 20, LexicalScore: score * 100, DenseRank: 1, LexicalRank: 2}
}

// cannedAnswer answers every question with the same two cited claims.
func cannedAnswer(q string) *answer.Answer {
	h := []retrieval.Hit{hit(testPassages[0], 0.033), hit(testPassages[1], 0.031), hit(testPassages[2], 0.02)}
	return &answer.Answer{
		Question: q, Text: "Ferry crews struck for 48 hours over rosters [1]. The operator put the number affected at 12,000 [2].",
		Mode: answer.ModeLLM, Model: "fake-model", PromptVersion: "answer-test",
		Hits: h,
		Citations: []answer.Citation{{N: 1, Hit: h[0], Sentence: "Ferry crews began a 48-hour strike on Monday over new rosters.", Verified: true},
			{N: 2, Hit: h[1], Sentence: "The operator said 12,000 passengers were affected.", Verified: true}},
		Timings: answer.Timings{Retrieve: 10 * time.Millisecond, FirstToken: 50 * time.Millisecond, Total: 200 * time.Millisecond},
	}
}

// fakeAsker streams cannedAnswer word by word, delay apart, unless fn is
// set.
type fakeAsker struct {
	delay   time.Duration
	fn      func(ctx context.Context, req answer.Request) (*answer.Answer, error)
	summary func(ctx context.Context, req answer.SummaryRequest) (*answer.Answer, error) // nil: /summary off
	compare func(ctx context.Context, req answer.CompareRequest) (*answer.Answer, error) // nil: /compare off
	forget  bool                                                                         // keep no requests (soak tests measure memory)

	mu   sync.Mutex
	reqs []answer.Request
}

func (f *fakeAsker) Ask(ctx context.Context, req answer.Request) (*answer.Answer, error) {
	if !f.forget {
		f.mu.Lock()
		f.reqs = append(f.reqs, req)
		f.mu.Unlock()
	}
	if f.fn != nil {
		return f.fn(ctx, req)
	}
	a := cannedAnswer(req.Question)
	for _, w := range strings.SplitAfter(a.Text, " ") {
		if f.delay > 0 {
			select {
			case <-time.After(f.delay):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		if req.OnDelta != nil {
			if err := req.OnDelta(w); err != nil {
				return nil, err
			}
		}
	}
	return a, nil
}

func (f *fakeAsker) requests() []answer.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]answer.Request(nil), f.reqs...)
}

// hangingAsker blocks until its context ends.
func hangingAsker(ctx context.Context, req answer.Request) (*answer.Answer, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

type fakeLibrary struct{ ps []corpus.Passage }

func (l fakeLibrary) Passages() []corpus.Passage { return l.ps }
func (l fakeLibrary) Search(_ context.Context, q string, k int) ([]retrieval.Hit, error) {
	var hits []retrieval.Hit
	for _, p := range l.ps {
		if strings.Contains(strings.ToLower(p.Text), strings.ToLower(q)) && len(hits) < k {
			hits = append(hits, hit(p, 0.5))
		}
	}
	return hits, nil
}

// recorder is an in-memory discordAPI for tests that need fake time.
type recorder struct {
	mu    sync.Mutex
	calls []rcall
	n     int
	fail  func(method string) error
}

type rcall struct {
	Method  string
	At      time.Time
	Content string
	Flags   discordgo.MessageFlags
	Type    discordgo.InteractionResponseType
	Embeds  int
	Mention *discordgo.MessageAllowedMentions
}

func (r *recorder) add(c rcall) (*discordgo.Message, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c.At = time.Now()
	r.calls = append(r.calls, c)
	if r.fail != nil {
		if err := r.fail(c.Method); err != nil {
			return nil, err
		}
	}
	r.n++
	return &discordgo.Message{ID: fmt.Sprint("msg", r.n)}, nil
}

func (r *recorder) all() []rcall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]rcall(nil), r.calls...)
}

func (r *recorder) InteractionRespond(i *discordgo.Interaction, resp *discordgo.InteractionResponse, _ ...discordgo.RequestOption) error {
	c := rcall{Method: "respond", Type: resp.Type}
	if resp.Data != nil {
		c.Content, c.Flags, c.Embeds, c.Mention = resp.Data.Content, resp.Data.Flags, len(resp.Data.Embeds), resp.Data.AllowedMentions
	}
	_, err := r.add(c)
	return err
}

func (r *recorder) InteractionResponseEdit(i *discordgo.Interaction, e *discordgo.WebhookEdit, _ ...discordgo.RequestOption) (*discordgo.Message, error) {
	c := rcall{Method: "edit", Mention: e.AllowedMentions}
	if e.Content != nil {
		c.Content = *e.Content
	}
	if e.Embeds != nil {
		c.Embeds = len(*e.Embeds)
	}
	return r.add(c)
}

func (r *recorder) FollowupMessageCreate(i *discordgo.Interaction, wait bool, p *discordgo.WebhookParams, _ ...discordgo.RequestOption) (*discordgo.Message, error) {
	return r.add(rcall{Method: "followup", Content: p.Content, Flags: p.Flags, Embeds: len(p.Embeds), Mention: p.AllowedMentions})
}

func (r *recorder) ChannelMessageSendComplex(ch string, m *discordgo.MessageSend, _ ...discordgo.RequestOption) (*discordgo.Message, error) {
	return r.add(rcall{Method: "send", Content: m.Content, Embeds: len(m.Embeds), Mention: m.AllowedMentions})
}

func (r *recorder) ChannelMessageEditComplex(m *discordgo.MessageEdit, _ ...discordgo.RequestOption) (*discordgo.Message, error) {
	c := rcall{Method: "chedit", Mention: m.AllowedMentions}
	if m.Content != nil {
		c.Content = *m.Content
	}
	return r.add(c)
}

func (r *recorder) ChannelMessage(ch, id string, _ ...discordgo.RequestOption) (*discordgo.Message, error) {
	return nil, errors.New("not found")
}

func (r *recorder) Channel(id string, _ ...discordgo.RequestOption) (*discordgo.Channel, error) {
	return &discordgo.Channel{ID: id, Type: discordgo.ChannelTypeGuildText}, nil
}

func (r *recorder) ChannelTyping(ch string, _ ...discordgo.RequestOption) error {
	_, err := r.add(rcall{Method: "typing"})
	return err
}

func (r *recorder) ApplicationCommandBulkOverwrite(app, guild string, cmds []*discordgo.ApplicationCommand, _ ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error) {
	_, err := r.add(rcall{Method: "register"})
	return cmds, err
}

var _ discordAPI = (*recorder)(nil)

// askInteraction is a /ask interaction from a plain member.
func askInteraction(id, user, question string) *discordgo.Interaction {
	return &discordgo.Interaction{ID: id, AppID: "app", Token: "tok-" + id, Type: discordgo.InteractionApplicationCommand,
		GuildID: "g1", ChannelID: "c1", Member: &discordgo.Member{User: &discordgo.User{ID: user}},
		Data: discordgo.ApplicationCommandInteractionData{Name: "ask", Options: []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: question}}}}
}
