package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/answerlog"
	"github.com/newsbot/newsbot/corpus"
)

// Command names, as registered.
const (
	cmdAsk         = "ask"
	cmdSummary     = "summary"
	cmdCompare     = "compare"
	cmdSources     = "sources"
	cmdShowSources = "Show sources"
)

// moderatorPerms is what Discord shows the moderator commands to by
// default; the bot checks again itself.
var moderatorPerms int64 = discordgo.PermissionManageMessages

// Commands returns the application commands the bot registers with opts:
// Discord itself then stops questions longer than opts.MaxQuestionLen.
func Commands(opts Options) []*discordgo.ApplicationCommand {
	opts = opts.withDefaults()
	minLen := 1
	guildOnly := &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	perms := moderatorPerms
	return []*discordgo.ApplicationCommand{
		{
			Name: cmdAsk, Type: discordgo.ChatApplicationCommand, Contexts: guildOnly,
			Description: "Ask a question about the news coverage; the answer cites its sources",
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: "question", Required: true,
				Description: "Your question", MinLength: &minLen, MaxLength: opts.MaxQuestionLen,
			}},
		},
		{
			Name: cmdSummary, Type: discordgo.ChatApplicationCommand, Contexts: guildOnly,
			Description: "Summarise the coverage, one article or one topic",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "article", Autocomplete: true,
					Description: "The article to summarise (start typing its title)"},
				{Type: discordgo.ApplicationCommandOptionString, Name: "topic", MaxLength: min(200, opts.MaxQuestionLen),
					Description: "A topic to summarise across the coverage"},
			},
		},
		{
			Name: cmdCompare, Type: discordgo.ChatApplicationCommand, Contexts: guildOnly,
			Description: "How each outlet reports one point, side by side",
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: "topic", Required: true,
				Description: "The point to compare", MinLength: &minLen, MaxLength: min(200, opts.MaxQuestionLen),
			}},
		},
		{
			Name: cmdSources, Type: discordgo.ChatApplicationCommand, Contexts: guildOnly,
			DefaultMemberPermissions: &perms,
			Description:              "Moderators: look up the articles and passages the bot answers from",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "List the articles"},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "article", Description: "One article: metadata and passages",
					Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionString,
						Name: "id", Required: true, Autocomplete: true, Description: "The article (start typing its title)"}}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "search", Description: "Search passages, with scores",
					Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionString,
						Name: "query", Required: true, Description: "What to search for", MinLength: &minLen, MaxLength: opts.MaxQuestionLen}}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "add", Description: "Add an article by its link",
					Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionString,
						Name: "url", Required: true, Description: "The article's link (https://…)", MinLength: &minLen, MaxLength: 2000}}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "remove", Description: "Remove an article added from a link or feed",
					Options: []*discordgo.ApplicationCommandOption{{Type: discordgo.ApplicationCommandOptionString,
						Name: "id", Required: true, Autocomplete: true, Description: "The article (start typing its title)"}}},
			},
		},
		{
			Name: cmdShowSources, Type: discordgo.MessageApplicationCommand, Contexts: guildOnly,
			DefaultMemberPermissions: &perms,
		},
	}
}

// HandleInteraction handles one interaction of any kind. It recovers from
// panics and is safe to call from many goroutines.
func (b *Bot) HandleInteraction(i *discordgo.Interaction) {
	defer b.recover("interaction")
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		data := i.ApplicationCommandData()
		switch data.Name {
		case cmdAsk:
			b.onAsk(i, data)
		case cmdSummary:
			b.onSummary(i, data)
		case cmdCompare:
			b.onCompare(i, data)
		case cmdSources:
			b.onSources(i, data)
		case cmdShowSources:
			b.onShowSources(i, data)
		default:
			b.reply(i, "I don't know that command; it may be from an older version of the bot.", true)
		}
	case discordgo.InteractionApplicationCommandAutocomplete:
		b.onAutocomplete(i)
	case discordgo.InteractionMessageComponent:
		b.onComponent(i)
	}
}

func userOf(i *discordgo.Interaction) string {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User.ID
	}
	if i.User != nil {
		return i.User.ID
	}
	return ""
}

func optString(opts []*discordgo.ApplicationCommandInteractionDataOption, name string) string {
	for _, o := range opts {
		if o.Name == name && o.Type == discordgo.ApplicationCommandOptionString {
			if s, ok := o.Value.(string); ok {
				return s
			}
		}
	}
	return ""
}

// reply answers an interaction at once with one message.
func (b *Bot) reply(i *discordgo.Interaction, text string, ephemeral bool) {
	var flags discordgo.MessageFlags
	if ephemeral {
		flags = discordgo.MessageFlagsEphemeral
	}
	if err := b.api.InteractionRespond(i, message{Content: text}.response(flags)); err != nil {
		b.log.Error("respond to interaction", "interaction", i.ID, "err", err)
	}
}

// replyMessages answers an interaction at once with msgs: the first as the
// response, the others as follow-ups.
func (b *Bot) replyMessages(i *discordgo.Interaction, msgs []message, ephemeral bool) {
	var flags discordgo.MessageFlags
	if ephemeral {
		flags = discordgo.MessageFlagsEphemeral
	}
	for n, m := range msgs {
		var err error
		if n == 0 {
			err = b.api.InteractionRespond(i, m.response(flags))
		} else {
			_, err = b.api.FollowupMessageCreate(i, true, m.webhookParams(flags))
		}
		if err != nil {
			b.log.Error("respond to interaction", "interaction", i.ID, "part", n+1, "err", err)
			return
		}
	}
}

// deferThen acknowledges i at once ("thinking…", ephemeral if asked), then
// builds the messages with a deadline and sends them. A failure or panic in
// build still ends the interaction with a message.
func (b *Bot) deferThen(i *discordgo.Interaction, ephemeral bool, build func(ctx context.Context) ([]message, error)) {
	var flags discordgo.MessageFlags
	if ephemeral {
		flags = discordgo.MessageFlagsEphemeral
	}
	if err := b.api.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: flags},
	}); err != nil {
		b.log.Error("defer interaction", "interaction", i.ID, "err", err)
		return
	}
	msgs := func() (msgs []message) {
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("panic in command", "interaction", i.ID, "panic", r, "stack", string(debug.Stack()))
				msgs = []message{{Content: msgFailed}}
			}
		}()
		ctx, cancel := context.WithTimeout(b.base, b.opts.AnswerTimeout)
		defer cancel()
		msgs, err := build(ctx)
		if err != nil {
			b.log.Error("command failed", "interaction", i.ID, "err", err)
			return []message{{Content: msgFailed}}
		}
		return msgs
	}()
	// Sent like an answer: retried through transient failures, the first
	// message as a follow-up if the original response will not take it.
	ctx, cancel := context.WithTimeout(context.Background(), b.opts.DeliverWithin)
	defer cancel()
	surf := &interactionSurface{b: b, i: i, flags: flags}
	if _, err := surf.final(ctx, msgs); err != nil {
		b.log.Error("send command result", "interaction", i.ID, "err", err)
	}
}

// startQuestion does the checks every question passes before it is
// acknowledged: shutting down, valid text, the user's rate. It answers i
// itself (ephemeral) and returns false when the question is not taken.
func (b *Bot) startQuestion(i *discordgo.Interaction, kind, q, example string) bool {
	if b.closing.Load() {
		b.obs.Rejected(kind, "shutting_down")
		b.reply(i, "The bot is restarting; please ask again in a minute.", true)
		return false
	}
	if msg := b.checkQuestion(q, example); msg != "" {
		b.obs.Rejected(kind, "invalid")
		b.reply(i, msg, true)
		return false
	}
	if d, ok := b.allow(userOf(i)); !ok {
		b.obs.Rejected(kind, "rate_limited")
		b.reply(i, retryText(d), true)
		return false
	}
	return true
}

// runDeferred acknowledges i and answers it with run.
func (b *Bot) runDeferred(i *discordgo.Interaction, kind, question string,
	run func(ctx context.Context, onDelta func(string) error) (*answer.Answer, error)) {
	if !b.begin() {
		b.reply(i, "The bot is restarting; please ask again in a minute.", true)
		return
	}
	if err := b.api.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		b.inflight.Done()
		b.log.Error("defer interaction", "interaction", i.ID, "err", err)
		return
	}
	b.answer(&job{kind: kind, id: i.ID, question: question, userID: userOf(i), guildID: i.GuildID,
		channelID: i.ChannelID, interactionID: i.ID, run: run, surf: &interactionSurface{b: b, i: i}})
}

func (b *Bot) onAsk(i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	q := strings.TrimSpace(optString(data.Options, "question"))
	if !b.startQuestion(i, cmdAsk, q, "`/ask question: "+b.exampleQuestion()+"`") {
		return
	}
	b.runDeferred(i, cmdAsk, q, func(ctx context.Context, onDelta func(string) error) (*answer.Answer, error) {
		return b.asker.Ask(ctx, answer.Request{Question: q, OnDelta: onDelta})
	})
}

func (b *Bot) onSummary(i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	article := strings.TrimSpace(optString(data.Options, "article"))
	topic := strings.TrimSpace(optString(data.Options, "topic"))
	if b.opts.Summary == nil {
		b.reply(i, "Summaries are not available on this bot.", true)
		return
	}
	label := "summary of the coverage"
	switch {
	case article != "" && topic != "":
		label = "summary of article " + article + " on " + topic
	case article != "":
		label = "summary of article " + article
	case topic != "":
		label = "summary of " + topic
	}
	if !b.startQuestion(i, cmdSummary, cmp.Or(topic, label), "") {
		return
	}
	b.runDeferred(i, cmdSummary, label, func(ctx context.Context, onDelta func(string) error) (*answer.Answer, error) {
		return b.opts.Summary(ctx, article, topic, onDelta)
	})
}

func (b *Bot) onCompare(i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	topic := strings.TrimSpace(optString(data.Options, "topic"))
	if b.opts.Compare == nil {
		b.reply(i, "Comparisons are not available on this bot.", true)
		return
	}
	if !b.startQuestion(i, cmdCompare, topic, "`/compare topic: "+cmp.Or(b.exampleTopic(), "a story several outlets covered")+"`") {
		return
	}
	b.runDeferred(i, cmdCompare, topic, func(ctx context.Context, onDelta func(string) error) (*answer.Answer, error) {
		return b.opts.Compare(ctx, topic, onDelta)
	})
}

// isModerator reports whether the member who made i may use moderator
// commands: Manage Messages or Administrator in the channel, or one of
// Options.ModeratorRoles. Discord's default_member_permissions can be
// overridden by server admins, so the bot checks itself.
func (b *Bot) isModerator(i *discordgo.Interaction) bool {
	if i.Member == nil || i.GuildID == "" {
		return false
	}
	if i.Member.Permissions&(discordgo.PermissionManageMessages|discordgo.PermissionAdministrator) != 0 {
		return true
	}
	for _, r := range i.Member.Roles {
		if slices.Contains(b.opts.ModeratorRoles, r) {
			return true
		}
	}
	return false
}

func (b *Bot) onShowSources(i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	if !b.isModerator(i) {
		b.reply(i, msgNotMod, true)
		return
	}
	if b.store == nil {
		b.reply(i, msgNoStore, true)
		return
	}
	ctx, cancel := context.WithTimeout(b.base, 2*time.Second)
	defer cancel()
	rec, err := b.store.ByMessage(ctx, data.TargetID)
	if err != nil || rec.GuildID != i.GuildID { // never show another guild's record
		if err != nil && !errors.Is(err, answerlog.ErrNotFound) {
			b.log.Error("show sources", "message", data.TargetID, "err", err)
		}
		b.reply(i, msgNotFound, true)
		return
	}
	b.replyMessages(i, renderPassages(rec, true), true)
}

// onComponent handles the buttons under an answer.
func (b *Bot) onComponent(i *discordgo.Interaction) {
	id := i.MessageComponentData().CustomID
	var answerID string
	var vote, helpful bool
	switch {
	case strings.HasPrefix(id, idSources):
		answerID = strings.TrimPrefix(id, idSources)
	case strings.HasPrefix(id, idHelpful):
		answerID, vote, helpful = strings.TrimPrefix(id, idHelpful), true, true
	case strings.HasPrefix(id, idNotHelpful):
		answerID, vote = strings.TrimPrefix(id, idNotHelpful), true
	default:
		b.reply(i, "That button is from an older version of the bot.", true)
		return
	}
	if b.store == nil {
		b.reply(i, msgNoStore, true)
		return
	}
	ctx, cancel := context.WithTimeout(b.base, 2*time.Second)
	defer cancel()
	rec, err := b.store.Get(ctx, answerID)
	if err != nil || rec.GuildID != i.GuildID {
		if err != nil && !errors.Is(err, answerlog.ErrNotFound) {
			b.log.Error("answer button", "answer_id", answerID, "err", err)
		}
		b.reply(i, msgNotFound, true)
		return
	}
	if !vote {
		b.replyMessages(i, renderPassages(rec, false), true)
		return
	}
	if _, err := b.store.Feedback(ctx, answerID, userOf(i), helpful); err != nil {
		b.log.Error("record feedback", "answer_id", answerID, "err", err)
		b.reply(i, "Sorry, I couldn't record that.", true)
		return
	}
	word := "not helpful"
	if helpful {
		word = "helpful"
	}
	b.reply(i, "Thanks! Recorded your feedback: "+word+".", true)
}

// article is one article as the Library's passages describe it.
type article struct {
	ID, Title, Outlet, Date, URL string
	Passages                     []corpus.Passage
}

// articles groups the library's passages by article, sorted by id. It is
// cached for a minute, since autocomplete asks on every keystroke.
func (b *Bot) articles() []article {
	if b.opts.Library == nil {
		return nil
	}
	b.artMu.Lock()
	defer b.artMu.Unlock()
	if b.artList != nil && time.Since(b.artTime) < time.Minute {
		return b.artList
	}
	byID := map[string]*article{}
	for _, p := range b.opts.Library.Passages() {
		a := byID[p.ArticleID]
		if a == nil {
			a = &article{ID: p.ArticleID, Title: p.Title, Outlet: p.Outlet, Date: p.Date(), URL: p.URL}
			byID[p.ArticleID] = a
		}
		a.Passages = append(a.Passages, p)
	}
	list := make([]article, 0, len(byID))
	for _, a := range byID {
		sort.Slice(a.Passages, func(x, y int) bool { return a.Passages[x].Ordinal < a.Passages[y].Ordinal })
		list = append(list, *a)
	}
	sort.Slice(list, func(x, y int) bool { return list[x].ID < list[y].ID })
	b.artList, b.artTime = list, time.Now()
	return list
}

// exampleTopic is a topic from the coverage loaded now, for the examples
// users are shown: the title of the most recently published article
// (ties broken by id), on one line, without backticks (the examples are
// code spans) and trimmed. It is "" when no coverage is loaded, and then
// the examples are neutral.
func (b *Bot) exampleTopic() string {
	title, date := "", ""
	for _, a := range b.articles() { // sorted by id
		if strings.TrimSpace(a.Title) != "" && (title == "" || a.Date > date) {
			title, date = a.Title, a.Date
		}
	}
	return trim(oneLine(strings.ReplaceAll(title, "`", "'")), 80)
}

// exampleQuestion is an example question about the coverage loaded now,
// or a neutral one when none is.
func (b *Bot) exampleQuestion() string {
	if t := b.exampleTopic(); t != "" {
		return "What does the coverage say about “" + t + "”?"
	}
	return "What are the main stories in the coverage?"
}

// articleCache holds Bot.articles' result.
type articleCache struct {
	artMu   sync.Mutex
	artList []article
	artTime time.Time
}

// onAutocomplete offers article titles for /summary article and /sources
// article id: at most 25, matching what was typed, answered at once (an
// autocomplete cannot be deferred).
func (b *Bot) onAutocomplete(i *discordgo.Interaction) {
	data := i.ApplicationCommandData()
	focused := focusedOption(data.Options)
	typed := ""
	if focused != nil {
		typed, _ = focused.Value.(string)
	}
	typed = strings.ToLower(strings.TrimSpace(typed))
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	for _, a := range b.articles() {
		if len(choices) == maxChoices {
			break
		}
		if runes(a.ID) > maxChoiceLen {
			continue
		}
		if typed != "" && !strings.Contains(strings.ToLower(a.Title+" "+a.ID+" "+a.Outlet), typed) {
			continue
		}
		name := a.Title
		if name == "" {
			name = a.ID
		}
		if meta := outletDate(a.Outlet, a.Date); a.Outlet != "" || a.Date != "" {
			name += " (" + meta + ")"
		}
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: trim(name, maxChoiceLen), Value: a.ID})
	}
	if err := b.api.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}); err != nil {
		b.log.Error("autocomplete", "interaction", i.ID, "err", err)
	}
}

func focusedOption(opts []*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range opts {
		if o.Focused {
			return o
		}
		if f := focusedOption(o.Options); f != nil {
			return f
		}
	}
	return nil
}

// onSources is the moderator command: list, article, search.
func (b *Bot) onSources(i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	if !b.isModerator(i) {
		b.reply(i, msgNotMod, true)
		return
	}
	if b.opts.Library == nil && (len(data.Options) == 0 || data.Options[0].Name != "add") {
		b.reply(i, "No coverage is loaded.", true)
		return
	}
	if len(data.Options) == 0 {
		b.reply(i, "Use `/sources list`, `/sources article`, `/sources search`, `/sources add` or `/sources remove`.", true)
		return
	}
	sub := data.Options[0]
	switch sub.Name {
	case "list":
		b.deferThen(i, true, func(context.Context) ([]message, error) { return b.renderList(), nil })
	case "article":
		id := strings.TrimSpace(optString(sub.Options, "id"))
		b.deferThen(i, true, func(context.Context) ([]message, error) { return b.renderArticle(id), nil })
	case "search":
		q := strings.TrimSpace(optString(sub.Options, "query"))
		if msg := b.checkQuestion(q, "`/sources search query: "+cmp.Or(b.exampleTopic(), "a few words from an article")+"`"); msg != "" {
			b.reply(i, msg, true)
			return
		}
		b.deferThen(i, true, func(ctx context.Context) ([]message, error) { return b.renderSearch(ctx, q) })
	case "add":
		b.onSourcesAdd(i, optString(sub.Options, "url"))
	case "remove":
		b.onSourcesRemove(i, optString(sub.Options, "id"))
	default:
		b.reply(i, "Unknown subcommand.", true)
	}
}

// maxListMessages bounds the messages one moderator listing sends.
const maxListMessages = 4

func capMessages(msgs []message, what string) []message {
	if len(msgs) <= maxListMessages {
		return msgs
	}
	msgs = msgs[:maxListMessages]
	last := &msgs[maxListMessages-1]
	last.Content = trim(last.Content, maxContent-60) + "\n… (more " + what + " not shown)"
	return msgs
}

func (b *Bot) renderList() []message {
	arts := b.articles()
	var sb strings.Builder
	fmt.Fprintf(&sb, "**%d articles**\n", len(arts))
	for _, a := range arts {
		fmt.Fprintf(&sb, "`%s` %s (%s, %d passages)\n", a.ID, oneLine(a.Title), outletDate(a.Outlet, a.Date), len(a.Passages))
	}
	var msgs []message
	for _, part := range split(sb.String(), maxContent) {
		msgs = append(msgs, message{Content: part})
	}
	return capMessages(msgs, "articles")
}

func (b *Bot) renderArticle(id string) []message {
	for _, a := range b.articles() {
		if a.ID != id {
			continue
		}
		e := &discordgo.MessageEmbed{Title: a.Title, URL: safeURL(a.URL), Fields: []*discordgo.MessageEmbedField{
			{Name: "id", Value: "`" + a.ID + "`", Inline: true},
			{Name: "outlet", Value: nonEmpty(a.Outlet), Inline: true},
			{Name: "published", Value: nonEmpty(a.Date), Inline: true},
			{Name: "passages", Value: fmt.Sprint(len(a.Passages)), Inline: true},
		}}
		var sb strings.Builder
		for _, p := range a.Passages {
			fmt.Fprintf(&sb, "**#%d** `%s` %s\n\n", p.Ordinal, p.ID, trim(oneLine(p.Text), 400))
		}
		msgs := []message{{Embeds: []*discordgo.MessageEmbed{fitEmbed(e)}}}
		for _, part := range split(sb.String(), maxContent) {
			msgs = append(msgs, message{Content: part})
		}
		return capMessages(msgs, "passages")
	}
	return []message{{Content: fmt.Sprintf("No article with id `%s`. Try `/sources list`.", trim(id, 100))}}
}

func nonEmpty(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (b *Bot) renderSearch(ctx context.Context, q string) ([]message, error) {
	hits, err := b.opts.Library.Search(ctx, q, 10)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q, err)
	}
	if len(hits) == 0 {
		return []message{{Content: "No passages match."}}, nil
	}
	var embeds []*discordgo.MessageEmbed
	for n, h := range hits {
		p := h.Passage
		embeds = append(embeds, &discordgo.MessageEmbed{
			Title:       fmt.Sprintf("%d. %s", n+1, nonEmpty(p.Title)),
			URL:         safeURL(p.URL),
			Description: trim(p.Text, 1000),
			Footer: &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("%s · %s · score %.4f (dense %.3f #%d, lexical %.2f #%d)",
				outletDate(p.Outlet, p.Date()), p.ID, h.Score, h.DenseScore, h.DenseRank, h.LexicalScore, h.LexicalRank)},
		})
	}
	return pack([]string{fmt.Sprintf("**%d passages** for: %s", len(hits), trim(q, 300))}, embeds, nil), nil
}
