package bot

// The sentences a user sees when no answer comes, each written once.
// The answers' own labels and headings are in render.go.
const (
	msgRestarting  = "The bot is restarting; please ask again in a minute."
	msgTooLong     = "That question is %d characters long; please keep it under %d."
	msgNoSummary   = "Summaries are not available on this bot."
	msgNoCompare   = "Comparisons are not available on this bot."
	msgOldCommand  = "I don't know that command; it may be from an older version of the bot."
	msgOldButton   = "That button is from an older version of the bot."
	msgNoFeedback  = "Sorry, I couldn't record that."
	msgFeedback    = "Thanks! Recorded your feedback: %s."
	msgNoCoverage  = "No coverage is loaded."
	msgSourcesHelp = "Use `/sources list`, `/sources article`, `/sources search`, `/sources add` or `/sources remove`."
	msgUnknownSub  = "Unknown subcommand."
	msgQueued      = "Queued: %d %s ahead of yours. I'll start on it as soon as a slot is free."
	msgBusy        = "Sorry, I'm answering too many questions right now. Please try again in a minute."
	msgShutdown    = "Sorry, the bot is restarting, so I stopped this answer. Please ask again in a minute."
	msgTimeout     = "Sorry, this took longer than %d s, so I stopped. Please try again, perhaps with a narrower question."
	msgFailed      = "Sorry, I couldn't answer that right now: the answering service failed. Please try again later."
	msgNoWords     = "Please ask your question in words, for example: %s" // an example question about the coverage
	msgRateLimited = "You're asking faster than I can keep up with. Please try again in %d %s."
	msgNoStore     = "Sorry, I can't look that up: the answer log is not available."
	msgNotFound    = "I can't find that answer in my log (it may be from before the retention period, or not one of my answers)."
	msgNotMod      = "Sorry, only moderators can use this."
	msgBelow       = "The answer is in the message below."
	msgNotPosted   = "Sorry, I had an answer but Discord would not take the message. Please try again later."
)

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// pleaseAsk is the answer to an empty question; example shows one.
func pleaseAsk(example string) string {
	return "Please ask a question, for example " + example + "."
}

// greeting answers a mention with no question in it. It carries no
// <@id>: mention text is defused in everything sent anyway.
func greeting(example string) string {
	return "Ask me a question about the news coverage: mention me, then the question, for example: " + example
}
