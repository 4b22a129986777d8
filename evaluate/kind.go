package evaluate

import (
	"strings"
	"unicode"
)

// Kind is the shape of a question, read from its wording alone, so a report
// can say which shapes of question the system gets wrong. The evaluator
// classifies on its own, independently of the answering code: a shared
// classifier would grade the system by its own reading of the question.
type Kind string

// Question kinds, in the order reports list them.
const (
	KindWho      Kind = "who"
	KindWhen     Kind = "when"
	KindWhere    Kind = "where"
	KindWhich    Kind = "which"
	KindNumber   Kind = "number"   // how many, how much, how old, what number…
	KindYesNo    Kind = "yes-no"   // opens with is/are/did/does/has/can/will…
	KindQuote    Kind = "quote"    // what did X say / call / tell; how did X describe
	KindWhyHow   Kind = "why-how"  // why, how (not how many)
	KindCoverage Kind = "coverage" // about the coverage itself: outlets, articles, sources, headlines
	KindCompare  Kind = "compare"  // agree, differ, disagree, compare
	KindOther    Kind = "other"
)

// Kinds lists every kind in report order.
var Kinds = []Kind{KindWho, KindWhen, KindWhere, KindWhich, KindNumber, KindYesNo, KindQuote, KindWhyHow, KindCoverage, KindCompare, KindOther}

// Classify reads a question's kind from its wording. It takes lower case,
// missing question marks and chat shorthand ("whos", "wat", "r they…").
// When several kinds fit, the one that says most about what a good answer
// needs wins: compare, then coverage, then quote, then number, then the
// question word (or the opening auxiliary of a yes-no question).
func Classify(question string) Kind {
	ws := questionWords(question)
	if len(ws) == 0 {
		return KindOther
	}
	for _, w := range ws {
		if compareWord(w) {
			return KindCompare
		}
	}
	for i, w := range ws {
		if coverageWords[w] || (w == "news" && i+1 < len(ws) && strings.HasPrefix(ws[i+1], "agenc")) {
			return KindCoverage
		}
	}
	ws = skipOpening(ws)
	if len(ws) == 0 {
		return KindOther
	}
	if isQuote(ws) {
		return KindQuote
	}
	for i, w := range ws {
		if questionWord[w] == "how" && i+1 < len(ws) && howNumber[ws[i+1]] {
			return KindNumber
		}
	}
	first := ws[0]
	if yesNoOpeners[first] {
		return KindYesNo
	}
	// The first question word decides: it usually opens the question, but
	// may follow a clause ("according to the agency, what kind of unit…").
	for i, w := range ws {
		if i > 0 && (w == "y" || w == "wen" || w == "hw") {
			continue // shorthand only counts as the opening word
		}
		q, ok := questionWord[w]
		if !ok {
			continue
		}
		next := ""
		if i+1 < len(ws) {
			next = ws[i+1]
		}
		switch q {
		case "what":
			switch {
			case whatWhen[next]:
				return KindWhen
			case whatWhere[next]:
				return KindWhere
			case whatWhich[next]:
				return KindWhich
			case whatNumber[next]:
				return KindNumber
			}
			return KindOther
		case "how":
			return KindWhyHow
		case "why":
			return KindWhyHow
		case "who":
			return KindWho
		case "when":
			return KindWhen
		case "where":
			return KindWhere
		case "which":
			if whatWhen[next] {
				return KindWhen // "which day…"
			}
			return KindWhich
		}
	}
	return KindOther
}

// questionWords lower-cases the question, folds curly apostrophes, drops
// apostrophes inside words ("who's" -> "whos") and splits on everything
// that is not a letter or digit.
func questionWords(s string) []string {
	s = strings.ToLower(foldQuotes.Replace(s))
	s = strings.ReplaceAll(s, "'", "")
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// skipOpening drops greetings and polite openings ("hey", "so", "can you
// tell me", "do you know"), which say nothing about the question's kind.
func skipOpening(ws []string) []string {
	for {
		switch {
		case len(ws) > 0 && fillers[ws[0]]:
			ws = ws[1:]
		case hasPrefix(ws, "can", "you", "tell", "me"), hasPrefix(ws, "could", "you", "tell", "me"),
			hasPrefix(ws, "can", "u", "tell", "me"):
			ws = ws[4:]
		case hasPrefix(ws, "do", "you", "know"), hasPrefix(ws, "do", "u", "know"), hasPrefix(ws, "tell", "me"):
			n := 3
			if ws[0] == "tell" {
				n = 2
			}
			if len(ws) > n {
				if _, ok := questionWord[ws[n]]; ok {
					ws = ws[n:]
					continue
				}
			}
			return ws
		default:
			return ws
		}
	}
}

func hasPrefix(ws []string, prefix ...string) bool {
	if len(ws) < len(prefix) {
		return false
	}
	for i, p := range prefix {
		if ws[i] != p {
			return false
		}
	}
	return true
}

// isQuote reports a question after someone's words: "what did X say",
// "whats X saying", "what did X call Y", "how did X describe Y".
func isQuote(ws []string) bool {
	q, ok := questionWord[ws[0]]
	if !ok || (q != "what" && q != "how") {
		return false
	}
	if q == "how" && len(ws) > 1 && howNumber[ws[1]] {
		return false // "how many troops did Seoul say…" asks for a number
	}
	for _, w := range ws[1:] {
		if (q == "what" && quoteVerbs[w]) || (q == "how" && describeVerbs[w]) {
			return true
		}
	}
	return false
}

func compareWord(w string) bool {
	for _, p := range []string{"agree", "disagree", "differ", "compar", "contradict", "discrepan", "inconsisten"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return w == "versus" || w == "vs"
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

var (
	// questionWord maps question words and their shorthand to the word.
	questionWord = map[string]string{
		"who": "who", "whos": "who", "whose": "who", "whom": "who", "hoo": "who",
		"what": "what", "whats": "what", "wat": "what", "wats": "what", "wut": "what", "wuts": "what", "wot": "what", "wht": "what",
		"when": "when", "whens": "when", "wen": "when",
		"where": "where", "wheres": "where", "whered": "where", "wher": "where",
		"which": "which", "wich": "which", "whch": "which",
		"why": "why", "whys": "why", "y": "why",
		"how": "how", "hows": "how", "howd": "how", "hw": "how",
	}
	yesNoOpeners = set(
		"is", "are", "am", "was", "were", "do", "does", "did", "has", "have", "had",
		"can", "could", "will", "would", "should", "shall", "may", "might", "must",
		"isnt", "arent", "wasnt", "werent", "dont", "doesnt", "didnt", "hasnt", "havent", "hadnt",
		"cant", "couldnt", "wont", "wouldnt", "shouldnt",
		"r", "iz", "dose", "wuz", "whether",
	)
	fillers = set("so", "and", "but", "ok", "okay", "hey", "hi", "hello", "also", "then", "well", "um", "uh",
		"pls", "plz", "please", "bot", "newsbot", "yo", "quick", "question", "q",
		"everyone", "here") // "@everyone wat did…"
	coverageWords = set("outlet", "outlets", "article", "articles", "source", "sources", "coverage", "covered",
		"published", "publish", "publishes", "publication", "publications", "headline", "headlines",
		"story", "stories", "reporter", "reporters", "journalist", "journalists", "byline")
	howNumber  = set("many", "much", "old", "long", "far", "big", "large", "often", "mny", "manny")
	whatWhen   = set("day", "date", "time", "year", "month", "week", "hour", "days", "dates")
	whatWhere  = set("place", "city", "country", "location", "town", "region", "area")
	whatWhich  = set("kind", "type", "sort", "kinds", "types")
	whatNumber = set("number", "percentage", "percent", "share", "proportion", "amount", "figure", "figures")
	// quoteVerbs: "called" is left out, since "what is X called" asks for a name.
	quoteVerbs = set("say", "said", "says", "saying", "tell", "told", "call", "calling",
		"claim", "claimed", "claiming", "quote", "quoted", "remark", "remarks", "statement",
		"report", "reported", "reporting", "warn", "warned", "promise", "promised")
	describeVerbs = set("describe", "described", "describing", "characterise", "characterize", "characterised", "characterized", "put")
)
