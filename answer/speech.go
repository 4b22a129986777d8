package answer

import (
	"maps"
	"regexp"
	"slices"
	"strings"
)

// The verbs of speaking: speakingVerbs is the one list of them, reSpeech
// the same list as a pattern; speech is a deliberately shorter list.

// speakingVerbs say that someone spoke, wrote or answered: a sentence with
// one can answer a quote question (carries), and a name right before or
// after one is a speaker (attributed, speaksNear).
var speakingVerbs = toSet(`said says say told tells stated states added stressed warned noted remarked concluded called calls calling
described describes rejected rejecting denied denies dismissed dismissing insisted urged condemned accused claimed argued announced
wrote posted tweeted commented responded replied declined refused confirmed acknowledged promised vowed pledged demanded criticized
criticised denounced asked suggested explained labelled labeled branded termed`)

// speakingStems are the stems of speakingVerbs, sorted.
var speakingStems = func() []string {
	set := map[string]bool{}
	for w := range speakingVerbs {
		set[stem(w)] = true
	}
	return slices.Sorted(maps.Keys(set))
}()

// reSpeech finds one of speakingVerbs anywhere in a text, in any case, or
// "according to", which attributes as they do but is two words.
var reSpeech = regexp.MustCompile(`(?i)\b(?:` + strings.Join(slices.Sorted(maps.Keys(speakingVerbs)), "|") + `|according to)\b`)

// speech matches a verb that attributes a quotation: the sentence says
// who said what it, or the sentence beside it, quotes. It is kept apart
// from speakingVerbs on purpose. Those also name a stance ("called",
// "denied", "accused"), and a pattern finds "called" inside "so-called":
// with speakingVerbs here, chat.jsonl c20 ("what did the ukrainian rep
// claim…") ran on into the North Korean envoy's reply, a quotation that
// opens "As for the so-called military cooperation…".
var speech = regexp.MustCompile(`(?i)\b(said|says|added|told|stated|stressed|warned|noted|remarked|concluded)\b`)
