package answer

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/lang"
	"github.com/newsbot/newsbot/retrieval"
)

// Verdicts of the relevance decision.
const (
	VerdictAnswer  = "answer"  // the coverage answers the question
	VerdictPartial = "partial" // it answers part of it
	VerdictRefuse  = "refuse"  // "The coverage does not say."
)

// Reason codes: why the bot answered or declined.
const (
	ReasonAnswered     = "answered"      // the best evidence holds the question's terms and the kind of answer asked for
	ReasonNoPassages   = "no_passages"   // retrieval found nothing at all
	ReasonUnknownName  = "unknown_name"  // the question names someone or something the coverage never mentions
	ReasonNoKind       = "kind_missing"  // the closest passages lack the kind of answer asked for (a number, a date…)
	ReasonLowRelevance = "low_relevance" // the closest passages share too little of the question's words and meaning
	ReasonNameMissing  = "name_missing"  // the passages that hold the question's words never mention a name it gives
	ReasonModel        = "model"         // the chat model judged the passages (it answered, or said the coverage does not say)
	ReasonMetadata     = "metadata"      // a question about the coverage itself, answered from the articles' metadata
	ReasonOverview     = "overview"      // a vague question, answered with the most relevant distinct points
	ReasonCompare      = "compare"       // a question on whether outlets agree, answered with a comparison
	ReasonInventory    = "inventory"     // a question on whom the coverage names or quotes, answered with a list
)

// Reason says why an answer was given or refused, from signals a moderator
// can check: which of the question's words the best evidence holds, how
// close its meaning is, and whether the kind of answer asked for is there.
type Reason struct {
	Verdict   string            `json:"verdict"`              // VerdictAnswer, VerdictPartial or VerdictRefuse
	Code      string            `json:"code"`                 // one of the Reason* codes
	Text      string            `json:"text"`                 // one sentence for people
	Kind      string            `json:"kind,omitempty"`       // the kind of answer asked for ("count", "date"…)
	KindFound bool              `json:"kind_found,omitempty"` // a relevant sentence carries that kind
	Found     []string          `json:"found,omitempty"`      // question words the best evidence holds
	Missing   []string          `json:"missing,omitempty"`    // question words it lacks
	Unknown   []string          `json:"unknown,omitempty"`    // question words the coverage never uses, not even spelt nearly alike
	Variants  map[string]string `json:"variants,omitempty"`   // question word -> the coverage's spelling of it
	Coverage  float64           `json:"coverage"`             // IDF-weighted share of the question's words in the best evidence
	Semantic  float64           `json:"semantic"`             // meaning similarity of question and best sentence (0 without a sentence model)
	Score     float64           `json:"score"`                // the combined relevance the decision compared
	Threshold float64           `json:"threshold"`            // the bar it was compared with
	Evidence  string            `json:"evidence,omitempty"`   // passage id holding the best sentence
	Sentence  string            `json:"sentence,omitempty"`   // the best sentence
}

// String is the reason in one line, for logs and moderators.
func (r Reason) String() string {
	if r.Verdict == "" {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", r.Verdict, r.Code, r.Text)
	fmt.Fprintf(&b, " [score %.2f, bar %.2f, words %.2f, meaning %.2f", r.Score, r.Threshold, r.Coverage, r.Semantic)
	if r.Kind != "" {
		fmt.Fprintf(&b, ", kind %s found=%t", r.Kind, r.KindFound)
	}
	b.WriteString("]")
	return b.String()
}

// Decision thresholds. Chosen by measurement (see DecideOptions and
// docs/DECIDING.md); they are settings, these are the defaults.
const (
	// DefaultMinRelevance is the relevance an extractive answer needs.
	DefaultMinRelevance = 0.6
	// DefaultModelMinRelevance is the relevance below which a question is
	// not sent to the chat model at all: only questions with no plausible
	// passage are turned away before the model judges.
	DefaultModelMinRelevance = 0.25
)

// commonLinks is how many thesaurus links make a word common rather than a
// name. Measured on WordNet: countries, capitals and organisations have
// 1-10 ("ecuador" 6, "russia" 10, "opec" 8), the common words news
// capitalises in titles 15-70 ("security" 15, "minister" 25, "service"
// 45, "council" 50).
const commonLinks = 12

// howWords follow "how" to say what kind of answer is asked ("how big a
// stake", "how old"): they name no topic a passage must hold.
var howWords = toSet("big large small long far old many much often soon high low close tall deep wide")

// conditionWords follow "what" to ask for a condition ("under what
// circumstances"): they name no topic a passage must hold.
var conditionWords = toSet("circumstances circumstance conditions condition case cases preconditions")

// conditionVerbs ask for a condition in a condition question ("what does
// the deal hinge on", "what conditions are attached"); words an answer
// would use too ("subject to", "depends on") are kept.
var conditionVerbs = toSet("attached attach imposed placed hinge hinges rest rests trigger activate")

// sourceWords ask where a report came from ("who tipped off Yonhap",
// "what's the source"): the kind asked, not a topic.
var sourceWords = toSet("tipped tip tips leaked leak leaks briefed informed source sources know knows knew get got getting hear heard learn learned find found")

// evidenceWords ask what shows a claim ("is there any actual evidence"):
// the kind asked, not a topic.
var evidenceWords = toSet("evidence proof actual real hard concrete independent confirmation")

// replyVerbs take "back" to say someone answered ("hit back", "fired
// back").
var replyVerbs = toSet("say hit hits fire fires fired push pushes pushed talk talks talked write strike strikes struck shoot shoots shot answer answers answered")

// trendWords ask for a direction in "where is X heading".
var trendWords = toSet("heading headed going trending moving see sees expect expects")

// yesNoMargin is how much higher the bar is for a yes/no question.
// Measured: answerable yes/no questions whose answer the sentence states
// reach 0.8-1.0; near misses that leave out the predicate ("did the board
// accept…" over a passage that says it received the offer) 0.5-0.7.
// It applies only when a question word is missing altogether (decide).
const yesNoMargin = 0.25

// qterm is one content word of a question and how the coverage holds it.
type qterm struct {
	word    string   // as the question wrote it (lower case)
	stems   []string // its stem, or the stems of the coverage's spellings of it
	weight  float64  // IDF over the coverage
	unknown bool     // neither it nor a near spelling occurs in the coverage
	name    bool     // capitalised mid-sentence in the question: a name
	named   bool     // the coverage writes it as a name (mostly capitalised)
	common  bool     // the thesaurus links it widely: a common word
	// descriptor: a possessor before a name ("Redstone's" in "Redstone's
	// National Amusements"), which the answering passage need not repeat
	descriptor bool
	variant    string   // the coverage's spelling, when it differs
	related    []string // stems of words a thesaurus links to it (synonyms, one step up or down)
	// optional: the word names the kind of answer asked ("which port"),
	// and counts only for a sentence that holds it
	optional bool
	// phrase: the word stands for a name of several words ("wti" for
	// West Texas Intermediate, "amex" for American Express), all of
	// which a passage must hold to name it
	phrase bool
	// deed: the verb whose doer a who question asks ("who planted the
	// bomb", "which company advised them"); the answering sentence says
	// it, a word the thesaurus links to it or its converse (saysDeed)
	deed bool
	// topic: the word names the story the question is about, in a header
	// set off by a dash ("el repair scandal - how many were fixed") or by
	// a comma before a question word; the answering sentence's passage,
	// title or article holding it counts in full (coverageOf)
	topic bool
}

// questionTerms reads the content words of q against the coverage's
// vocabulary x: each gets its IDF weight, and a word the coverage never
// uses is matched to near spellings ("zelensky" to "zelenskyy").
func questionTerms(q string, x *idf, thes Thesaurus) []qterm {
	var out []qterm
	seen := map[string]bool{}
	ws := lang.FoldWords(q)
	// The kind asked for says which of its words only ask for it.
	read := readQuestion(q)
	kind := read.Kind
	condition, asksSource, asksEvidence := kind == KindCondition, kind == KindSource, kind == KindEvidence
	trend := reTrend.MatchString(questionText(q))
	wordChoice := kind == KindQuote && reWordChoice.MatchString(questionText(q))
	photo := photoQuestion.MatchString(q)
	spk := toSetSlice(speakerOf(q)) // "what did michel cote say": his name, though the coverage gives it once
	joined := map[int]bool{}        // words run together with the word before them
	phrased := namePhrases(ws, x)
	alt := len(ws)
	if kind == KindYesNo {
		alt = alternativeAt(ws, x)
	}
	for i, w := range ws {
		l := w.Text
		if lang.IsStop(l) || stopwords[l] || questionWord[l] {
			continue
		}
		if i > alt {
			continue // "did russia defend it or back away from it": either answers
		}
		if i > 0 && ws[i-1].Text == "how" && (howWords[l] || strings.HasSuffix(l, "ly")) {
			continue // "how big", "how old", "how forcefully": the kind asked, not a topic
		}
		if l == "back" && i > 0 && (speakingVerbs[ws[i-1].Text] || replyVerbs[ws[i-1].Text]) {
			continue // "say back", "hit back": a reply, not a topic
		}
		if (l == "name" || l == "names") && i+1 < len(ws) && ws[i+1].Text == "of" && (i == 0 || ws[i-1].Text == "the" || questionWord[ws[i-1].Text]) {
			continue // "what was the name of the tanker": the kind asked, not a topic
		}
		if (l == "going" || l == "gonna") && i+2 < len(ws) && ws[i+1].Text == "to" && !lang.IsStop(ws[i+2].Text) && !placeStem(ws[i+2].Text) && !ws[i+2].Upper && !x.named(stem(ws[i+2].Text)) {
			continue // "are they going to merge": the future, not a journey ("going to russia")
		}
		if l == "far" && i > 0 && (ws[i-1].Text == "so" || ws[i-1].Text == "thus" || ws[i-1].Text == "as") {
			continue // "so far this season", "as far as i know": until now, no distance
		}
		if l == "living" && i >= 2 && ws[i-1].Text == "a" && ws[i-2].Text == "for" {
			continue // "what does he do for a living": his job, asked
		}
		if manageVerbs[l] && i+1 < len(ws) && ws[i+1].Text == "to" {
			continue // "is qatar managing to sell": the selling is asked
		}
		if dateWords[l] && i > 0 && (ws[i-1].Text == "what" || ws[i-1].Text == "which" || ws[i-1].Text == "of" && i > 1 && ws[i-2].Text == "time") {
			continue // "what time of day", "which year": the kind asked, not a topic
		}
		// "in what city", "which port", "which UN body": the kind asked,
		// which the answer may name or leave out ("in New York", "the
		// First Committee"); it counts only where a sentence has it.
		kindNoun := kind == KindPlace && placeNouns[l] && i > 0 && (ws[i-1].Text == "what" || ws[i-1].Text == "which") ||
			read.orgNoun != "" && l == read.orgNoun
		if kindNoun && x.df[stem(l)] == 0 {
			continue
		}
		if wordChoice && wordChoiceWords[l] {
			continue // "what word did nebenzia use": the kind asked, not a topic
		}
		if trend && trendWords[l] {
			continue // "where does the group see prices heading": the kind asked
		}
		if i > 0 && ws[i-1].Text == "what" && conditionWords[l] || condition && conditionVerbs[l] || asksSource && sourceWords[l] || asksEvidence && evidenceWords[l] {
			continue // "under what circumstances", "what does it hinge on": the kind asked, not a topic
		}
		if joined[i] || read.Acronym != "" && (l == "stand" || l == "stands" || l == "short") {
			continue // "nis stands for what": the kind asked, not a topic
		}
		if i+1 < len(ws) && x.df[stem(l)] == 0 && x.vocab.Has(l+ws[i+1].Text) {
			// "front lines": the coverage writes "frontlines".
			l += ws[i+1].Text
			joined[i+1] = true
		}
		s := stem(l)
		if seen[s] {
			continue
		}
		seen[s] = true
		// A name is a word capitalised inside the question; an acronym in
		// capitals ("CEO") is not taken for one.
		surface := q[w.Start:w.End]
		isName := i > 0 && w.Upper && strings.ToUpper(surface) != surface && !isNumber(l) || phrased[i]
		t := qterm{word: l, stems: []string{s}, weight: x.weight(s), name: isName, optional: kindNoun}
		if framing[s] {
			t.weight *= 0.3
		}
		if photo && strings.HasSuffix(l, "ing") && !isName && x.df[s] <= 1 {
			// "the photo of the rep speaking at the UN": what a photo
			// shows is told in the asker's words ("delivers a remark"),
			// so the action counts for half.
			t.weight *= 0.5
		}
		t.named = x.named(s)
		// A verb of speaking is any: "who warned that…" is answered by
		// whoever said it.
		t.deed = kind == KindPerson && askedDoer(ws, i) && !isName && !t.named && !speakingVerbs[l]
		// "Redstone's National Amusements": a possessor before a name
		// describes it, and the passage may name the company alone.
		// Chat drops the apostrophe ("redstones national amusements").
		owning := strings.HasSuffix(l, "s") && !strings.HasSuffix(l, "ss") && t.named && stem(l[:len(l)-1]) == s
		if rest := q[w.End:]; i+1 < len(ws) && (strings.HasPrefix(rest, "'s") || strings.HasPrefix(rest, "’s") || owning) {
			next := ws[i+1]
			t.descriptor = next.Upper || x.named(stem(next.Text))
		}
		if i >= 3 && ws[i-1].Text == "the" && (ws[i-2].Text == "at" || ws[i-2].Text == "to") && (roleNouns[ws[i-3].Text] || personNouns[ws[i-3].Text]) {
			// "Ukraine's envoy at the UN": where the speaker sits
			// describes them, and the sentence may leave it out.
			t.descriptor = true
		}
		var rel []string // the words the thesaurus links to l
		if thes != nil && !isNumber(l) {
			rel = thes.Related(l)
		}
		if x.df[s] == 0 && !isNumber(l) {
			vs := x.variants(l)
			if !w.Upper && len(vs) > 0 && len(rel) > 0 {
				// "plant" is a word of its own, not a slip for "plans",
				// nor "getting" for "betting": an English word stands
				// for a spelling of the coverage only one letter longer
				// that holds it ("merge", "merger"; "minster",
				// "minister").
				vs = slices.DeleteFunc(vs, func(v string) bool { return !letterLeftOut(l, v) })
			}
			ac := x.acronym(l)
			if ac == "" && len(vs) == 0 {
				ac = x.clipped(l) // "amex": American Express
			}
			if ac == "" && len(vs) == 0 {
				ac = spelledOut(l, rel, x) // "mvp": most valuable player
			}
			if base := strings.TrimSuffix(l, "s"); len(vs) == 0 && ac == "" && base != l && len(base) >= 4 {
				// "trsuts reserves", "multisteps ladder unit": an owner
				// written without its apostrophe.
				vs, ac = x.variants(base), x.acronym(base)
				if thes != nil && len(thes.Related(base)) > 0 {
					vs = slices.DeleteFunc(vs, func(v string) bool { return !letterLeftOut(base, v) })
				}
			}
			if len(vs) > 0 {
				t.stems = t.stems[:0]
				for _, v := range vs {
					t.stems = append(t.stems, stem(v))
				}
				t.variant = vs[0]
				w := 0.0
				for _, v := range t.stems {
					w = max(w, x.weight(v))
					t.named = t.named || x.named(v)
				}
				t.weight = w
			} else if ph := ac; ph != "" {
				// "wti": the coverage spells it out, "West Texas
				// Intermediate".
				t.stems = terms(ph)
				t.variant = ph
				t.weight, t.named = 0, true
				t.phrase = ph != strings.ToLower(ph) // a name in capitals, not "strategic petroleum reserve"
				for _, v := range t.stems {
					t.weight = max(t.weight, x.weight(v))
				}
			} else {
				t.unknown = true
				// "peru" typed in lower case: a country or a capital the
				// coverage never mentions is a name it lacks. Not an
				// adjective ("american" in a firm's name).
				_, demonym := lang.Demonym(l)
				t.name = t.name || placeStem(l) && !demonym
			}
		}
		if thes != nil && !isNumber(l) {
			t.common = len(rel) > commonLinks
			for _, r := range rel {
				if pv := phrasalToken(r); pv != "" {
					// "landing": a sentence that says "touched down"
					t.related = append(t.related, pv)
				}
				if !strings.Contains(r, " ") && !lang.IsStop(r) {
					t.related = append(t.related, stem(r))
					if base, ok := strings.CutSuffix(r, "ship"); ok && len(base) >= 5 {
						t.related = append(t.related, stem(base)) // "relationship": "relations"
					}
				}
			}
		}
		if pv, ok := thes.(phrasalThesaurus); ok && i+1 < len(ws) && !w.Upper && !ws[i+1].Upper && !t.named && !x.named(stem(ws[i+1].Text)) {
			// "taking part", "tipped off", "wrap up": a verb of two
			// words stands for the words WordNet links to it
			// ("participation", "advise", "complete"), and its second
			// word is no topic of its own.
			if links := pv.PhrasalVerb(l, ws[i+1].Text); len(links) > 0 {
				for _, r := range links {
					if !strings.Contains(r, " ") && !lang.IsStop(r) {
						t.related = append(t.related, stem(r))
					}
				}
				if next := ws[i+1].Text; !lang.IsStop(next) && !stopwords[next] {
					t.weight = max(t.weight, x.weight(stem(next)))
					joined[i+1] = true
				}
			}
		}
		if speakVerbs[l] {
			// "where did hwang speak": anyone who said, stated or told
			// something spoke.
			t.related = append(t.related, speakingStems...)
		}
		if bossWords[l] || kind == KindPerson && headVerbs[l] {
			// "who's the boss at exco", "who runs cera": news gives the
			// head of a body by title ("Exco Chairman Richard Lacy",
			// "Daniel Yergin, director of…"), never as its boss.
			t.related = append(t.related, headTitleStems...)
		}
		out = append(out, t)
	}
	// "What did michel cote say": a speaker of two or more words that the
	// coverage writes capitalised every time, even once, is a name, when
	// none of its words is one the coverage writes often ("the AFP photo
	// caption" is not).
	var said []int
	for i, t := range out {
		if spk[t.stems[0]] {
			said = append(said, i)
		}
	}
	if len(said) >= 2 && !slices.ContainsFunc(said, func(i int) bool { return out[i].named || out[i].name || !x.writtenAsName(out[i].stems[0]) }) {
		for _, i := range said {
			out[i].named = true
		}
	}
	// A related word that is itself another word of the question ("general"
	// for "commands" in "which general commands…") would count twice.
	own := map[string]bool{}
	for _, t := range out {
		for _, st := range t.stems {
			own[st] = true
		}
	}
	for i := range out {
		out[i].related = slices.DeleteFunc(out[i].related, func(r string) bool { return own[r] })
	}
	// "el repair scandal - how many joints were fixed": the words before
	// the dash name the story, not what its answering sentence says.
	m := reTopicHead.FindStringSubmatch(q)
	if m == nil {
		m = reTopicComma.FindStringSubmatch(q) // "morton foods stock issue, wat price did it sell at"
	}
	if m != nil && !reAsks.MatchString(m[1]) {
		texts := func(s string) map[string]bool {
			set := map[string]bool{}
			for _, w := range lang.FoldWords(s) {
				set[w.Text] = true
			}
			return set
		}
		head, tail := texts(m[1]), texts(m[2])
		for i := range out {
			out[i].topic = head[out[i].word] && !tail[out[i].word]
		}
	}
	return out
}

var (
	// reTopicHead splits a question that opens with the story it is
	// about, set off by a dash, from what it asks of it.
	reTopicHead = regexp.MustCompile(`^\s*([^?]{3,100}?)\s+[-–—]+\s+(\S.*)$`)
	// reTopicComma splits one set off by a comma before a question word
	// ("shv's offer for ic gas, how much a share").
	reTopicComma = regexp.MustCompile(`(?i)^\s*([^?,]{3,100}?),\s+((?:how|what|wat|whats|wats|who|whos|whose|which|when|whens|where|wheres|why)\b.*)$`)
	// reAsks finds a header that is itself the question ("how many did
	// he kick - the texas kicker").
	reAsks = regexp.MustCompile(`(?i)^\s*(how|what|wat|who|whose|which|when|where|why|is|are|was|were|do|does|did|has|have|can|will)\b`)
)

// spelledOut returns the phrase among rel, the words the thesaurus links
// to w, whose initials w is and whose words the coverage all uses ("most
// valuable player" for "mvp"), or "". The coverage may spell out once
// what it never shortens, which its own initials (idf.acronym) miss.
func spelledOut(w string, rel []string, x *idf) string {
	for _, r := range rel {
		f := strings.Fields(r)
		if len(f) < 2 || len(f) != len(w) {
			continue
		}
		ok := true
		for i, p := range f {
			ok = ok && p[0] == w[i] && (lang.IsStop(p) || x.df[stem(p)] > 0)
		}
		if ok {
			return r
		}
	}
	return ""
}

// namePhrases marks the words of ws that, written in any case, spell a
// name of three to five words the coverage writes capitalised ("national
// intelligence service", "west texas intermediate"): a question typed in
// lower case reads them as names, as it would read them capitalised.
// Two-word names ("north korea", "penn traffic") are left to the
// coverage's capitals word by word: marked as the asker's names they
// dropped out of the date and name alignment and cost two answers.
func namePhrases(ws []lang.Word, x *idf) map[int]bool {
	var out map[int]bool
	for i := 0; i < len(ws); i++ {
		for n := min(5, len(ws)-i); n >= 3; n-- {
			var in, text strings.Builder
			for k, w := range ws[i : i+n] {
				if k > 0 {
					text.WriteByte(' ')
				}
				text.WriteString(w.Text)
				if !joiners[w.Text] {
					in.WriteByte(w.Text[0])
				}
			}
			ph := x.acronym(in.String())
			if ph == "" || !strings.EqualFold(strings.Join(strings.Fields(strings.ReplaceAll(ph, "-", " ")), " "), text.String()) {
				continue
			}
			if out == nil {
				out = map[int]bool{}
			}
			for k := i; k < i+n; k++ {
				out[k] = true
			}
			i += n - 1
			break
		}
	}
	return out
}

// alternativeAt returns the index in ws of the "or" that opens a yes/no
// question's second alternative ("did russia defend its cooperation or
// back away from it"), or len(ws): the sentence that settles the question
// states one of them, mostly the first, so the words after "or" are not
// required. It counts only after at least three words of the first, and
// not when it opens with a name or a number: "did north korea or russia
// confirm it" names two subjects, and both stay.
func alternativeAt(ws []lang.Word, x *idf) int {
	for i := 4; i+1 < len(ws); i++ {
		if ws[i].Text != "or" {
			continue
		}
		next := ws[i+1]
		if next.Upper || x.named(stem(next.Text)) || isNumber(next.Text) || lang.IsStop(next.Text) && next.Text != "not" {
			return len(ws)
		}
		return i
	}
	return len(ws)
}

// reAboutTopic finds the topic of a question on what someone said about
// it ("what did rutte say about south korea sending weapons").
var reAboutTopic = regexp.MustCompile(`(?i)\b(?:say|said|saying|says|think|thinks|comment\w*|react\w*|respond\w*|tell|told|claim\w*|mention\w*|describe\w*|call\w*|warn\w*)\b.*?\b(?:about|abt|regarding|concerning|on)\s+(.+)$`)

// topicMinWeight is the IDF weight at which a topic word is telling: rarer
// than the words the whole coverage is about ("troops" in coverage of a
// deployment). With BM25's IDF it means a word in fewer than about a
// quarter of the passages, whatever the coverage's size.
const topicMinWeight = 1.5

// quoteTopic returns the most telling word of what question q asks
// someone's words about, nil when it names no topic or only what the
// whole coverage is about. Names are the speaker's or the asker's
// framing and are left to the name checks.
func quoteTopic(q string, ts []qterm) *qterm {
	m := reAboutTopic.FindStringSubmatch(q)
	if m == nil {
		return nil
	}
	in := toSetSlice(terms(m[1]))
	var best *qterm
	for i, t := range ts {
		if t.name || t.named || t.unknown || t.descriptor || !hasAny(in, t.stems) {
			continue
		}
		if t.weight >= topicMinWeight && (best == nil || t.weight > best.weight) {
			best = &ts[i]
		}
	}
	return best
}

// speakVerbs are the question's words for speaking that news tells with
// its verbs of reporting ("said", "stated", "told").
var speakVerbs = toSet("speak speaks spoke spoken speaking talk talks talked talking")

// bossWords are the asker's nouns for the head of a body, and headVerbs
// the verbs of heading one, read as such in a who question only ("the
// tanker ran aground" runs nothing).
var (
	bossWords = toSet("boss bosses head chief honcho leader leaders")
	headVerbs = toSet("run runs running ran lead leads leading led head heads heading headed helm helms manage manages")
)

// headTitleStems are the stems of the titles news gives the head of a
// body.
var headTitleStems = terms("chairman chairwoman chair president premier chief executive director head leader manager secretary-general commander")

// dateWords follow "what" to ask for a date or a time ("what year", "what
// time of day").
var dateWords = toSet("time date day hour year month week")

// askedDoer reports whether ws[i] is the verb right after the slot a who
// question asks to fill: "who planted…", "which company advised…", not
// "who is…", "who got…" (a light verb says little) nor "which company's
// shares".
func askedDoer(ws []lang.Word, i int) bool {
	if i < 1 || auxiliary[ws[i].Text] || lightVerbs[ws[i].Text] || strings.HasSuffix(ws[i].Text, "ly") {
		return false
	}
	if ws[i-1].Text == "who" {
		return true
	}
	return i >= 2 && (ws[i-2].Text == "which" || ws[i-2].Text == "what") && !ws[i-1].Upper && !strings.HasSuffix(ws[i-1].Text, "s") && verbLike(ws[i].Text)
}

// lightVerbs say little of what was done ("who got hurt", "who made the
// call"): a sentence need not repeat them.
var lightVerbs = toSet("get gets got gotten getting make makes made take takes took give gives gave put puts")

// manageVerbs before "to" leave the verb after them to say what is
// asked ("managing to sell", "trying to sell").
var manageVerbs = toSet("manage manages managed managing try tries tried trying")

// coverageOf is the IDF-weighted share of ts that have holds fully, plus
// half of what ctx (the sentence's passage and title) holds; a word that
// names the story asked about (qterm.topic) counts in full from ctx or
// story (the words of the article's retrieved passages).
func coverageOf(ts []qterm, have, ctx, story map[string]bool) float64 {
	total, got := 0.0, 0.0
	for _, t := range ts {
		if t.optional && !hasAny(have, t.stems) && !hasAny(have, t.related) && !hasAny(ctx, t.stems) && !hasAny(ctx, t.related) {
			continue
		}
		total += t.weight
		switch {
		case hasAny(have, t.stems):
			got += t.weight
		case hasAny(have, t.related):
			got += relatedShare * t.weight
		case t.topic && (hasAny(ctx, t.stems) || hasAny(story, t.stems)):
			got += t.weight
		case hasAny(ctx, t.stems), hasAny(ctx, t.related):
			got += contextShare * t.weight
		}
	}
	if total == 0 {
		return 0
	}
	return got / total
}

// contextShare is how much a question word counts when it is not in the
// sentence itself but in its passage or its article's title: wire copy
// names the company once, then says "the firm".
const contextShare = 0.5

// relatedShare is how much a question word counts when the sentence has
// not it but a word the thesaurus links to it ("ambassador" for
// "diplomat"): a paraphrase, nearly as good.
const relatedShare = 0.6

// Thesaurus links a word to its synonyms and the words one step more or
// less general (thesaurus.Thesaurus, from WordNet).
type Thesaurus interface {
	Related(word string) []string
}

// phrasalThesaurus also knows verbs of two words ("take part", "tip
// off"); thesaurus.Thesaurus does.
type phrasalThesaurus interface {
	PhrasalVerb(verb, next string) []string
}

func hasAny(set map[string]bool, ks []string) bool {
	return slices.ContainsFunc(ks, func(k string) bool { return set[k] })
}

// decision is the relevance decision over ranked sentences.
type decision struct {
	reason   Reason
	question Question // the question as read (shorthand expanded), its kind as asked even where judge read it loosely for a model
	terms    []qterm  // its content words as the coverage holds them
	ranked   []scored // the candidate sentences, best first
	lead     int      // index into ranked of the sentence to lead with, -1 when refused
	// speaker: for "what is Seoul saying", the stems of the speaker whose
	// words the lead is.
	speaker []string
}

// judge reads question q, ranks the sentences of hits against it and
// makes the relevance decision with bar. With kinds false (before a chat
// model) the kind of answer asked for is not required, a name the closest
// passages lack does not turn the question away, and unknown words other
// than names do not count: the model judges those, and withheldAnswer
// holds what it answers to them.
func (a *Answerer) judge(ctx context.Context, q string, hits []retrieval.Hit, bar float64, kinds bool) decision {
	q = lang.Expand(q)
	qq := readQuestion(q)
	ts := questionTerms(q, a.idfFor(hits), a.opts.Thesaurus)
	asked := qq
	if !kinds {
		// Before a model: words the coverage never uses (other than
		// names) are left for the model to weigh; only a question whose
		// known words no passage holds is turned away.
		ts = slices.DeleteFunc(ts, func(t qterm) bool { return t.unknown && !t.name })
		if qq.Kind == KindYesNo {
			qq.Kind = KindAny // the model settles it; the extra bar is for a sentence that must settle it alone
		}
	}
	ranked := rankSentences(qq, ts, hits, a.similarity(ctx))
	d := decide(qq, ts, ranked, bar)
	d.question, d.terms, d.ranked = asked, ts, ranked
	if !kinds && d.lead < 0 && d.reason.Code == ReasonNoKind {
		// A near miss for an extractive answer: the passages hold the
		// question's words, and the sentences of the kind asked are not
		// the ones that hold them. The model reads the passages whole
		// and may find it a paragraph away ("Skorich, who is 39" under
		// the new coach's story); what it answers is held to the kind
		// asked afterwards (withheldAnswer), so it is given the passages.
		anyKind := qq
		anyKind.Kind = KindAny
		if e := decide(anyKind, ts, ranked, bar); e.lead >= 0 {
			e.question, e.terms, e.ranked = asked, ts, ranked
			d = e
		}
	}
	if !kinds && d.lead < 0 && d.reason.Code == ReasonNameMissing {
		// A name the closest passages lack: the model reads the passages
		// whole, and what it answers must rest on a passage naming it
		// (withheldAnswer).
		if top := closest(ranked); top >= 0 && ranked[top].relevance >= bar {
			d.lead = top
			d.reason.Verdict, d.reason.Code, d.reason.Text = VerdictAnswer, ReasonAnswered, "the passages hold the question's words; the model judges whom they name"
		}
	}
	if !kinds && d.lead >= 0 && asked.strict() && !anyCarries(asked, hits) {
		// "How old are the soldiers" over passages that give no age at
		// all: no passage is plausible, whatever the model would make of
		// them.
		d.reason.Verdict, d.reason.Code, d.reason.Kind = VerdictRefuse, ReasonNoKind, string(asked.Kind)
		d.reason.Text = fmt.Sprintf("no passage given to the model gives %s", asked.describe())
		d.lead = -1
	}
	return d
}

// closest returns the index of the most relevant sentence of ranked that
// is not a heading (the first of equals), or -1 when there is none.
func closest(ranked []scored) int {
	top := -1
	for i, s := range ranked {
		if !heading(s.text) && (top < 0 || s.relevance > ranked[top].relevance) {
			top = i
		}
	}
	return top
}

// decide makes the one relevance decision: answer, or refuse with the
// reason. bar is the relevance the best sentence needs.
func decide(q Question, ts []qterm, ranked []scored, bar float64) decision {
	r := Reason{Kind: string(q.Kind), Threshold: bar}
	for _, t := range ts {
		if t.unknown {
			r.Unknown = append(r.Unknown, t.word)
		}
		if t.variant != "" {
			if r.Variants == nil {
				r.Variants = map[string]string{}
			}
			r.Variants[t.word] = t.variant
		}
	}
	refuse := func(code, text string) decision {
		r.Verdict, r.Code, r.Text = VerdictRefuse, code, text
		return decision{reason: r, lead: -1}
	}
	if len(ranked) == 0 {
		return refuse(ReasonNoPassages, "no passage of the coverage is close to the question")
	}
	fill := func(i int) {
		s := ranked[i]
		r.Coverage, r.Semantic, r.Score = s.coverage, s.semantic, s.relevance
		r.Sentence, r.Evidence = s.text, s.passageID
		r.Found, r.Missing = nil, nil
		for _, t := range ts {
			if hasAny(s.have, t.stems) || hasAny(s.ctx, t.stems) || hasAny(s.have, t.related) || hasAny(s.ctx, t.related) {
				r.Found = append(r.Found, t.word)
			} else {
				r.Missing = append(r.Missing, t.word)
			}
		}
	}
	for _, t := range ts {
		if t.unknown && t.name {
			top := 0
			for i, s := range ranked {
				if s.relevance > ranked[top].relevance {
					top = i
				}
			}
			fill(top) // the closest passage, for whoever reads the reason
			return refuse(ReasonUnknownName, fmt.Sprintf("the coverage never mentions %q", t.word))
		}
	}
	// A sentence can answer only if it, its passage or its article's
	// title mentions every name the question gives: "how much did Texaco
	// Canada cut its price" is not answered by Union's cut.
	// Words the coverage capitalises that are also common words ("the
	// National Intelligence Service" for "the intelligence service") may be
	// paraphrased, and are not required.
	var named, required []qterm
	for _, t := range ts {
		if (t.name || t.named) && !t.unknown {
			named = append(named, t)
			if !t.common && !t.descriptor {
				required = append(required, t)
			}
		}
	}
	// names reports whether s, its passage or its title names t: all the
	// words of a phrase ("American Express"), any spelling of a word.
	names := func(s scored, t qterm) bool {
		if t.phrase {
			return !slices.ContainsFunc(t.stems, func(st string) bool { return !s.have[st] && !s.ctx[st] })
		}
		return hasAny(s.have, t.stems) || hasAny(s.ctx, t.stems)
	}
	eligible := func(s scored) bool {
		if s.otherOwner || heading(s.text) {
			return false
		}
		// A sentence whose passage holds the rarest of the question's
		// names may lack a commoner one that another retrieved passage
		// of its article gives: "Texas kicker Eldon Moritz" is named
		// in full a few paragraphs before his "14 extra points". The
		// rarest name itself must stand in the passage: the law's
		// "central collection of 100,000 volumes" is not Nassau's.
		held := 0.0
		for _, t := range required {
			if names(s, t) {
				held = max(held, t.weight)
			}
		}
		for _, t := range required {
			if !names(s, t) && (t.phrase || !hasAny(s.article, t.stems) || t.weight >= held) {
				return false
			}
		}
		return true
	}
	// A heading ("North Korea's response") echoes the question's words
	// and answers nothing: it neither leads nor counts as the closest.
	best, top := -1, max(closest(ranked), 0)
	for i, s := range ranked {
		if !heading(s.text) && eligible(s) && (best < 0 || s.relevance > ranked[best].relevance) {
			best = i
		}
	}
	if best < 0 || ranked[best].relevance < bar && ranked[top].relevance >= bar {
		// The passages that hold the question's words are about someone
		// else: say which name they lack.
		fill(top)
		if ranked[top].relevance >= bar {
			var miss []string
			for _, t := range required {
				if !names(ranked[top], t) {
					miss = append(miss, t.word)
				}
			}
			if len(miss) == 0 && ranked[top].otherOwner {
				return refuse(ReasonNameMissing, "the passages closest to the question speak of another country's official")
			}
			return refuse(ReasonNameMissing, fmt.Sprintf("the passages closest to the question never mention %s", quoteList(miss)))
		}
		best = top
	}
	// withheldAt refuses when the story says outright that it does not
	// give the answer ("for undisclosed terms", "It gave no reason."): in
	// the sentence at ranked[at], the one after it, or a sentence at least
	// as relevant.
	withheldAt := func(at int) (decision, bool) {
		for i, s := range ranked {
			if i != at && (s.relevance < max(bar, ranked[at].relevance) || !eligible(s)) {
				continue
			}
			for _, t := range []string{s.text, s.next} {
				if t != "" && withheld(q, t) {
					fill(i)
					return refuse(ReasonNoKind, fmt.Sprintf("the coverage says it does not give the answer: %q", t)), true
				}
			}
		}
		return decision{}, false
	}
	fill(best)
	if q.Kind == KindYesNo && len(r.Missing) > 0 {
		// A yes/no question is settled only by a sentence that states the
		// same thing: when a word of it is nowhere in the sentence or its
		// passage, nearly all the others must be there. When every word
		// is (some in the passage around the sentence, some as a word the
		// thesaurus links), the usual bar holds: over 24 question sets,
		// answerable ones like that scored 0.77-0.84 and were refused,
		// while no unanswerable one below 0.85 had every word there.
		bar = max(bar, bar+yesNoMargin)
		r.Threshold = bar
	}
	if ranked[best].relevance < bar {
		return refuse(ReasonLowRelevance, lowText(r))
	}
	lead := best
	var spokenBy []string // the speaker the lead was chosen for, when the question asks what someone said
	if q.strict() || q.Kind.prefers() {
		// The best sentence that carries the kind of answer, among those
		// relevant enough on their own.
		lead = -1
		// "How many soldiers does the Kremlin say…": a figure answers only
		// from a sentence in which the one asked about speaks or is named,
		// not from a neighbour of it in the passage.
		var speaker []string
		// roles: "what did South Korea's defence minister say": the
		// minister speaks, not any mouth of South Korea.
		var roles []string
		if q.strict() || q.Kind == KindQuote {
			// Only the speaker's names: "does South Korea's spy agency
			// claim" is read loosely, and its common words may be
			// paraphrased, even where the coverage writes them as a
			// name ("Seoul's intelligence service" is "Seoul's spy agency"
			// in one story, "the National Intelligence Service" in another).
			isName := map[string]bool{}
			for _, t := range named {
				if t.common {
					continue
				}
				for _, st := range t.stems {
					isName[st] = true
				}
			}
			for _, w := range speakerOf(q.Text) {
				if isName[w] {
					speaker = append(speaker, w)
				} else if q.Kind == KindQuote && roleStems[w] {
					roles = append(roles, w)
				}
			}
		}
		// "What did rutte say about south korea sending weapons": words
		// on the topic's most telling word, not on something else.
		var topic *qterm
		if q.Kind == KindQuote {
			topic = quoteTopic(q.Text, ts)
		}
		// deeds[i]: how closely ranked[i] says the deed a who question
		// asks (saysDeed), read once for the loops below.
		deeds := make([]int, len(ranked))
		for i, s := range ranked {
			deeds[i] = saysDeed(s, ts)
		}
		// rarest: the stems of the rarest name the question gives; an
		// age written beside it ("Skorich, who is 39 years old") answers
		// "how old is skorick, the new eagles boss" though the sentence
		// holds none of the words that tell who he is.
		var rarest []string
		if q.Kind == KindAge {
			w := 0.0
			for _, t := range required {
				if t.weight > w {
					w, rarest = t.weight, t.stems
				}
			}
		}
		pick := func(i int, s scored) {
			if topic != nil && !hasAny(s.have, topic.stems) && !hasAny(s.have, topic.related) {
				return
			}
			if s.carries && (s.relevance >= bar || q.Kind == KindAge && ageBeside(s.text, rarest)) && eligible(s) && (lead < 0 || deeds[i] > deeds[lead] || deeds[i] == deeds[lead] && s.score > ranked[lead].score) {
				lead = i
			}
		}
		for i, s := range ranked {
			if len(speaker) > 0 && !speaksAs(s, speaker) || len(roles) > 0 && !speaksAs(s, roles) {
				continue
			}
			if q.Kind == KindAmount || q.Kind == KindCount || q.Kind == KindPercent {
				if !aligned(s.text, ts) {
					continue
				}
			}
			if q.Kind == KindAmount && len(q.Focus) > 0 && !alignedFocus(s.text, q.Focus, ts) {
				continue // "how much revenue": a figure beside revenue, not beside spending
			}
			if q.Kind == KindDate && !strings.HasPrefix(s.text, corpus.CaptionPrefix) && !alignedDate(s.text, q, ts) {
				// "when was Singer elected": not the date the group bought
				// its shares. A caption's one date is its photo's.
				continue
			}
			if q.Kind == KindPerson && !alignedName(s.text, q.Text, ts) {
				continue // "who heads the agency": a name beside the agency's announcement is not its head
			}
			if q.Kind == KindPerson && deeds[i] == 0 {
				continue // "who planted the bomb": not whoever the bomb's story names
			}
			pick(i, s)
		}
		if lead >= 0 && q.Kind == KindQuote {
			spokenBy = speaker
		}
		if lead < 0 && topic != nil {
			fill(best)
			return refuse(ReasonNoKind, fmt.Sprintf("the closest passages quote no words on %q", topic.word))
		}
		if lead < 0 && q.Kind == KindQuote && len(roles) > 0 {
			fill(best)
			return refuse(ReasonNoKind, fmt.Sprintf("the closest passages quote no words of the %s", strings.Join(roles, " ")))
		}
		if lead < 0 && q.Kind == KindQuote && len(speaker) > 0 {
			if !placeSpeaker(speaker) {
				// "What did Michel Cote say about Li Ka-shing": a person
				// or a firm speaks for itself; others' words are not its.
				fill(best)
				return refuse(ReasonNoKind, fmt.Sprintf("the closest passages quote no words of %s on it", strings.Join(speaker, " ")))
			}
			// "What is Seoul saying": Seoul's own words when the coverage
			// quotes Seoul, or else the best words on the question (a
			// country speaks through many mouths).
			for i, s := range ranked {
				pick(i, s)
			}
		}
		if lead < 0 {
			if d, ok := withheldAt(best); ok {
				return d
			}
			if q.strict() {
				if i := slices.IndexFunc(ts, func(t qterm) bool { return t.deed }); i >= 0 {
					said := false
					for j, s := range ranked {
						said = said || s.relevance >= bar && deeds[j] > 0
					}
					if !said {
						return refuse(ReasonNoKind, fmt.Sprintf("none of the closest passages says who %s", ts[i].word))
					}
				}
				return refuse(ReasonNoKind, fmt.Sprintf("none of the closest passages gives %s", q.describe()))
			}
			lead = best
		} else {
			r.KindFound = true
			fill(lead)
		}
	}
	if d, ok := withheldAt(lead); ok {
		return d
	}
	for _, f := range askedFigures {
		ys := f.in(q.Text)
		if len(ys) == 0 || !f.other(ranked[lead].text, ys) || f.ctxHolds(ranked[lead], ys) {
			continue
		}
		// "What was growth in 1985" over a sentence on 1986, in a passage
		// that never says 1985; "who owns the other 60 pct" over "40 pct
		// owned by Multi-Step": another sentence relevant enough that
		// gives the figure asked, or none.
		alt := -1
		for i, s := range ranked {
			if i != lead && s.relevance >= bar && eligible(s) && (!q.strict() || s.carries) && f.has(s.text, ys) && (alt < 0 || s.score > ranked[alt].score) {
				alt = i
			}
		}
		if alt < 0 {
			fill(lead)
			return refuse(ReasonNoKind, fmt.Sprintf("the closest passages speak of another %s than %s", f.name, strings.Join(ys, ", ")))
		}
		lead = alt
		fill(lead)
	}
	if pending(q, ranked[lead].text, ts) || ranked[lead].next != "" && pending(q, ranked[lead].next, ts) {
		fill(lead)
		return refuse(ReasonNoKind, "the coverage only says it is still to come, not whether it happened")
	}
	r.Verdict, r.Code = VerdictAnswer, ReasonAnswered
	r.Text = "the best passage holds the question's words"
	if r.KindFound {
		r.Text += " and " + q.describe()
		if ranked[lead].relevance < bar {
			r.Text = fmt.Sprintf("a passage gives %s beside the name asked about", q.describe())
		}
	}
	return decision{reason: r, lead: lead, speaker: spokenBy}
}

// saysDeed tells how closely sentence s says the deed a who question asks
// the doer of (qterm.deed), itself, in a word the thesaurus links to it or
// in its converse ("sold to" for "who bought"): 2 in its own words (not
// those it borrows from the sentence before), 1 only in its passage, 0
// not at all. A question with no such verb gets 2.
func saysDeed(s scored, ts []qterm) int {
	level := 2
	var own map[string]bool
	for _, t := range ts {
		if !t.deed {
			continue
		}
		if own == nil {
			own = toSetSlice(s.terms)
		}
		in := func(set map[string]bool) bool {
			return hasAny(set, t.stems) || hasAny(set, t.related) || hasAny(set, fellows[t.stems[0]]) || hasAny(set, converses[t.stems[0]])
		}
		switch {
		case in(own):
		case in(s.ctx):
			level = 1
		default:
			return 0
		}
	}
	return level
}

// converses are the stems of verbs that tell one deed from the other
// side: who bought it is who it was sold to, who won is whom the other
// lost to. fellows are those on the deed's own side: who won is who
// defeated the other.
var converses, fellows = func() (map[string][]string, map[string][]string) {
	m, f := map[string][]string{}, map[string][]string{}
	for _, g := range [][2]string{
		{"buy purchase acquire", "sell divest"},
		{"win beat defeat", "lose"},
		{"lend loan", "borrow"},
		{"pay give send", "receive get"},
		{"hire employ", "join"},
	} {
		a, b := terms(g[0]), terms(g[1])
		for _, x := range a {
			m[x] = append(m[x], b...)
			f[x] = append(f[x], a...)
		}
		for _, x := range b {
			m[x] = append(m[x], a...)
			f[x] = append(f[x], b...)
		}
	}
	return m, f
}()

// placeSpeaker reports whether a speaker's stems name a place ("south
// korea", "the un", "seoul"), which speaks through many mouths, and not a
// person whose name holds one ("kim jong un").
func placeSpeaker(speaker []string) bool {
	return slices.ContainsFunc(speaker, placeStem) && !slices.ContainsFunc(speaker, func(w string) bool {
		return !placeStem(w) && !placeWords[w]
	})
}

// placeNouns are the kinds of place a "which city" question asks for:
// the answer names the place, seldom its kind.
var placeNouns = toSet("city cities town towns village villages port location area district county province region")

// placeWords are the words of places' names that are no places alone.
var placeWords = func() map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields("north south east west central united saudi new republic democratic people's arab emirates states kingdom islamic great far middle nations") {
		for _, t := range terms(w) {
			out[t] = true
		}
	}
	return out
}()

// roleStems are the stems of the roles news gives a person who speaks:
// a body ("the government", "the company") speaks through many mouths
// and is left to the names.
var roleStems = func() map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(`official officials spokesman spokeswoman spokesperson minister ambassador envoy president
chairman chief director executive analyst analysts lawmaker lawmakers senator general commander prosecutor photographer
reporter correspondent diplomat diplomats leader secretary representative`) {
		for _, t := range terms(w) {
			out[t] = true
		}
	}
	return out
}()

// reYear finds a year.
var reYear = regexp.MustCompile(`\b(?:1[89]\d\d|20\d\d)\b`)

// askedFigure is a kind of figure a question may name, which a sentence
// giving another of the same kind does not answer: a year, a percentage.
type askedFigure struct {
	name string
	re   *regexp.Regexp // finds one; its first group, if any, is the figure itself
}

// askedFigures are the kinds of figure a question's own figure must be
// met by.
var askedFigures = []askedFigure{
	{"year", reYear},
	{"share", regexp.MustCompile(`(?i)\b(\d+(?:\.\d+)?)\s*(?:pct|percent|per cent|%)`)},
}

// in returns the figures of this kind in s.
func (f askedFigure) in(s string) []string {
	var out []string
	for _, m := range f.re.FindAllStringSubmatch(s, -1) {
		out = append(out, m[len(m)-1])
	}
	return out
}

// other reports whether s gives a figure of this kind, but none of ys.
func (f askedFigure) other(s string, ys []string) bool {
	return f.re.MatchString(s) && !f.has(s, ys)
}

// has reports whether s gives one of the figures ys.
func (f askedFigure) has(s string, ys []string) bool {
	return slices.ContainsFunc(f.in(s), func(y string) bool { return slices.Contains(ys, y) })
}

// ctxHolds reports whether the passage of s gives one of ys: a year
// the passage names frames its sentences.
func (f askedFigure) ctxHolds(s scored, ys []string) bool {
	return f.name == "year" && hasAny(s.ctx, ys)
}

// priceWords are the stems of the words that say what something sold for.
var priceWords = func() []string {
	var out []string
	for _, w := range strings.Fields("pay paid buy bought purchase purchased price cost sell sold acquire acquired fetch valued value worth") {
		out = append(out, lang.Stem(w))
	}
	return out
}()

// mentions reports whether set holds every stem of ws, a capital counting
// as found where its country is ("Seoul's intelligence service" in "South
// Korea's intelligence service").
func mentions(set map[string]bool, ws []string) bool {
	for _, w := range ws {
		if set[w] {
			continue
		}
		if c, ok := lang.Metonym(w); !ok || !allIn(set, c) {
			return false
		}
	}
	return true
}

// speaksAs reports whether the speaker's stems stand near the start of
// sentence s outside its quotations (or of the sentence before, when s
// opens with "He" or "The ministry"): where news puts who said it.
func speaksAs(s scored, speaker []string) bool {
	head := func(text string) map[string]bool { return speakerIn(text, speakerWindow) }
	if attributed(s.text, speaker) {
		return true
	}
	// "Seoul's claims were \"…,\" the representative told the meeting":
	// a quotation said by someone named after it belongs to them, not to
	// whoever the sentence opens with.
	if mentions(head(s.text), speaker) && !saidAfter(s.text) {
		return true
	}
	// "Hours after a parade of his tanks, Dictator Fidel Castro
	// confronted the U.S. with a demand": the subject after an opening
	// phrase.
	if rest, ok := afterOpening(s.text); ok && mentions(head(rest), speaker) && !saidAfter(s.text) {
		return true
	}
	if s.prev != "" && anaphoric.MatchString(s.text) && mentions(head(s.prev), speaker) {
		return true
	}
	// A sentence that is all quotation ("\"Russia and North Korea must
	// stop.\"") is said by whoever the sentences around it quote: news
	// attributes a quote once, before or after its sentences.
	if quoteOnly(s.text) {
		for _, n := range []string{s.prev, s.next} {
			if n != "" && speech.MatchString(n) && mentions(speakerIn(n, -1), speaker) {
				return true
			}
		}
	}
	// "Lacy said…" for "according to Exco's chairman": the article named
	// him "Exco Chairman Richard Lacy" first.
	for last, title := range s.aliases {
		if !slices.Contains(speaker, last) && mentions(title, speaker) {
			plain := s
			plain.aliases = nil
			if speaksAs(plain, []string{last}) {
				return true
			}
		}
	}
	return false
}

// afterOpening returns what follows the comma that closes a sentence's
// opening phrase ("Hours after a parade of his tanks,"), when the first
// comma stands within openingReach words and outside a quotation.
func afterOpening(s string) (string, bool) {
	i := strings.Index(s, ", ") // not the comma of "10,000"
	if i < 0 || strings.ContainsAny(s[:i], "\"“") || len(strings.Fields(s[:i])) > openingReach {
		return "", false
	}
	return s[i+1:], true
}

// openingReach is how many words a sentence's opening phrase may run.
const openingReach = 12

// attributed reports whether sentence s, outside its quotations, names
// the speaker right before or after a verb of speaking: "…, however,
// Ambassador Zinoviev stated that…", "said Zinoviev".
func attributed(s string, speaker []string) bool {
	// A quotation stands between a verb and anyone named before it
	// ("Seoul's claims were \"…,\" the representative told").
	const barrier = "qqquotation"
	ws := lang.FoldWords(quotedSpan.ReplaceAllString(corpus.Normalize(s), " "+barrier+" "))
	for i, w := range ws {
		if !speakingVerbs[w.Text] {
			continue
		}
		near := map[string]bool{}
		for j := i - 1; j >= max(0, i-attributionWindow) && ws[j].Text != barrier; j-- {
			near[lang.Stem(ws[j].Text)] = true
		}
		// "said Zinoviev": only verbs that news puts before their
		// speaker; after "dismissing" comes what was dismissed.
		for j := i + 1; inverted[ws[i].Text] && j < len(ws) && j <= i+2 && ws[j].Text != barrier; j++ {
			near[lang.Stem(ws[j].Text)] = true
		}
		if mentions(withMetonyms(near, false), speaker) {
			return true
		}
	}
	return false
}

// saidAfter reports whether a verb of speaking stands within a few words
// after the last quotation of sentence s: the quotation's speaker is named
// there ("…," the representative told…; "…," said Kim).
func saidAfter(s string) bool {
	n := corpus.Normalize(s)
	loc := quotedSpan.FindAllStringIndex(n, -1)
	if len(loc) == 0 {
		return false
	}
	ws := lang.FoldWords(n[loc[len(loc)-1][1]:])
	for i, w := range ws {
		if i == 4 {
			break
		}
		if speakingVerbs[w.Text] {
			return true
		}
	}
	return false
}

// quotedElsewhere reports whether sentence s plainly gives its quotation
// to someone other than speaker: named after it ("…," the envoy told the
// meeting) or right before a quotation that opens with a verb of speaking
// (the envoy "stressed that…").
func quotedElsewhere(s string, speaker []string) bool {
	if attributed(s, speaker) {
		return false
	}
	if saidAfter(s) {
		return true
	}
	n := corpus.Normalize(s)
	for _, loc := range quotedSpan.FindAllStringIndex(n, -1) {
		inside := lang.FoldWords(n[loc[0]:loc[1]])
		if len(inside) == 0 || !speakingVerbs[inside[0].Text] {
			continue
		}
		before := lang.FoldWords(n[:loc[0]])
		near := map[string]bool{}
		for _, w := range before[max(0, len(before)-3):] {
			near[lang.Stem(w.Text)] = true
		}
		if !mentions(withMetonyms(near, false), speaker) {
			return true
		}
	}
	return false
}

// inverted are the verbs of speaking news writes before their speaker
// ("…," said Hwang; "…," added the minister).
var inverted = toSet("said says added asked wrote continued explained")

// attributionWindow is how many words before a verb of speaking are read
// for its speaker ("NATO's secretary-general Mark Rutte posted").
const attributionWindow = 6

// quoteOnly reports whether sentence s opens with a quotation mark and
// names no speaker of its own outside its quotations.
func quoteOnly(s string) bool {
	n := corpus.Normalize(s)
	return strings.HasPrefix(n, "\"") && !speech.MatchString(quotedSpan.ReplaceAllString(n, " "))
}

// speakerIn is the stems of the first limit content words of sentence s
// outside its quotations (all of them when limit < 0), with capitals
// standing for their countries: where its speaker is named.
func speakerIn(s string, limit int) map[string]bool {
	text := quotedSpan.ReplaceAllString(corpus.Normalize(s), " ")
	ts := terms(text)
	if limit >= 0 && len(ts) > limit {
		ts = ts[:limit]
	}
	set := toSetSlice(ts)
	// "the Federal Bureau of Investigation identified…": the FBI speaks,
	// when its name opens within the window.
	for _, in := range spelledInitials(text, func(first string) bool { return set[stem(strings.ToLower(first))] }) {
		set[in] = true
	}
	return withMetonyms(set, false)
}

// lowText explains a low relevance: which words were missing.
func lowText(r Reason) string {
	switch {
	case len(r.Unknown) > 0:
		return fmt.Sprintf("the coverage never uses %s, and the closest passage lacks %s", quoteList(r.Unknown), quoteList(r.Missing))
	case len(r.Missing) > 0:
		return fmt.Sprintf("the closest passage lacks %s", quoteList(r.Missing))
	}
	return "the closest passage is not close enough in meaning"
}

func quoteList(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = fmt.Sprintf("%q", w)
	}
	return strings.Join(q, ", ")
}

// similarity returns the sentence model's similarity function, or nil
// when there is no model. Sentence vectors are cached (the same passages
// come back question after question); a model that fails leaves words
// alone to decide (the failure is logged).
func (a *Answerer) similarity(ctx context.Context) similarity {
	if a.opts.Sentences == nil {
		return nil
	}
	return func(question string, texts []string) []float64 {
		vecs := make([][]float32, len(texts))
		todo := []string{question}
		var at []int
		a.mu.Lock()
		for i, t := range texts {
			if v, ok := a.sentences[t]; ok {
				vecs[i] = v
			} else {
				todo = append(todo, t)
				at = append(at, i)
			}
		}
		a.mu.Unlock()
		vs, err := a.opts.Sentences.Embed(ctx, todo)
		if err != nil || len(vs) != len(todo) {
			a.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "sentence model failed; deciding on words alone", slog.Any("error", err))
			return nil
		}
		a.mu.Lock()
		if len(a.sentences)+len(at) > maxCachedSentences {
			a.sentences = map[string][]float32{}
		}
		for j, i := range at {
			vecs[i] = vs[j+1]
			a.sentences[texts[i]] = vs[j+1]
		}
		a.mu.Unlock()
		out := make([]float64, len(texts))
		for i := range texts {
			out[i] = dot(vs[0], vecs[i])
		}
		return out
	}
}

// maxCachedSentences bounds the sentence-vector cache (2 KB a sentence).
const maxCachedSentences = 20000

func dot(a, b []float32) float64 {
	s := float32(0)
	for i := range min(len(a), len(b)) {
		s += a[i] * b[i]
	}
	return float64(s)
}

// Explanation is what each signal of the relevance decision said about a
// question and a list of hits: for `newsbot search --explain` and for
// moderators.
type Explanation struct {
	Question  string            `json:"question"` // as read: chat shorthand expanded
	Kind      string            `json:"kind,omitempty"`
	Focus     []string          `json:"focus,omitempty"`
	Terms     []TermSignal      `json:"terms"`
	Reason    Reason            `json:"reason"`    // the decision an extractive answer would make
	Sentences []SentenceSignals `json:"sentences"` // the best candidate sentences, best first
}

// TermSignal is one content word of a question as the coverage holds it.
type TermSignal struct {
	Word    string  `json:"word"`
	Weight  float64 `json:"weight"`            // IDF over the coverage
	Unknown bool    `json:"unknown,omitempty"` // the coverage never uses it, not even spelt nearly alike
	Name    bool    `json:"name,omitempty"`    // capitalised inside the question
	Variant string  `json:"variant,omitempty"` // the coverage's spelling, when it differs
}

// SentenceSignals is what the decision saw of one candidate sentence.
type SentenceSignals struct {
	Passage   string  `json:"passage"`
	Text      string  `json:"text"`
	Coverage  float64 `json:"coverage"`
	Semantic  float64 `json:"semantic"`
	Relevance float64 `json:"relevance"`
	Carries   bool    `json:"carries_kind"`
	Score     float64 `json:"score"`
}

// maxExplained is how many candidate sentences an Explanation lists.
const maxExplained = 5

// Explain runs the relevance decision on question over hits and reports
// every signal, as an extractive answer would decide.
func (a *Answerer) Explain(ctx context.Context, question string, hits []retrieval.Hit) Explanation {
	d := a.judge(ctx, question, hits, a.opts.MinRelevance, true)
	e := Explanation{Question: d.question.Text, Kind: string(d.question.Kind), Focus: d.question.Focus, Reason: d.reason}
	for _, t := range d.terms {
		e.Terms = append(e.Terms, TermSignal{Word: t.word, Weight: t.weight, Unknown: t.unknown, Name: t.name, Variant: t.variant})
	}
	for i, s := range d.ranked {
		if i == maxExplained {
			break
		}
		e.Sentences = append(e.Sentences, SentenceSignals{Passage: s.passageID, Text: s.text, Coverage: s.coverage,
			Semantic: s.semantic, Relevance: s.relevance, Carries: s.carries, Score: s.score})
	}
	return e
}

// anyCarries reports whether any sentence of hits carries the kind of
// answer q asks for.
func anyCarries(q Question, hits []retrieval.Hit) bool {
	for _, h := range hits {
		for _, s := range sentencesOf(h.Passage) {
			if carries(q, s) {
				return true
			}
		}
	}
	return false
}

// letterLeftOut reports whether w is v with one letter left out.
func letterLeftOut(w, v string) bool {
	if len(v) != len(w)+1 {
		return false
	}
	for i := range len(v) {
		if v[:i]+v[i+1:] == w {
			return true
		}
	}
	return false
}
