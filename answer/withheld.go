package answer

import (
	"regexp"
	"strings"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/lang"
)

// A news story often says outright that it does not give what a question
// asks: "for undisclosed terms", "It gave no reason.", "He did not say how
// the shortfall would be covered." The sentence shares every word of the
// question, and answering with it would pass off the story's silence as
// an answer. withheld reads such a statement for the question's kind.

// reWithheld finds a statement that something was not given, with the
// word it withholds (why, how, when, where, who, how much, terms…) in
// group 1 where the sentence names one.
var reWithheld = regexp.MustCompile(`(?i)\b(?:did not|didn't|does not|doesn't|would not|wouldn't|will not|won't|could not|couldn't|declined to|refused to|did not immediately|was unable to)\s+(?:say|said|explain|specify|disclose|reveal|give|detail|elaborate on|comment on|identify|name)\s+(why|how much|how many|how|when|where|who|whom|which|what|the (?:reason|terms|price|amount|value|cost|date|details|name|identity|source))\b`)

// Statements that withhold one kind of answer without naming it by a
// question word.
var (
	reNoReason  = regexp.MustCompile(`(?i)\b(?:gave|give|gives|giving|offered|provided) no (?:reason|explanation)\b|\bno (?:reason|explanation) (?:was|has been|had been) given\b|\bwithout (?:giving|stating|offering) (?:a|any) (?:reason|explanation)\b`)
	reNoAmount  = regexp.MustCompile(`(?i)\bundisclosed (?:terms|amount|sum|price|fee|cash|consideration)\b|\bfor (?:an )?undisclosed\b|\b(?:terms|price|amount|value|financial details)\b[^.;]{0,40}\b(?:were|was|have not been|has not been|had not been) not (?:disclosed|given|released|revealed|announced)\b|\b(?:terms|price|amount|value)\b[^.;]{0,20}\bwere not disclosed\b`)
	reNoDate    = regexp.MustCompile(`(?i)\bno date (?:was|has been|had been|has yet been) (?:set|given|announced|fixed)\b|\bdate (?:has|had) (?:not|yet to) be(?:en)? (?:set|announced|fixed)\b`)
	reUnexplain = regexp.MustCompile(`(?i)\bwhich (?:it|he|she|they|the company) (?:did not|would not|declined to) (?:explain|specify|detail|disclose|quantify)\b`)
)

// withheld reports whether sentence s says that the coverage does not
// give the kind of answer question q asks for.
func withheld(q Question, s string) bool {
	ns := corpus.Normalize(s)
	if m := reUnexplain.FindStringIndex(ns); m != nil {
		// "subject to certain adjustments, which it did not explain":
		// the adjustments are withheld, when the question asks of them,
		// not the price the sentence before gives.
		asked := toSetSlice(terms(q.Text))
		before := words(ns[:m[0]])
		for _, w := range before[max(0, len(before)-3):] {
			if asked[stem(w)] {
				return true
			}
		}
	}
	asks := wants(q)
	if asks == "" {
		return false
	}
	for _, m := range reWithheld.FindAllStringSubmatch(ns, -1) {
		if w := strings.ToLower(m[1]); withholds(w, asks) {
			return true
		}
	}
	switch asks {
	case "why":
		return reNoReason.MatchString(ns)
	case "how much":
		return reNoAmount.MatchString(ns)
	case "when":
		return reNoDate.MatchString(ns)
	}
	return false
}

// wants names what q asks for as a question word: why, how (the manner),
// how much, how many, when, where or who; "" for any other question.
func wants(q Question) string {
	l := questionText(q.Text)
	switch q.Kind {
	case KindReason:
		return "why"
	case KindAmount:
		if q.Quantity {
			return "how many" // a quantity, said "how much" or "how many"
		}
		return "how much"
	case KindCount:
		return "how many"
	case KindDate:
		return "when"
	case KindPlace:
		return "where"
	case KindPerson:
		return "who"
	}
	if reManner.MatchString(l) {
		return "how"
	}
	return ""
}

// reManner matches a question on how something is or will be done ("how
// is qatar going to cover the deficit"), not how much, many, long or old.
var reManner = regexp.MustCompile(`^(?:and\s+|so\s+)?how\s+(?:is|are|was|were|will|would|did|does|do|can|could|should|has|have)\b`)

// withholds reports whether the question word w a sentence withholds is
// the one asked.
func withholds(w, asks string) bool {
	switch asks {
	case "why":
		return w == "why" || w == "the reason"
	case "how much":
		return w == "how much" || w == "the terms" || w == "the price" || w == "the amount" || w == "the value" || w == "the cost"
	case "how many":
		return w == "how many" || w == "how much"
	case "when":
		return w == "when" || w == "the date"
	case "where":
		return w == "where"
	case "who":
		return w == "who" || w == "whom" || w == "the name" || w == "the identity" || w == "the source"
	case "how":
		return w == "how"
	}
	return false
}

// rePastAsk matches a yes/no question on whether something happened:
// "did shareholders approve", "has the board accepted".
var rePastAsk = regexp.MustCompile(`^(?:and\s+|so\s+|but\s+)?(?:did|has|have|had|was|were)\b`)

// reIntent matches a question that itself asks about an intention or a
// statement ("did they say they would", "did Seoul plan to"): a sentence
// in the future tense answers it.
var reIntent = regexp.MustCompile(`\b(?:will|would|going to|gonna|plan\w*|intend\w*|expect\w*|want\w*|say|said|claim\w*|warn\w*|threaten\w*|promis\w*|decid\w*|consider\w*)\b`)

// rePastOutcome matches a question on the outcome of something past:
// "what did the ministers decide at the meeting", "what was the result of
// the vote", "what happened at the meeting".
var rePastOutcome = regexp.MustCompile(`^(?:and\s+|so\s+)?(?:what|which \w+) (?:did|was|were|has|have|had) [\w\s'-]{0,60}?\b(?:decide|decided|agree|agreed|conclude|concluded|approve|approved|vote|voted|rule|ruled|resolve|resolved|settle|settled|choose|chose|pick|picked|outcome|result|results|verdict|decision)\b|^(?:and\s+|so\s+)?what happened\b|\bwhat (?:was|were) the (?:outcome|result|upshot|verdict|decision)s?\b`)

// deliberation are the stems of the verbs of a meeting that decides: an
// outcome asked about is still to come when one of them is.
var deliberation = terms("meet discuss consider review vote decide talk")

// reWouldLater finds a reported future with a time still to come ("said a
// committee would review them later today"); "would" alone is often the
// outcome itself, in reported speech ("agreed they would help").
var reWouldLater = regexp.MustCompile(`(?i)\bwould\b(?:\s+[\w'-]+){1,5}?\s+(?:later|tomorrow|next (?:week|month|year)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b`)

// rePending finds an event a sentence puts in the future.
// reNowAsked matches a question on how things stand now; reGoalFigure a
// sentence that gives a figure as a goal or a future total.
var (
	reNowAsked   = regexp.MustCompile(`\b(?:right now|now|currently|at present|presently|so far|to date|these days)\b`)
	reGoalFigure = regexp.MustCompile(`(?i)\b(?:goal|target|aim|objective)s? of\s+(?:about |some |up to |nearly |almost )?[\d$]|\bwill (?:reach|total|number|rise to|grow to|climb to)\b`)
)

var rePending = regexp.MustCompile(`(?i)\b(?:will|shall|(?:is|are) (?:expected|scheduled|due|set|slated) to|(?:is|are) to)\b`)

// pending reports whether sentence s, read for question q on whether
// something happened (yes/no) or how it came out ("what did the ministers
// decide"), only says it is still to come: "Hazleton shareholders will
// vote on the merger at a meeting on March 31" for "did Hazleton
// shareholders approve the merger". The story was written before the
// outcome; it does not say.
func pending(q Question, s string, ts []qterm) bool {
	l := questionText(q.Text)
	if (q.Kind == KindCount || q.Kind == KindAmount) && reNowAsked.MatchString(l) && reGoalFigure.MatchString(corpus.Normalize(s)) {
		// "how many volumes does it have right now" over "will reach its
		// goal of 100,000 volumes by 1965": a figure still to come.
		return true
	}
	yesNo := q.Kind == KindYesNo && rePastAsk.MatchString(l) && !reIntent.MatchString(l)
	if !yesNo && !rePastOutcome.MatchString(l) {
		return false
	}
	want := askedOf(ts, nil)
	if !yesNo {
		// "what did the ministers agree" over "the ministers will meet
		// today to discuss it": the meeting that would decide is still
		// to come.
		for _, w := range deliberation {
			want[w] = true
		}
	}
	ns := corpus.Normalize(s)
	markers := rePending.FindAllStringIndex(ns, -1)
	for _, m := range reWouldLater.FindAllStringIndex(ns, -1) {
		markers = append(markers, []int{m[0], m[0] + len("would")}) // read from the verb after it
	}
	for _, m := range markers {
		// a question word among the four content words after the
		// future marker
		n := 0
		for _, w := range lang.FoldWords(ns[m[1]:]) {
			if lang.IsStop(w.Text) {
				continue
			}
			if want[lang.Stem(w.Text)] {
				return true
			}
			if n++; n == 4 {
				break
			}
		}
	}
	return false
}
