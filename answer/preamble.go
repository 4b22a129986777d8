package answer

import (
	"regexp"
	"strings"
)

// rePreamble matches what people put before the question itself in a chat
// channel: greetings, mentions of the audience, and "can you tell me" or
// "does anyone know" frames. The question that follows is what is asked:
// "can you tell me who leads the agency" asks who, not yes or no, and
// "tell everyone in the server what's the latest" asks for the latest.
var rePreamble = regexp.MustCompile(`(?i)^(?:<@!?\d+>[\s,.:!-]*|@\w+[\s,.:!-]*)?` +
	`(?:(?:hey|hi|hello|yo|ok|okay|so|um+|uh+|pls|please|quick question|quick q|real quick|question|q|bot|newsbot|btw|also|and also|just curious|curious)\b[\s,.:!-]*)*` +
	`(?:(?:(?:can|could|would|will) (?:you|u|someone|somebody|anyone|anybody) (?:please |pls )?(?:tell|show|remind|explain to) (?:me|us|everyone|everybody|the server|the channel)` +
	`|(?:do|does|did) (?:you|u|anyone|anybody|someone|somebody|the bot) (?:happen to )?know` +
	`|(?:please |pls )?(?:tell|show|remind) (?:me|us|everyone|everybody|all|the server|the channel)` +
	`|i(?:'d| would)? (?:want|need|like|wanna) to know|i wanna know|i(?:'m| am| was)? (?:just )?wondering(?: if| whether)?|just wondering(?: if| whether)?|i wonder(?:ed)?(?: if| whether)?` +
	`|any ?(?:one|body) know)` +
	`(?: in (?:the|this) (?:server|channel|chat|group))?[\s,.:!-]+)?`)

// reTrailing matches what people put after the question in a chat
// channel: thanks, "pls", "lol".
var reTrailing = regexp.MustCompile(`(?i)(?:[\s,]+(?:pls|please|plz|thx|thanks|thank you|ty|lol|lmao|haha|btw))+[\s?!.]*$`)

// stripPreamble returns q without a chat preamble before the question
// itself and the thanks or "lol" after it, or q unchanged when nothing
// would be left.
func stripPreamble(q string) string {
	if loc := reTrailing.FindStringIndex(q); loc != nil && len(words(q[:loc[0]])) >= 2 {
		q = strings.TrimSpace(q[:loc[0]]) // "… be called lol"
	}
	m := rePreamble.FindStringIndex(q)
	if m == nil || m[1] == 0 {
		return q
	}
	rest := strings.TrimSpace(q[m[1]:])
	if len(words(rest)) < 2 || reTopicRequest.MatchString(rest) {
		return q // "tell me about the deal" is itself the request
	}
	return rest
}

// reTopicRequest matches what follows "tell me" when the frame is the
// request itself ("tell me about…", "tell me more").
var reTopicRequest = regexp.MustCompile(`(?i)^(?:about|more|everything|all about)\b`)
