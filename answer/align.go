package answer

import (
	"regexp"
	"strings"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/lang"
)

// alignWindow is how many words either side of a figure or a name are
// read for what it is a figure or a name of.
const alignWindow = 6

// aligned reports whether some number in sentence s stands within
// alignWindow words of one of the question's own words (or a word the
// thesaurus links to one), names aside: the figure is of what the question
// asks ("paid 3.6 mln dlrs for Gulfex" for "how much did they pay"), not
// of something else the sentence also mentions ("invest 13 mln dlrs in
// improvements" for "how much did they pay for the hotel").
func aligned(s string, ts []qterm) bool {
	want := askedOf(ts, nil)
	if len(want) == 0 {
		return true
	}
	if hasAny(want, priceWords) {
		// "how much did they pay": bought, paid, price and cost all
		// name what changed hands; invest and spend do not, though the
		// thesaurus links spend to pay.
		for _, t := range ts {
			if hasAny(toSetSlice(t.stems), priceWords) {
				for _, r := range t.related {
					delete(want, r)
				}
			}
		}
		for _, p := range priceWords {
			want[p] = true
		}
	}
	for _, group := range [][]string{staffStems, peopleStems} {
		// "how many staff": "employs 1,100 workers"; "how many people":
		// "a total of eleven persons"
		if hasAny(want, group) {
			for _, st := range group {
				want[st] = true
			}
		}
	}
	return alignedAt(lang.FoldWords(corpus.Normalize(s)), want, figureWord)
}

// figureWord reports whether w is a number or a number word; a number
// word in capitals is a name's ("Four Seasons").
func figureWord(_ int, w lang.Word) bool {
	return isNumber(w.Text) || !w.Upper && reCountWord.MatchString(w.Text)
}

// alignedFocus reports whether some number in s stands within
// alignWindow words of what the question measures (focus, the stems after
// "how much", or a word the thesaurus links to them, or the words the
// sentence before gives when s opens by pointing back).
func alignedFocus(s string, focus []string, ts []qterm) bool {
	want := toSetSlice(focus)
	for _, t := range ts {
		if hasAny(want, t.stems) {
			for _, r := range t.related {
				want[r] = true
			}
		}
	}
	return alignedAt(lang.FoldWords(corpus.Normalize(s)), want, figureWord)
}

// alignedDate reports whether some date q asks for in sentence s stands within
// alignWindow words of one of the question's own words, names aside: the
// date is of what the question asks ("Singer was elected to the board on
// March 2" for "when was Singer elected"), not of something else the
// sentence dates ("the group bought shares between Jan 26 and Feb 9").
func alignedDate(s string, q Question, ts []qterm) bool {
	want := askedOf(ts, nil)
	if len(want) == 0 {
		return true
	}
	ns := corpus.Normalize(s)
	spans := newDates(q, ns)
	ws := lang.FoldWords(ns)
	return alignedAt(ws, want, func(i int, w lang.Word) bool {
		for _, sp := range spans {
			if w.Start >= sp[0] && w.Start < sp[1] {
				return true
			}
		}
		return false
	})
}

// alignedName reports whether a name sentence s gives that question q
// does not (or the pronoun that opens s in its place) stands within
// alignWindow words of one of the question's own words, names aside but
// person titles counted: the name is of what the question asks ("Taggart
// … will be chief executive officer of the new company" for "who will be
// CEO"), not of someone else the sentence also names ("the agency said on
// Friday that North Korea…" for "who heads the agency").
func alignedName(s, q string, ts []qterm) bool {
	want := askedOf(ts, personTitles)
	if len(want) == 0 {
		return true
	}
	if reWhoShot.MatchString(questionText(q)) && photoQuestion.MatchString(q) && strings.HasPrefix(s, corpus.CaptionPrefix) && reCredit.MatchString(s) {
		return true // "who took the photo": the name its caption credits, wherever it stands
	}
	if reWhoSaid.MatchString(questionText(q)) {
		// "whose claim is it that…", "who said…": the one who speaks,
		// beside any verb of speaking ("Seoul's spy agency said…").
		for _, st := range speakingStems {
			want[st] = true
		}
	}
	asked := toSetSlice(terms(q))
	ns := corpus.Normalize(s)
	return alignedAt(lang.FoldWords(ns), want, func(i int, w lang.Word) bool {
		if i == 0 {
			// "He accused the West…", the sentence before naming him;
			// "Seoul's spy agency said…", a name though it opens the
			// sentence.
			return personalPronouns[w.Text] || w.Upper && strings.HasPrefix(ns[w.End:], "'s ") && !asked[lang.Stem(w.Text)] && !lang.IsStop(w.Text)
		}
		return w.Upper && !asked[lang.Stem(w.Text)] && !lang.IsStop(w.Text) && !weekdays[w.Text] && !months[w.Text]
	})
}

// reWhoShot matches a question on who took a photo, and reCredit a
// caption's credit ("Copyright AFP/File Anthony WALLACE", "Photo by…").
var (
	reWhoShot = regexp.MustCompile(`\bwho\b.*\b(?:took|take|takes|taken|shot|shoots|snapped|photographed|captured)\b`)
	reCredit  = regexp.MustCompile(`(?i)\b(?:copyright|photo(?:graph)?s? by|photo:|credit:?|pictured by)|©`)
)

// reWhoSaid matches a question on who said or claimed something.
var reWhoSaid = regexp.MustCompile(`^(?:and\s+|so\s+)?(?:who|whose)\b.*\b(?:said|says|say|claim\w*|report\w*|stated|told|announced|estimat\w*|allege\w*)\b|\baccording to (?:whom|who)\b`)

// askedOf is the stems of what question words ts ask about, and of the
// words the thesaurus links to them: names and the question's own
// numbers ("the 1987/88 budget") say nothing of what an answer is, except
// the words in keep ("CEO", "president").
func askedOf(ts []qterm, keep map[string]bool) map[string]bool {
	want := map[string]bool{}
	for _, t := range ts {
		if (t.name || t.named && !t.common) && !keep[t.word] || isNumber(t.word) {
			continue
		}
		for _, st := range t.stems {
			want[st] = true
		}
		for _, r := range t.related {
			want[r] = true
		}
		if t.deed {
			for _, r := range fellows[t.stems[0]] {
				want[r] = true // "who won": a name beside "defeated"
			}
		}
	}
	return want
}

// alignedAt reports whether some word of ws that answer picks out stands
// within alignWindow words of a word whose stem is in want.
func alignedAt(ws []lang.Word, want map[string]bool, answer func(i int, w lang.Word) bool) bool {
	for i, w := range ws {
		if !answer(i, w) {
			continue
		}
		for j := max(0, i-alignWindow); j < len(ws) && j <= i+alignWindow; j++ {
			if j != i && want[lang.Stem(ws[j].Text)] {
				return true
			}
		}
	}
	return false
}

// personTitles are the titles a person holds, which news often writes in
// capitals ("CEO", "President"): in a who question they say what the name
// asked for is, like any other word of it.
var personTitles = toSet("ceo cfo coo cto president chairman chairwoman chief director executive minister ambassador envoy spokesman spokeswoman spokesperson secretary commander leader owner founder governor mayor premier")

// personalPronouns stand for a person named in the sentence before.
var personalPronouns = toSet("he she they")
