package bot

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/newsbot/newsbot/answer"
)

// HandleMessage answers a channel message when it mentions the bot, is in
// one of Options.AnswerChannels, or replies to one of the bot's answers (a
// follow-up: the reply chain is the conversation). The answer is a reply to
// the message. It recovers from panics.
func (b *Bot) HandleMessage(m *discordgo.Message) {
	defer b.recover("message")
	self := b.selfID()
	if m == nil || m.Author == nil || m.Author.Bot || m.WebhookID != "" || self == "" || m.Author.ID == self {
		return
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return
	}
	mentioned := slices.ContainsFunc(m.Mentions, func(u *discordgo.User) bool { return u != nil && u.ID == self })
	inChannel := b.answerC[m.ChannelID] || (!mentioned && b.inAnswerThread(m.ChannelID))
	ref := m.ReferencedMessage
	if ref == nil && m.MessageReference != nil && m.MessageReference.MessageID != "" && (mentioned || inChannel) {
		// Discord sometimes leaves the replied-to message out; fetch it.
		if got, err := b.api.ChannelMessage(m.ChannelID, m.MessageReference.MessageID); err == nil {
			ref = got
		}
	}
	followup := ref != nil && ref.Author != nil && ref.Author.ID == self
	if !mentioned && !inChannel && !followup {
		return
	}
	kind := "channel"
	switch {
	case followup:
		kind = "followup"
	case mentioned:
		kind = "mention"
	}
	q := strings.TrimSpace(strings.NewReplacer("<@"+self+">", "", "<@!"+self+">", "").Replace(m.Content))
	replyRef := &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID,
		FailIfNotExists: new(false)}
	say := func(text string) {
		if _, err := b.api.ChannelMessageSendComplex(m.ChannelID, message{Content: text}.send(replyRef)); err != nil {
			b.log.Error("reply to message", "message", m.ID, "err", err)
		}
	}
	in := arrival{kind: kind, userID: m.Author.ID, text: q, say: say, oneNotice: true}
	if q == "" && mentioned && !followup {
		// A mention with no question is a greeting; an empty message in an
		// answer channel (no Message Content intent) or an empty reply is
		// passed over in silence.
		in.empty = greeting(b.exampleQuestion())
	}
	if !b.admit(in) {
		return
	}
	var history []answer.Turn
	parent := ""
	if followup {
		ctx, cancel := context.WithTimeout(b.base, 5*time.Second)
		history, parent = b.history(ctx, ref)
		cancel()
	}
	_ = b.api.ChannelTyping(m.ChannelID)
	b.answer(&job{kind: kind, id: m.ID, question: q, userID: m.Author.ID, guildID: m.GuildID, channelID: m.ChannelID,
		questionMsgID: m.ID, parent: parent,
		run: func(ctx context.Context, onDelta func(string) error) (*answer.Answer, error) {
			return b.ans.Ask(ctx, answer.Request{Question: q, History: history, OnDelta: onDelta})
		},
		surf: &channelSurface{b: b, channelID: m.ChannelID, ref: replyRef}})
}

// inAnswerThread reports whether channelID is a thread (or a forum post)
// whose parent is one of Options.AnswerChannels: such a thread is treated
// like its channel. A message carries only its thread's id, so the parent
// is looked up once per channel (REST) and remembered; channels that are
// not threads are remembered too, so a busy channel costs one lookup.
func (b *Bot) inAnswerThread(channelID string) bool {
	if len(b.answerC) == 0 || channelID == "" {
		return false
	}
	b.parentMu.Lock()
	parent, known := b.parents[channelID]
	b.parentMu.Unlock()
	if !known {
		ctx, cancel := context.WithTimeout(b.base, 5*time.Second)
		ch, err := b.api.Channel(channelID, discordgo.WithContext(ctx))
		cancel()
		if err != nil || ch == nil {
			b.log.Warn("look up channel for answer-channel threads", "channel", channelID, "err", err)
			return false // not remembered: the next message asks again
		}
		if ch.IsThread() { // a forum post is a thread too, its parent the forum
			parent = ch.ParentID
		}
		b.parentMu.Lock()
		if len(b.parents) >= 10000 {
			clear(b.parents)
		}
		b.parents[channelID] = parent
		b.parentMu.Unlock()
	}
	return parent != "" && b.answerC[parent]
}

// history rebuilds the conversation a reply continues, oldest first: from
// the answer log when the replied-to answer is there (following each
// answer's parent), else from the replied-to message and the message it
// replied to. At most MaxTurns turns, none older than MaxTurnAge.
func (b *Bot) history(ctx context.Context, ref *discordgo.Message) ([]answer.Turn, string) {
	cutoff := time.Now().Add(-b.opts.MaxTurnAge)
	if b.store != nil {
		if rec, err := b.store.ByMessage(ctx, ref.ID); err == nil {
			parent := rec.ID
			var turns []answer.Turn
			for rec != nil && len(turns) < b.opts.MaxTurns && rec.Created.After(cutoff) {
				turns = append(turns, answer.Turn{Question: rec.Question, Answer: rec.Answer})
				if rec.ParentID == "" {
					break
				}
				if rec, err = b.store.Get(ctx, rec.ParentID); err != nil {
					break
				}
			}
			slices.Reverse(turns)
			return turns, parent
		}
	}
	if !ref.Timestamp.IsZero() && ref.Timestamp.Before(cutoff) {
		return nil, ""
	}
	turn := answer.Turn{Answer: stripStatus(ref.Content)}
	q := ref.ReferencedMessage
	if q == nil && ref.MessageReference != nil && ref.MessageReference.MessageID != "" {
		q, _ = b.api.ChannelMessage(ref.ChannelID, ref.MessageReference.MessageID, discordgo.WithContext(ctx))
	}
	if q != nil {
		turn.Question = strings.TrimSpace(strings.NewReplacer("<@"+b.selfID()+">", "", "<@!"+b.selfID()+">", "").Replace(q.Content))
	}
	if turn.Answer == "" {
		return nil, ""
	}
	return []answer.Turn{turn}, ""
}

// stripStatus drops the mode label from an answer's text.
func stripStatus(s string) string {
	for _, l := range []string{labelExtractive, labelFallback, labelLexical} {
		s = strings.TrimPrefix(s, l+"\n")
	}
	return strings.TrimSpace(s)
}
