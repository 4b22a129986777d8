package bot

// arrival is one question as admission sees it, whether it came as a slash
// command or as a channel message.
type arrival struct {
	kind   string // ask, summary, compare, mention, channel, followup
	userID string
	text   string // the question, trimmed
	// empty is what an empty question is told; "" says nothing and does
	// not count it (an answer channel's messages arrive empty without the
	// Message Content intent).
	empty string
	// say tells the asker why the question is not taken: an ephemeral
	// response to an interaction, a reply to a message.
	say func(text string)
	// oneNotice tells a rate-limited asker at most once per wait, so that a
	// flood of messages gets no flood back.
	oneNotice bool
}

// admit is the one admission path of every question: the bot restarting,
// an empty or too long question, the asker's rate, in that order (the
// queue comes later, when the answer waits for a slot: takeSlot). A
// question turned away is told why through say and reported to the
// Observer. A question taken is counted in flight: the caller must hand it
// to answer, or call inflight.Done.
func (b *Bot) admit(q arrival) bool {
	reject := func(reason, text string) bool {
		b.obs.Rejected(q.kind, reason)
		if text != "" {
			q.say(text)
		}
		return false
	}
	if b.closing.Load() {
		return reject("shutting_down", msgRestarting)
	}
	if q.text == "" {
		if q.empty == "" {
			return false
		}
		return reject("invalid", q.empty)
	}
	if msg := b.tooLong(q.text); msg != "" {
		return reject("invalid", msg)
	}
	if d, ok := b.allow(q.userID); !ok {
		if q.oneNotice && !b.firstNotice(q.userID) {
			return reject("rate_limited", "")
		}
		return reject("rate_limited", retryText(d))
	}
	if !b.begin() { // Shutdown began since the first check
		return reject("shutting_down", msgRestarting)
	}
	return true
}

// begin counts an answer in flight unless the bot is shutting down.
func (b *Bot) begin() bool {
	b.lifeMu.Lock()
	defer b.lifeMu.Unlock()
	if b.closing.Load() {
		return false
	}
	b.inflight.Add(1)
	return true
}
