package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/answerlog"
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
// Discord itself then stops questions longer than opts.Limits.MaxQuestionLen.
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
				Description: "Your question", MinLength: &minLen, MaxLength: opts.Limits.MaxQuestionLen,
			}},
		},
		{
			Name: cmdSummary, Type: discordgo.ChatApplicationCommand, Contexts: guildOnly,
			Description: "Summarise the coverage, one article or one topic",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "article", Autocomplete: true,
					Description: "The article to summarise (start typing its title)"},
				{Type: discordgo.ApplicationCommandOptionString, Name: "topic", MaxLength: min(200, opts.Limits.MaxQuestionLen),
					Description: "A topic to summarise across the coverage"},
			},
		},
		{
			Name: cmdCompare, Type: discordgo.ChatApplicationCommand, Contexts: guildOnly,
			Description: "How each outlet reports one point, side by side",
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: "topic", Required: true,
				Description: "The point to compare", MinLength: &minLen, MaxLength: min(200, opts.Limits.MaxQuestionLen),
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
						Name: "query", Required: true, Description: "What to search for", MinLength: &minLen, MaxLength: opts.Limits.MaxQuestionLen}}},
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
			b.reply(i, msgOldCommand, true)
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
		ctx, cancel := context.WithTimeout(b.base, b.opts.Limits.AnswerTimeout)
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

// onQuestion admits the question of i (see admit) and, if it is taken,
// acknowledges i at once and answers it with run. label is the question as
// the answer log records it; example, shown to an empty question, is how
// to ask one.
func (b *Bot) onQuestion(i *discordgo.Interaction, kind, text, label, example string,
	run func(ctx context.Context, onDelta func(string) error) (*answer.Answer, error)) {
	q := arrival{kind: kind, userID: userOf(i), text: text, say: func(s string) { b.reply(i, s, true) }}
	if text == "" {
		q.empty = pleaseAsk(example)
	}
	if !b.admit(q) {
		return
	}
	if err := b.api.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
		b.inflight.Done()
		b.log.Error("defer interaction", "interaction", i.ID, "err", err)
		return
	}
	b.answer(&job{kind: kind, id: i.ID, question: label, userID: userOf(i), guildID: i.GuildID,
		channelID: i.ChannelID, interactionID: i.ID, run: run, surf: &interactionSurface{b: b, i: i}})
}

func (b *Bot) onAsk(i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	q := strings.TrimSpace(optString(data.Options, "question"))
	b.onQuestion(i, cmdAsk, q, q, "`/ask question: "+b.exampleQuestion()+"`",
		func(ctx context.Context, onDelta func(string) error) (*answer.Answer, error) {
			return b.ans.Ask(ctx, answer.Request{Question: q, OnDelta: onDelta})
		})
}

func (b *Bot) onSummary(i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	article := strings.TrimSpace(optString(data.Options, "article"))
	topic := strings.TrimSpace(optString(data.Options, "topic"))
	if b.ans.Summary == nil {
		b.reply(i, msgNoSummary, true)
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
	// Admission checks the topic, or the label when only an article (or
	// nothing) is named: a summary always has something to summarise.
	b.onQuestion(i, cmdSummary, cmp.Or(topic, label), label, "",
		func(ctx context.Context, onDelta func(string) error) (*answer.Answer, error) {
			return b.ans.Summary(ctx, answer.SummaryRequest{ArticleID: article, Topic: topic, OnDelta: onDelta})
		})
}

func (b *Bot) onCompare(i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	topic := strings.TrimSpace(optString(data.Options, "topic"))
	if b.ans.Compare == nil {
		b.reply(i, msgNoCompare, true)
		return
	}
	b.onQuestion(i, cmdCompare, topic, topic, "`/compare topic: "+cmp.Or(b.exampleTopic(), "a story several outlets covered")+"`",
		func(ctx context.Context, onDelta func(string) error) (*answer.Answer, error) {
			return b.ans.Compare(ctx, answer.CompareRequest{Topic: topic, OnDelta: onDelta})
		})
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
		b.reply(i, msgOldButton, true)
		return
	}
	ctx, cancel := context.WithTimeout(b.base, 2*time.Second)
	defer cancel()
	rec := b.lookup(ctx, i, "answer button", answerID, Store.Get)
	if rec == nil {
		return
	}
	if !vote {
		b.replyMessages(i, renderPassages(rec, false), true)
		return
	}
	if _, err := b.store.Feedback(ctx, answerID, userOf(i), helpful); err != nil {
		b.log.Error("record feedback", "answer_id", answerID, "err", err)
		b.reply(i, msgNoFeedback, true)
		return
	}
	word := "not helpful"
	if helpful {
		word = "helpful"
	}
	b.reply(i, fmt.Sprintf(msgFeedback, word), true)
}

// lookup finds the answer log record of key with get (Store.Get by answer
// id, Store.ByMessage by message id) for interaction i. When there is no
// log, no such record, or the record is another guild's (never shown), it
// answers i itself, logs any failure of the log as what, and returns nil.
func (b *Bot) lookup(ctx context.Context, i *discordgo.Interaction, what, key string,
	get func(Store, context.Context, string) (*answerlog.Record, error)) *answerlog.Record {
	if b.store == nil {
		b.reply(i, msgNoStore, true)
		return nil
	}
	rec, err := get(b.store, ctx, key)
	if err != nil || rec.GuildID != i.GuildID {
		if err != nil && !errors.Is(err, answerlog.ErrNotFound) {
			b.log.Error(what, "key", key, "err", err)
		}
		b.reply(i, msgNotFound, true)
		return nil
	}
	return rec
}
