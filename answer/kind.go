package answer

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/lang"
)

// Kind is the kind of answer a question asks for: a number of something,
// an amount of money, a date, a person… A sentence answers the question
// only if it carries that kind of answer; this is what turns away the near
// misses that share every word with a passage but not the answer (a price
// the article does not give, a date it does not state).
type Kind string

// The kinds of answer a question can ask for.
const (
	KindAny       Kind = ""          // no particular kind ("what happened to X")
	KindCount     Kind = "count"     // how many X: a number with X
	KindAmount    Kind = "amount"    // how much, what price: a sum of money or a quantity
	KindPercent   Kind = "percent"   // what percentage, how big a stake, what rate
	KindDate      Kind = "date"      // when, on what date
	KindDuration  Kind = "duration"  // how long
	KindAge       Kind = "age"       // how old
	KindPerson    Kind = "person"    // who, which official
	KindPlace     Kind = "place"     // where, which country
	KindName      Kind = "name"      // which X: a name
	KindCalled    Kind = "called"    // what is X called: a sentence that names it
	KindYesNo     Kind = "yes/no"    // is, did, has…: settled by one sentence
	KindQuote     Kind = "quote"     // what did X say or call it
	KindReason    Kind = "reason"    // why
	KindCondition Kind = "condition" // under what circumstances, on what terms: a condition
	KindSource    Kind = "source"    // who told the agency, what is the source: an attribution
	KindEvidence  Kind = "evidence"  // is there any evidence, proof: what shows it
	KindCoverage  Kind = "coverage"  // about the coverage itself: outlets, articles, dates
	KindOverview  Kind = "overview"  // vague: what's the latest, what's going on
	KindCompare   Kind = "compare"   // do the outlets agree
	KindInventory Kind = "inventory" // which people or agencies the coverage names or quotes
)

// strict reports whether a sentence without this kind of answer cannot
// answer the question at all.
func (k Kind) strict() bool {
	switch k {
	case KindCount, KindAmount, KindPercent, KindDate, KindDuration, KindAge, KindPerson, KindPlace, KindCalled:
		return true
	}
	return false
}

// prefers reports whether a sentence carrying the kind leads when one
// relevant enough does, without a refusal when none does: the kinds whose
// answers news words too many ways to refuse on their absence (a condition
// may be "once approved", a source "in a filing with the SEC").
func (k Kind) prefers() bool {
	switch k {
	case KindQuote, KindName, KindCondition, KindSource, KindEvidence:
		return true
	}
	return false
}

// strict reports whether a sentence without the kind of answer q asks
// for cannot answer it: the kind is strict, or q asks which named thing.
func (q Question) strict() bool {
	return q.Kind.strict() || q.Kind == KindName && (q.Named || q.orgNoun != "" || q.sortOf != "" || q.product) ||
		q.Kind == KindReason && len(speakerOf(q.Text)) == 0 // "why does X say…": the reason is in X's words
}

// describe names the kind of answer q looks for, for reasons shown to people
// ("a number of north korean soldiers", words as asked).
func (q Question) describe() string {
	switch q.Kind {
	case KindCount:
		if ws := countWords(questionText(q.Text)); len(ws) > 0 {
			return "a number of " + strings.Join(ws, " ")
		}
		return "a number"
	case KindAmount:
		if q.measure != "" {
			return "a " + q.measure
		}
		return "an amount"
	case KindPercent:
		return "a percentage"
	case KindDate:
		return "a date or time"
	case KindDuration:
		return "a length of time"
	case KindAge:
		return "an age"
	case KindPerson:
		return "a person or body"
	case KindPlace:
		return "a place"
	case KindName:
		if q.product {
			return "what it makes or sells"
		}
		if m := reSortOf.FindStringSubmatch(strings.ToLower(q.Text)); q.sortOf != "" && m != nil {
			return "what kind of " + m[1]
		}
		return "a name"
	case KindCalled:
		return "what it is called"
	case KindQuote:
		return "someone's words"
	case KindCondition:
		return "a condition"
	case KindSource:
		return "a source for it"
	case KindEvidence:
		return "what shows it (a video, a photo, intelligence…)"
	}
	return string(q.Kind)
}

// Question is a question read for what it asks.
type Question struct {
	Text  string   // the question as asked, chat shorthand expanded
	Kind  Kind     // the kind of answer asked for
	Focus []string // for KindCount, the stems of what is counted; for KindName, of what is named
	// Named marks a KindName question about a thing news calls by its
	// name ("which newspaper", "which bank"): only a name answers it.
	Named bool
	// Exact marks a KindDate question asking for the day ("what day
	// exactly", "on what date"): a month or "recently" does not answer it.
	Exact bool
	// Acronym is, for a KindCalled question on what an acronym stands
	// for ("nis stands for what"), the acronym in lower case.
	Acronym string
	// orgNoun, for a KindPerson question on which organisation did
	// something ("which oil company said…"), is the organisation's noun;
	// country and locality mark a KindPlace question asking "which
	// country" or "which city" (town, port, base…).
	orgNoun string
	// sortOf, for "what kind of weapons", is the stem of the thing whose
	// kind is asked: a sentence answers when it qualifies it ("artillery
	// shells", "regular troops"), not when it only names it.
	sortOf string
	// product marks "what does X make": a sentence answers when it says
	// what X makes, produces or sells.
	product           bool
	country, locality bool
	// Clock marks a KindDate question asking for the time of day ("what
	// time of day", "at what time"): a day alone does not answer it.
	Clock bool
	// ownName marks a KindCalled question on someone's real, full or
	// maiden name: a name the question does not give answers it.
	ownName bool
	// measure, for a KindAmount question asking how far or how fast,
	// is "distance" or "speed": only a figure in its units answers.
	measure string
	// Quantity marks a KindAmount question about a measured quantity
	// ("what is Ecuador's OPEC quota", "what was output in February"):
	// any figure answers it, not only a sum of money.
	Quantity bool
	// nation is the country whose currency the question asks a sum in
	// ("in us cents": "us"), inMoney whether it names a currency at all
	// ("in dlrs"); roleSays marks "which analyst said…", and identity
	// "who was the government source". Read once per question, not per
	// sentence.
	nation             string
	inMoney            bool
	roleSays, identity bool
}

// reRatio finds a question on a ratio.
var reRatio = regexp.MustCompile(`\bratios?\b`)

// reQuantity matches a question asking the value of a quantity that news
// gives as a figure of its own unit (barrels a day, tonnes, shares).
var reQuantity = regexp.MustCompile(`\bwhat(?:'s| is| was| are| were| will be| would be)\b[^?]{0,60}\b(?:quota|output|production|budget|deficit|surplus|revenues?|profits?|loss(?:es)?|earnings|sales|salary|tariff|ceiling|reserves|debt|dividend|turnover|exports|imports|capacity|rates?|level|threshold|limit)\b`)

// reClockAsked matches a date question that asks for the time of day;
// reNotClock a time that is not one ("what time of year").
var (
	reClockAsked = regexp.MustCompile(`\b(?:what|which) (?:time|hour)\b`)
	reNotClock   = regexp.MustCompile(`\btime (?:of (?:the )?year|period|frame|span|scale)\b`)
)

// reClockAns finds a time of day: "late Monday", "in the morning", "10
// a.m.", "at 14:30 GMT".
var reClockAns = regexp.MustCompile(`(?i)\b(?:late|early)\s+(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|in the day)\b|\b(?:morning|afternoon|evening|night|tonight|overnight|noon|midday|midnight|dawn|dusk)\b|\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.m\.|p\.m\.|(?:am|pm|gmt|est|edt)\b)|\b\d{1,2}:\d{2}\b|\bo'clock\b`)

// dateAns is the pattern of the date or time q asks for.
func (q Question) dateAns() *regexp.Regexp {
	switch {
	case q.Clock:
		return reClockAns
	case q.Exact:
		return reDayAns
	}
	return reDateAns
}

// newDates returns the spans of the dates or times q asks for in the
// normalised sentence ns, but for those the question gives itself: "what
// hour did he speak late monday" is not answered by "late Monday".
func newDates(q Question, ns string) [][]int {
	lq := strings.ToLower(q.Text)
	spans := q.dateAns().FindAllStringIndex(ns, -1)
	return slices.DeleteFunc(spans, func(sp []int) bool {
		return strings.Contains(lq, strings.ToLower(ns[sp[0]:sp[1]]))
	})
}

// reStandsFor matches a question on what an acronym stands for.
var reStandsFor = regexp.MustCompile(`\b([a-z][a-z0-9]{1,5})\s+stands?\s+for\b|\b([a-z][a-z0-9]{1,5})\s+(?:is\s+)?short\s+for\b`)

// spellsOut reports whether s writes out the phrase whose initials are
// acronym: just before the acronym itself, in any case ("an exchange for
// physical or EFP"), or anywhere as capitalised words ("The National
// Intelligence Service" for "nis").
func spellsOut(s, acronym string) bool {
	ws := lang.FoldWords(s)
	for i, w := range ws {
		// "an exchange for physical or EFP": the words just before the
		// acronym, whatever their case.
		if w.Text != acronym {
			continue
		}
		for end := max(0, i-3); end < i; end++ {
			var all, content strings.Builder
			for start := end; start >= 0 && end-start < 2*len(acronym); start-- {
				all.WriteByte(ws[start].Text[0])
				if !joiners[ws[start].Text] {
					content.WriteByte(ws[start].Text[0])
				}
				if reversed(all.String()) == acronym || reversed(content.String()) == acronym {
					return true
				}
			}
		}
	}
	for _, r := range capitalisedRuns(s, ws) {
		if strings.HasSuffix(r.initials, acronym) { // "The National Intelligence Service"
			return true
		}
	}
	return false
}

// joiners are the small words inside a name that its initials may skip.
var joiners = toSet("of for and the de")

func reversed(s string) string {
	b := []byte(s)
	slices.Reverse(b)
	return string(b)
}

// reNumber finds a number as written, with its separators.
var reNumber = regexp.MustCompile(`\d(?:[\d,.]*\d)?`)

// dropAskedFigures blanks the numbers of s that question q gives itself
// ("1,500" when q says "1500").
func dropAskedFigures(q, s string) string {
	asked := map[string]bool{}
	for _, n := range reNumber.FindAllString(q, -1) {
		asked[strings.ReplaceAll(n, ",", "")] = true
	}
	if len(asked) == 0 {
		return s
	}
	return reNumber.ReplaceAllStringFunc(s, func(n string) string {
		if asked[strings.ReplaceAll(n, ",", "")] {
			return "_"
		}
		return n
	})
}

// reExactDate matches a date question that asks for the day.
var reExactDate = regexp.MustCompile(`\b(?:exact|exactly|precise|precisely|specific)\b|\b(?:what|which|on what|on which) (?:date|day)\b`)

// reBareSum finds a sum written without its currency, which the story
// gives elsewhere ("revenue would be about 6.745 billion, against…"): a
// figure in millions or billions followed by no unit of its own (not "3
// mln shares", "1.2 mln barrels").
var reBareSum = regexp.MustCompile(`(?i)\b\d[\d,.]*\s*(?:mln|million|billion|bln|trillion)(?:\s*[,.;)]|\s*$|\s+(?:in|and|or|for|from|to|compared|versus|against|last|this|next|a year|each|when|while|but)\b)`)

// The ways news copy gives a date. dayAlternatives give a day (a date
// with its day of the month, a weekday, today, a numeric date);
// dateAlternatives any date or time, in the order reDateAns tries them.
var dayAlternatives, dateAlternatives = func() ([]string, []string) {
	dayMonthNum := `\b(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s+\d{1,2}\b`
	dayMonthWord := `\b(?:january|february|march|april|june|july|august|september|october|november|december)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|first|second|third)\b`
	dayNumMonth := `\b\d{1,2}\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)\b`
	monthNear := `\b(?:early|mid|late|in|by|next|last|this|since|until|before|after|end of|end-|week of|middle of)\s*-?(?:january|february|march|april|may|june|july|august|september|october|november|december)\b`
	weekday := `\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|tonight)\b`
	periodNear := `\b(?:this|last|next|earlier this|later this|end of the|the end of the|the coming|the past)\s+(?:week|month|year|quarter|weekend|spring|summer|autumn|fall|winter)\b`
	yearNear := `\b(?:in|since|by|until|from|of|during|after|before)\s+(?:(?:the|its|their|his|her|[a-z]+'s)\s+)?(?:1[89]\d\d|20\d\d)\b`
	quarter := `\b(?:first|second|third|fourth)[- ]quarter\b`
	numericDate := `\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b`
	clock := `\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d{2}\b` // "4:18 a.m."
	ordinalDay := `\b(?:on|by|until|since) the \d{1,2}(?:st|nd|rd|th)\b`               // "on the 15th"
	ago := `\b(?:days?|weeks?|months?|years?) ago\b`
	soon := `\b(?:soon|shortly|immediately|at once)\b` // not "recently", which dates nothing
	return []string{dayMonthNum, dayMonthWord, dayNumMonth, weekday, numericDate, ordinalDay},
		[]string{dayMonthNum, dayMonthWord, dayNumMonth, monthNear, weekday, periodNear, yearNear, quarter, numericDate, clock, ago, soon, ordinalDay}
}()

// reDayAns finds a day: a date with its day of the month, a weekday,
// today or yesterday, a numeric date.
var reDayAns = regexp.MustCompile(`(?i)` + strings.Join(dayAlternatives, "|"))

// reMoneyAsked matches a "how much" question about money: a price, a
// payment, a sum raised or spent.
var reMoneyAsked = regexp.MustCompile(`\b(?:pa(?:y|id|ying|ys)|costs?|costing|prices?d?|worth|cash|money|spen[dt]|spending|fees?|valu\w*|(?:sell|sells|selling|sold)\b[^?]{0,40}\bfor|bids?|bidding|offer\w*|deal|charg\w*|rais\w*|fund\w*|financ\w*|loans?|invest\w*|dlrs|dollars?|buy|bought|purchas\w*|acquir\w*|fetch\w*|salary|compensation|damages|dividends?|earn\w*|profits?|revenues?|sales|debt|tax\w*)\b`)

// reFigure matches a figure: a number that is not a lone year.
var reFigure = regexp.MustCompile(`\b\d{1,3}(?:,\d{3})+\b|\b\d+\.\d+\b|\b(?:1[0-7]|[1-9])?\d{1,2}\b(?:\s+(?:mln|million|billion|bln|pct|percent|per cent|dlrs|barrels|bpd|tonnes|tons|shares))|\b\d+\s*(?:mln|million|billion|bln|pct|percent|bpd)\b|(?i)\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|fifty|hundred)\s+(?:mln|million|billion|bln|pct|percent|per cent)\b`)

var (
	reCoverageNoun = regexp.MustCompile(`\b(outlets?|sources?|articles?|coverage|publications?|newspapers?|papers|media|news ?agenc(?:y|ies)|stories|reports?|wires?)\b`)
	reCompare      = regexp.MustCompile(`\b(agree|agreed|disagree|disagreed|differ|differs|differed|different(?:ly)?|differences?|compare|comparison|contradict\w*|consistent|inconsistent|conflicting|discrepanc\w+)\b`)
	// reAcrossCoverage matches a question about what all (or some) of the
	// outlets say: "do all the outlets say…", "is it the same in every
	// article", "which sources hedge".
	reAcrossCoverage = regexp.MustCompile(`\b(?:all|every|each|both|most|some|any|other|the other) (?:of )?(?:the |these |those )?(?:outlets?|sources?|articles?|reports?|papers|publications?|stories|newspapers?|news agencies)\b.*\b(?:say|says|said|report\w*|spell\w*|quote\w*|describ\w*|call\w*|give|gives|put|use|uses|agree\w*|hedge\w*|same)\b|\b(?:across|between) (?:the |these )?(?:outlets|sources|articles|reports|papers|publications|stories)\b|\b(?:outlets?|sources?|articles?|reports?) (?:differ|disagree|vary|varies)\b`)
	// reApart matches a question about how far two sources' figures or
	// claims are apart ("how far apart are…", "who said 12,000 and who
	// said 10,000").
	reApart    = regexp.MustCompile(`\bhow far apart\b|\bwho (?:said|says|gave|claims?|claimed) [^?]+\band who (?:said|says|gave|claims?|claimed)\b`)
	reOverview = regexp.MustCompile(`^(?:so\s+)?(?:what(?:'s| is| are)?\s+(?:the\s+)?(?:latest|news|up|new(?:\s+(?:with|on|about|in|from)\b|$)|happening|going on|goin on|the story|the situation|the deal)|what(?:'s| is)? going on|whats (?:up|new|happening|goin|going)|what happened|tell me (?:about|more)|(?:give me\s+)?(?:an?\s+)?(?:overview|summary|rundown|recap|update)|any (?:news|updates?)|what do (?:we|you) know|catch me up|fill me in)\b`)
	reDuration = regexp.MustCompile(`\bhow long\b|\bfor how many (?:days|weeks|months|years)\b|\buntil when\b`)
	rePercent  = regexp.MustCompile(`\b(?:what|which|how big an?|how large an?|how much of (?:a|the)?)\s*(?:\w+\s+)?(?:percentage|percent|pct|share of|proportion|stake|rate|interest)\b|\bwhat (?:\w+\s+)?(?:percentage|percent|rate)\b|\bhow big a stake\b`)
	reCount    = regexp.MustCompile(`\bhow many\b|\b(?:what|which) (?:is|was|were|are)? ?the (?:total )?number of\b|\bhow much (?:troops|people|soldiers|workers|staff|shares)\b`)
	reAmount   = regexp.MustCompile(`\bhow much\b|\bwhat (?:did|does|do|will|would|could|might) [\w\s'-]{1,60}\b(?:sell|go|fetch|auction|trade|lease|rent)\s+(?:[\w'-]+\s+){0,4}for(?:\s+(?:in|at|on)\b[\w\s'-]*)?\s*\??\s*$|\b(?:what|which) (?:\w+\s+)?(?:price|cost|sum|amount|value|fee|figure|salary|wages?|fine|bail|ransom|bonus|fare|rent)\b|\bfor how much\b|\bhow expensive\b|\bwhat (?:is|was|are|were|will|would|did|does|do) [\w\s'-]{0,60}\b(?:pay|paying|paid|cost|costs|bid|bidding|offer|offering|offered|worth|spend|spent|charge|raise|raised)(?:\s+(?:for|per|a|each|to|in|on)\b.*)?$|\bwhat (?:is|was|are|were|will|would|did|does|do) [\w\s'-]{0,60}\bvalu(?:e|es|ed|ing)\b[\w\s'-]{0,40}\bat$`)
	reDate     = regexp.MustCompile(`^(?:and\s+|so\s+)?when\b|\b(?:what|which|on what|by what|since what|at what) (?:(?:exact|precise|specific|particular) )?(?:date|day|time|hour|year|month|week)\b|\bby when\b|\bsince when\b|\bhow soon\b`)
	rePlace    = regexp.MustCompile(`^(?:and\s+|so\s+)?where\b|\b(?:what|which|in what|in which) (?:[a-z'-]+ ){0,2}?(?:country|countries|city|cities|town|towns|village|region|regions|place|area|state|province|district|county|port|base|location|part)\b|\bwhere(?:'s| is| are)\b`)
	rePerson   = regexp.MustCompile(`^(?:and\s+|so\s+)?(?:who|whom|whose)\b|\b(?:who|whom)(?:'s| is| are| was| were| will| did)?\b|\b(?:what (?:\w+\s+)?|which (?:[\w'-]+\s+){0,2}?)(?:official|person|man|woman|people|leader|minister|diplomat|ambassador|envoy|spokesman|spokeswoman|spokesperson|director|executive|officer|chairman|president|analyst|journalist|photographer|reporter|lawmaker|senator|general|commander|agency|body|organi[sz]ation|group|firm|company|bank|investor|buyer|bidder|owner|shareholder)\b`)
	reName     = regexp.MustCompile(`^(?:and\s+|so\s+)?(?:which|what) (\w+)\b`)
	reCalled   = regexp.MustCompile(`\bwhat (?:is|was|will|would|are|were)\b[\w\s'-]{1,80}\b(?:be )?(?:called|named|known as)$|\bwhat(?:'s| is| was| will be) (?:the )?(?:new )?name\b`)
	reRate     = regexp.MustCompile(`\b(\w+) rates?\b`)
	reQuote    = regexp.MustCompile(`\b(?:what|how) (?:did|does|do|has|have|had|was|were|is) [\w\s',.-]{1,80}\b(?:say|said|saying|says|call|calling|called|describe|describing|described|characteri[sz]e\w*|label\w*|tell|told|react|respond|reply|replied|put it|word\w*|comment\w*|claim\w*|warn\w*|announce\w*)\b|\bwhat(?:'s|s| is| are)\s+[\w\s',.-]{1,60}\b(?:saying|claiming|telling|reporting)\b|\bsay anything\b|\bany comment\b`)
	// reWordChoice matches a question on the word someone used ("what word
	// did nebenzia use for the claims"): what they called it, their words.
	reWordChoice = regexp.MustCompile(`\b(?:what|which) (?:(?:other|else|exact|specific) )?(?:words?|terms?|phrases?|labels?|adjectives?|expressions?) (?:did|does|do|has|have|had|was|were) [\w\s',.-]{1,80}\b(?:use|used|using|give|gave|pick|picked|choose|chose|apply|applied|put)\b`)
	// wordChoiceWords are the words of such a question that only ask for the
	// word: no passage need hold them.
	wordChoiceWords = toSet("word words term terms phrase phrases label labels adjective adjectives expression expressions use used using give gave pick picked choose chose apply applied put")
	// reQuoteNoun: a question about someone's reaction or statement asks
	// for their words, unless it is a yes/no question about it ("did the
	// response get much notice").
	reQuoteNoun = regexp.MustCompile(`\b(?:reaction|response|comment|statement|words)\b`)
	// reCondition matches a question asking on what condition something
	// holds or happens ("under what circumstances would the pact apply",
	// "what conditions are attached to the offer").
	reCondition = regexp.MustCompile(`\b(?:under|in|on) (?:what|which) (?:circumstances?|conditions?|case|cases)\b|\bwhat (?:are|were|is|was) the (?:conditions?|preconditions?)\b|\bwhat (?:conditions?|preconditions?|strings)\b[^?]{0,40}\b(?:attached|set|imposed|placed|demand\w*|require\w*)\b|\bsubject to what\b|\bwhat would (?:trigger|activate|set off)\b|\bwhat (?:does|do|did|will|would|is|are|was|were) [^?]{1,60}\b(?:depend|depends|hinge|hinges|contingent|conditional|subject)(?: up)?(?: on| to)?$`)
	// reSource matches a question about where a report came from ("who
	// tipped off Yonhap", "what's the source for that", "how do they
	// know", "112.ua got its story from which agency").
	reSource = regexp.MustCompile(`\bwho (?:tipped|tips|leaked|leaks|briefed|informed|told|gave)\b[^?]{0,30}\b(?:yonhap|reuters|afp|ap|kcna|reporters?|journalists?|media|press|agency|paper|newspaper|news)\b|\bwho (?:tipped|leaked)\b|\b(?:what|who)(?:'s|s| is| was| are| were) (?:the )?sources?\b|\bwhat sources?\b|\bhow (?:do|does|did) (?:they|we|you|he|she|it|[\w'-]+(?: [\w'-]+)?) know\b|\baccording to whom\b|\bbased on what\b|\bwhere (?:did|does|do|is|are) (?:[\w.'-]+ ){1,5}(?:get|getting|got|hear|heard|learn|learned|find|found)\b[^?]*\bfrom\b|\b(?:get|gets|got|getting|take|takes|took|have|has|had)\b (?:[\w.'-]+ ){0,4}(?:story|report|news|information|info|figures?|numbers?|claims?|quotes?) from (?:which|what|whom)\b`)
	// reEvidence matches a question asking what shows a claim to be
	// true ("is there any actual evidence…", "what proof is there").
	reEvidence = regexp.MustCompile(`^(?:and\s+|so\s+|but\s+)?(?:is|was|are|were) there (?:any |some )?(?:actual |real |hard |concrete |independent |visual )?(?:evidence|proof|confirmation|footage|video|photos?|pictures?)\b|\bwhat (?:evidence|proof)\b|\bany (?:actual |real |hard )?(?:evidence|proof)\b|\b(?:has|have) (?:anyone|anybody) (?:confirmed|verified|proven|proved)\b`)
	// reTrend matches "where is X heading": a question on a direction or
	// a trend, which "where" does not make a place question.
	reTrend = regexp.MustCompile(`^(?:and\s+|so\s+)?where(?:'s|s)?\b[^?]*\b(?:heading|headed|going|trending|moving|go|move|end up)$`)
	// reNameOf matches "what is the name of the X": its group is X's noun.
	reNameOf = regexp.MustCompile(`^(?:and\s+|so\s+)?(?:(?:what(?:'s|s| is| was| were| are)|tell me|give me) the )?names? of (?:the |a |an |this |that )?(?:[\w'-]+\s+){0,2}?([\w'-]+)(?:\s+(?:that|which|who|whose|in|on|at|from|of|involved|behind|where|with|for)\b.*)?$`)
	reReason = regexp.MustCompile(`^(?:and\s+|so\s+)?why\b|\bwhat (?:is|was|were|are) the reasons?\b|\bfor what reason\b|\bhow come\b`)
	reYesNo  = regexp.MustCompile(`^(?:and\s+|so\s+|but\s+)?(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|shall|may|might|must|isn't|aren't|wasn't|weren't|don't|doesn't|didn't|hasn't|haven't|won't)\b`)
)

// metaWords are the words of a question about the coverage itself that
// name no topic ("which outlets covered this", "when were these published").
var metaWords = toSet(`cover covered covering covers publish published publishes publishing report reported reports reporting
write wrote written writes run ran carry carried date dated dates have has list show available topic this these story stories
article articles outlet outlets source sources coverage publication publications newspaper newspapers paper papers media wire wires
agency agencies news you your bot do does did which what when who how many all any there get got`)

// questionText is q as readQuestion reads it: normalised, lower case,
// without closing punctuation.
func questionText(q string) string {
	l := strings.ToLower(corpus.Normalize(q))
	return strings.TrimSpace(strings.Trim(l, "?!. "))
}

// readQuestion reads what q asks for. q should already have chat shorthand
// expanded.
func readQuestion(q string) Question {
	l := questionText(q)
	out := Question{Text: q}
	switch {
	case isInventory(l):
		out.Kind = KindInventory
	case reStandsFor.MatchString(l):
		// "nis stands for what", "what does wti stand for": the phrase
		// whose initials it is.
		m := reStandsFor.FindStringSubmatch(l)
		out.Kind, out.Acronym = KindCalled, m[1]+m[2]
	case isMeta(l):
		out.Kind = KindCoverage
	case reCompare.MatchString(l) && (reCoverageNoun.MatchString(l) || strings.Contains(l, " they ") || strings.Contains(l, "everyone")),
		reAcrossCoverage.MatchString(l), reApart.MatchString(l):
		out.Kind = KindCompare
	case reOverview.MatchString(l) && len(terms(l)) <= 5:
		out.Kind = KindOverview
	case reCondition.MatchString(l):
		out.Kind = KindCondition
	case reSource.MatchString(l):
		out.Kind = KindSource
	case reEvidence.MatchString(l):
		out.Kind = KindEvidence
	case reAge.MatchString(l):
		out.Kind = KindAge
	case reDuration.MatchString(l):
		out.Kind = KindDuration
	case reNamesOf.MatchString(l) && nameOfFocus(reNamesOf.FindStringSubmatch(l)[1]) != "":
		// "what are the names of the sealy licensees ohio mattress
		// bought": the names of people or bodies the question describes.
		out.Kind = KindCalled
		out.Focus = []string{stem(nameOfFocus(reNamesOf.FindStringSubmatch(l)[1]))}
	case reOwnName.MatchString(l):
		// "what's gordon lonsdale's real name": a name the question does
		// not already give.
		out.Kind, out.ownName = KindCalled, true
	case reNameOf.MatchString(l):
		// "what was the name of the tanker that…": the name of
		// something the coverage has, given beside it ("a Cypriot oil
		// tanker, Seapride II").
		out.Kind = KindCalled
		out.Focus = []string{stem(reNameOf.FindStringSubmatch(l)[1])}
	case reCalled.MatchString(l):
		out.Kind = KindCalled
	case rePercent.MatchString(l):
		out.Kind = KindPercent
		if m := reRate.FindStringSubmatch(l); m != nil {
			out.Focus = []string{stem("rate")}
			if !stopwords[m[1]] && !questionWord[m[1]] {
				out.Focus = append(out.Focus, stem(m[1]))
			}
		}
	case reCount.MatchString(l):
		out.Kind = KindCount
		out.Focus = countFocus(l)
	case reAmount.MatchString(l):
		// "how much gas did Argentina produce": a quantity, given in its
		// own unit; only a question on money wants a sum of money.
		out.Kind, out.Quantity = KindAmount, strings.Contains(l, "how much") && !reMoneyAsked.MatchString(l)
		// "what's the exchange ratio pittston offered": a ratio is a bare
		// figure ("0.523 share for each"), not a sum of money.
		out.Quantity = out.Quantity || reRatio.MatchString(l)
		out.Focus = amountFocus(l)
	case reQuantity.MatchString(l):
		out.Kind, out.Quantity = KindAmount, true
	case reNumbersAsked.MatchString(l):
		// "which un resolution numbers": figures, whatever they count.
		out.Kind, out.Quantity = KindAmount, true
	case reHowFar.MatchString(l) && !reChange.MatchString(l) && !reRelative.MatchString(l):
		// "how far did they drive"; not "how far did output fall" nor
		// "how far under the high", which a sum or a percentage answers.
		out.Kind, out.measure = KindAmount, "distance"
	case reHowFast.MatchString(l):
		out.Kind, out.measure = KindAmount, "speed"
	case reHowBig.MatchString(l):
		// "how large are qatar's foreign reserves", "how big a
		// contingent": a size, which only a figure gives.
		out.Kind, out.Quantity = KindAmount, true
	case reDate.MatchString(l):
		out.Kind, out.Exact = KindDate, reExactDate.MatchString(l)
		out.Clock = reClockAsked.MatchString(l) && !reNotClock.MatchString(l)
	case (reQuote.MatchString(l) || reWordChoice.MatchString(l) || reQuoteNoun.MatchString(l) && !reYesNo.MatchString(l)) && !rePerson.MatchString(firstClause(l)):
		out.Kind = KindQuote
	case reTrend.MatchString(l):
		// "where does the group see prices heading": a direction, not a
		// place; any sentence on it answers.
	case rePlace.MatchString(l):
		out.Kind = KindPlace
	case rePerson.MatchString(l):
		out.Kind = KindPerson
	case reReason.MatchString(l):
		out.Kind = KindReason
	case reYesNo.MatchString(l):
		out.Kind = KindYesNo
	default:
		if m := reName.FindStringSubmatch(l); m != nil && m[1] != "" && !stopwords[m[1]] && !questionWord[m[1]] {
			out.Kind = KindName
			out.Focus = []string{stem(m[1])}
			out.Named = namedNoun(l)
		}
	}
	if m := reWhichOrg.FindStringSubmatch(l); m != nil {
		out.orgNoun = m[1]
		if out.Kind == KindPlace && !reWhere.MatchString(l) {
			out.Kind = KindName // "which state agency": an agency, not a state
		}
	}
	out.country, out.locality = reWhichCountry.MatchString(l), reWhichLocality.MatchString(l)
	lower := strings.ToLower(q)
	out.nation, out.inMoney = moneyNation(lower), reInMoney.MatchString(lower)
	out.roleSays, out.identity = roleSpeaks.MatchString(lower), reWhoIsThe.MatchString(lower)
	if reProductAsked.MatchString(l) && (out.Kind == KindAny || out.Kind == KindName) {
		out.Kind, out.product, out.Focus = KindName, true, nil
	}
	if m := reSortOf.FindStringSubmatch(l); m != nil && !stopwords[m[1]] && out.Kind != KindCompare && out.Kind != KindCoverage && out.Kind != KindInventory {
		out.Kind, out.sortOf, out.Focus = KindName, stem(m[1]), []string{stem(m[1])}
	}
	return out
}

// reProductAsked matches a question on what a firm makes or sells;
// reProductAns a sentence that says it.
var (
	reProductAsked = regexp.MustCompile(`\bwhat (?:do|does) [\w\s'&.-]{1,60}?\b(?:make|produce|manufacture|sell)\b`)
	reProductAns   = regexp.MustCompile(`(?i)\b(?:makes?|maker|makers|manufactur\w*|produc(?:es|er|ers)|sells|seller|supplier|suppliers|distributor|retailer)\b`)
)

// reSortOf matches a question on what kind of thing something is; its
// group is the thing.
var reSortOf = regexp.MustCompile(`\b(?:what|which) (?:kinds?|types?|sorts?) of ([a-z'-]+)`)

// qualified reports whether s names thing (a stem) with a word before it
// that says which kind: not a stop word, a number, a verb's -ing or -ed
// form, or a word of the question ("regular troops", not "sending
// troops").
func qualified(s, thing, question string) bool {
	asked := toSetSlice(terms(question))
	ws := words(s)
	for i := 1; i < len(ws); i++ {
		if stem(ws[i]) != thing {
			continue
		}
		p := ws[i-1]
		if stopwords[p] || lang.IsStop(p) || isNumber(p) || asked[stem(p)] || strings.HasSuffix(p, "ing") || strings.HasSuffix(p, "ed") {
			continue
		}
		// Of what the question asks about: another of its words stands
		// near ("1,500 soldiers to Vladivostok for adaptation training"),
		// not "the development of nuclear weapons" for what was sent.
		for j := max(0, i-1-alignWindow); j < len(ws) && j <= i+alignWindow; j++ {
			if j != i && j != i-1 && asked[stem(ws[j])] && stem(ws[j]) != thing {
				return true
			}
		}
	}
	return false
}

// namedNoun reports whether the "which X" question l asks for a thing
// news calls by its name: X, or one of the two words after it, is such a
// noun ("which newspaper", "which russian bank").
func namedNoun(l string) bool {
	ws := words(l)
	for i, w := range ws {
		if w != "which" && w != "what" {
			continue
		}
		for _, x := range ws[i+1 : min(len(ws), i+4)] {
			if namedNouns[x] {
				return true
			}
			if auxiliary[x] {
				break
			}
		}
		return false
	}
	return false
}

// namedNouns are the things news names: asked "which" of them, a sentence
// that does not give a name does not answer.
var namedNouns = toSet(`newspaper newspapers paper papers daily outlet outlets publication magazine channel broadcaster website
account accounts brand company companies firm firms bank banks airline exchange refinery tanker ship vessel hotel university
party fund broker brokerage subsidiary unit division plant mine field newspaper's`)

// firstClause is the question up to its first verb of speech, so that
// "who said X" reads as a who question, "what did Y say" as a quote one.
func firstClause(l string) string {
	if i := strings.IndexAny(l, ",;"); i > 0 {
		return l[:i]
	}
	return l
}

// isMeta reports whether lower-case question l is about the coverage
// itself: it names outlets, articles or sources and asks nothing else.
func isMeta(l string) bool {
	if !reCoverageNoun.MatchString(l) && !strings.Contains(l, "publish") {
		return false
	}
	for _, w := range words(l) {
		if !stopwords[w] && !metaWords[w] && !questionWord[w] {
			return false
		}
	}
	return true
}

// countFocus returns the stems of what a "how many" question counts: the
// content words right after "how many" (or "number of"), up to the verb.
func countFocus(l string) []string {
	ws := countWords(l)
	for i, w := range ws {
		ws[i] = stem(w)
	}
	return ws
}

// countWords returns what a "how many" question counts, as asked.
func countWords(l string) []string {
	i := strings.Index(l, "how many ")
	n := len("how many ")
	if i < 0 {
		if i = strings.Index(l, "number of "); i < 0 {
			return nil
		}
		n = len("number of ")
	}
	var out []string
	for _, w := range words(l[i+n:]) {
		if stopwords[w] || questionWord[w] || auxiliary[w] {
			break
		}
		out = append(out, w)
		if len(out) == 4 {
			break
		}
	}
	return out
}

// reCasualty finds the words news counts casualties with: a count of
// them answers only a question on them, in any of these words.
var reCasualty = regexp.MustCompile(`(?i)\b(?:kill(?:ed|s|ing)?|die[ds]?|dying|dead|deaths?|casualt(?:y|ies)|wound(?:ed|s)?|injur(?:ed|ies|y)|captured|prisoners?|missing in action|fatalit(?:y|ies)|losses)\b`)

// reWhichOrg matches a question asking which organisation did something;
// its group is the organisation's noun.
var reWhichOrg = regexp.MustCompile(`\b(?:which|what) (?:[a-z'-]+ ){0,2}?(compan(?:y|ies)|firms?|authorit(?:y|ies)|agenc(?:y|ies)|banks?|bod(?:y|ies)|organi[sz]ations?|institutions?|ministr(?:y|ies)|newspapers?|papers?|magazines?|broadcasters?|networks?|channels?|stations?|websites?|outlets?)\b`)

// mediaNouns are the stems of the words for a news outlet.
var mediaNouns = toSetSlice(terms("newspaper newspapers paper papers daily dailies weekly magazine magazines broadcaster broadcasters network networks channel channels station stations website websites outlet outlets agency television tv radio"))

// mediaFocus is mediaNouns as a list, for nameBeside.
var mediaFocus = slices.Sorted(maps.Keys(mediaNouns))

// firmNouns are the stems of the nouns that ask for a company.
var firmNouns = toSet(stem("company") + " " + stem("companies") + " " + stem("firm") + " " + stem("bank") + " " + stem("corporation"))

// orgHeads are the words that end an organisation's name.
var orgHeads = toSet(`inc corp co cos ltd plc sa ag nv spa bv kk group holdings company companies corporation bank ministry agency authority
service commission council bureau department office directorate committee exchange institute association board court union fund trust`)

// orgNamed reports whether s names an organisation the question q does
// not: a name beside the organisation's noun ("the company, Sealy"), a
// capitalised name holding a word organisations' names end in ("Texaco
// Inc", "the Spanish Health Ministry"), initials ("AFP"), or a Reuters
// ticker name.
func orgNamed(s string, q Question, noun string) bool {
	focus := []string{stem(noun)}
	if mediaNouns[stem(noun)] {
		focus = mediaFocus // "which newspaper": "the Kuwaiti daily al-Qabas"
	}
	if nameBeside(s, Question{Text: q.Text, Focus: focus}) {
		return true
	}
	if firmNouns[stem(noun)] && strings.Contains(s, " <") {
		return true // "<Antibioticos SA>": wire copy marks a company so; no authority
	}
	asked := toSetSlice(terms(q.Text))
	ws := lang.FoldWords(s)
	for i, w := range ws {
		// "(AFP)", "NIS": an organisation by its initials; not "SA" or a
		// ticker ("<MONI.MI>").
		raw := s[w.Start:w.End]
		if len(raw) < 2 || len(raw) > 6 || strings.ToUpper(raw) != raw || isNumber(w.Text) || asked[stem(w.Text)] || legalForms[w.Text] {
			continue
		}
		if w.Start > 0 && (s[w.Start-1] == '<' || s[w.Start-1] == '.') || i+1 < len(ws) && ws[i+1].Start == w.End+1 && s[w.End] == '.' {
			continue
		}
		return true
	}
	for _, r := range capitalisedRuns(s, ws) {
		rs := lang.FoldWords(r.text)
		for i, w := range rs {
			if legalForms[w.Text] && !firmNouns[stem(noun)] {
				continue // "Antibioticos SA" is a company, not an authority
			}
			if i > 0 && w.Upper && orgHeads[w.Text] && slices.ContainsFunc(rs[:i], func(w lang.Word) bool { return w.Upper && !asked[stem(w.Text)] && !capsStop[w.Text] }) {
				return true
			}
		}
	}
	return false
}

// reNamesOf matches a question asking for the name of someone or some
// body the question describes; its group is the description.
var reNamesOf = regexp.MustCompile(`^(?:and\s+|so\s+)?(?:(?:what(?:'s|s| is| was| were| are)|tell me|give me) the )?names? of (?:the |a |an |this |that |those |these )?(.+)$`)

// nameOfFocus returns, of the first four words of a description ("2
// miller tabak representatives going on the board"), the one that says
// who is named: a role or a word for people, or an agent noun
// ("licensees", "owners"); "" if none.
func nameOfFocus(desc string) string {
	ws := words(desc)
	for _, w := range ws[:min(4, len(ws))] {
		if roleNouns[w] || personNouns[w] || roleNouns[strings.TrimSuffix(w, "s")] || reAgentNoun.MatchString(w) {
			return w
		}
	}
	return ""
}

// reAgentNoun matches a plural noun for people who do something.
var reAgentNoun = regexp.MustCompile(`^[a-z]{3,}(?:ees|ers|ors|ists|ants|ents)$`)

// personNouns stand for someone in chat ("ukraine's guy at the un").
var personNouns = toSet("guy guys man woman person people rep reps representative folks dude")

// amountFocus returns the stems of what a "how much X" question measures
// ("how much revenue does…": revenue), nil for "how much did…".
func amountFocus(l string) []string {
	_, rest, ok := strings.Cut(l, "how much ")
	if !ok {
		return nil
	}
	if m := reCostOf.FindStringSubmatch(l); m != nil && !stopwords[m[1]] && !lang.IsStop(m[1]) {
		// "how much would the bigger reserve cost": a sum beside the
		// reserve, not any price the story gives.
		return []string{stem(m[1])}
	}
	if m := reSpendOn.FindStringSubmatch(rest); m != nil && !stopwords[m[1]] {
		// "how much is qatar spending on defence": the sum beside
		// defence, not the budget's total.
		return []string{stem(m[1])}
	}
	var out []string
	for _, w := range words(rest) {
		if stopwords[w] || questionWord[w] || auxiliary[w] {
			// "how much revenue does Qatar expect": what is measured
			// comes before the auxiliary that puts the question; "how
			// much Exco is paying" names the payer there instead.
			if !doAuxiliary[w] {
				return nil
			}
			break
		}
		out = append(out, stem(w))
		if len(out) == 3 {
			return nil
		}
	}
	return out
}

// reCostOf finds, in a "how much would X cost" question, the word
// before the verb: what costs.
var reCostOf = regexp.MustCompile(`\bhow much (?:do|does|did|will|would|could|might|should)\s+(?:[a-z'-]+\s+){0,6}?([a-z]+)\s+(?:cost|costs|be worth)\b`)

// reSpendOn finds what a sum is spent on in a "how much" question.
var reSpendOn = regexp.MustCompile(`\b(?:spen(?:d|ds|ding|t)|allocat\w*|earmark\w*|budget\w*)\s+(?:\w+\s+)?(?:on|for)\s+(?:the\s+)?([a-z]+)`)

// doAuxiliary put a question before its subject: "how much X does Y…".
var doAuxiliary = toSet("do does did will would can could should has have had")

var auxiliary = toSet("is are was were be been being do does did has have had will would can could should shall may might must get got go going went")

// numberWord matches a number from one to ninety-nine spelled out
// ("seven", "seventeen", "thirty-one"), as papers write small numbers and
// ages; tensWord only the tens and their compounds, which alone after a
// name and a comma are an age ("The senator, seventy-one, died").
const (
	tensWord   = `(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?`
	numberWord = `(?:` + tensWord + `|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|one|two|three|four|five|six|seven|eight|nine)`
)

var (
	// reMoney finds a sum of money as newswire writes it: "$27", "27 dlrs",
	// "3.6 mln stg", "700p", "400 mln crowns", "three mln dlrs".
	reMoney       = regexp.MustCompile(`(?i)(?:[$£€¥]\s?\d)|(?:\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|hundreds of|thousands of|millions of|billions of)\s*(?:(?:mln|million|billion|bln|trillion|thousand|m|bn)\s+)?(?:(?:u\.?s\.?|american|canadian|australian|new zealand|hong kong|singapore|taiwan|saudi|swiss|french|belgian|danish|swedish|norwegian|japanese|german|mexican|brazilian|malaysian|indian)\s+)?(?:dlrs?|dollars?|cents?|cts|crowns?|pence|p|yen|marks?|francs?|pounds?|stg|sterling|euros?|won|rubles?|roubles?|yuan|renminbi|lire|lira|rupees?|pesos?|rand|guilders?|shekels?|riyals?|dinars?|usd|eur|gbp)\b)|\b\d[\d,.]*p\b`)
	rePercentAns  = regexp.MustCompile(`(?i)(?:\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?)\s*(?:pct|percent|per cent|%)|\b(?:half|a third|a quarter|two-thirds|three-quarters|majority|all)\s+(?:of|stake)\b`)
	reDateAns     = regexp.MustCompile(`(?i)` + strings.Join(dateAlternatives, "|"))
	reChange      = regexp.MustCompile(`(?i)\bby how much\b|\b(?:devalu|drop|fall|fell|rise|rose|risen|cut|rais|increas|decreas|declin|grow|grew|gain|los[te]|jump|climb|slip|slump|plung|soar|reduc|lower|boost|shr[iu]nk|expand|advanc|surg|tumbl|rebound|apprecia|depreciat|widen|narrow|dwindl|slid)\w*|\b(?:dip|dips|dipped|sink|sinks|sank|sunk|spike[sd]?)\b`)
	reKinAge      = regexp.MustCompile(`(?i)\b(?:\d+|` + numberWord + `)\s*-?\s*years?\s*-?\s*old\s+(son|sons|daughter|daughters|wife|husband|boy|boys|girl|girls|child|children|brother|sister|mother|father|grandson|granddaughter|baby|nephew|niece)\b`)
	reAge         = regexp.MustCompile(`\bhow old\b|\bwhat ages?\b|\bat what age\b`)
	reAgeAns      = regexp.MustCompile(`(?i)\b(?:\d+|` + numberWord + `)\s*-?\s*years?\s*-?\s*old\b|[a-z.)],\s+(?:\d{1,2}|` + tensWord + `),\s|\baged?\s+(?:between\s+)?\d+|\bages?\s+(?:of\s+|as\s+|was\s+|is\s+)?\d+|\bin (?:their|his|her) (?:teens|twenties|thirties|forties|fifties|sixties|seventies|eighties)\b|\bteenage|\b\d0s\b|\bnow\s+\d{1,2},\s|^at\s+\d{1,2},\s+(?:he|she)\b`)
	reDurationAns = regexp.MustCompile(`(?i)\b(?:\d[\d,.]*|` + numberWord + `|several|a few|many)\s*-?\s*(?:days?|weeks?|months?|years?|hours?|minutes?|decades?)\b|\b(?:until|till|through|since|indefinitely|permanently|temporar\w+|for good)\b`)
	reCountWord   = regexp.MustCompile(`(?i)^(?:\d[\d,.]*|` + numberWord + `|hundred|hundreds|thousand|thousands|dozen|dozens|several|mln|million|millions|billion|bln)$`)
	reNaming      = regexp.MustCompile(`(?i)(?:^|[^\w-])(?:called|named|renamed|rename|known as|dubbed|under the name|will be)\b`) // not "so-called"
	// roleNouns answer a who question without a name ("a government source").
	roleNouns = toSet(`source sources official officials spokesman spokeswoman spokesperson minister ministry ambassador envoy president chairman
chief director executive analyst analysts agency intelligence government lawmaker lawmakers senator general commander company firm group
bank investor investors buyer bidder owner shareholders shareholder committee board council court prosecutor police military army
office service department photographer reporter correspondent diplomat diplomats leader leaders secretary representative`)
)

// carries reports whether sentence s (with its neighbour context) holds
// the kind of answer question q asks for. Words already in the question do
// not count as an answer (a question that names Kim is not answered by
// Kim's name).
func carries(q Question, s string) bool {
	ns := corpus.Normalize(s)
	if (q.Kind == KindAmount || q.Kind == KindCount || q.Kind == KindPercent) && !reDifference.MatchString(strings.ToLower(q.Text)) {
		// "how many of the 1,500…": not 1,500. A difference ("how many
		// more of the 12,000") is worked out from the figures it gives.
		ns = dropAskedFigures(q.Text, ns)
	}
	switch q.Kind {
	case KindAmount:
		switch q.measure {
		case "distance":
			return reDistanceAns.MatchString(ns)
		case "speed":
			return reSpeedAns.MatchString(ns) || rePercentAns.MatchString(ns) // "how fast is output growing": a rate
		}
		// A percentage answers "how much of" and "by how much did it fall";
		// "how big a gain in dollars" asks for the sum itself.
		if q.nation != "" {
			// "in us cents": not a sum in Canadian cents.
			return slices.ContainsFunc(reMoney.FindAllString(ns, -1), func(m string) bool {
				other := moneyNation(strings.ToLower(m))
				return other == "" || other == q.nation
			})
		}
		if q.inMoney {
			return reMoney.MatchString(ns) || reBareSum.MatchString(ns)
		}
		if q.Quantity && reFigure.MatchString(ns) {
			return true
		}
		return reMoney.MatchString(ns) || reBareSum.MatchString(ns) || rePercentAns.MatchString(ns) && (reHowMuchOf.MatchString(strings.ToLower(q.Text)) || reChange.MatchString(q.Text))
	case KindPercent:
		// "what interest rate": a percentage said to be that rate.
		return rePercentAns.MatchString(ns) && (len(q.Focus) == 0 || hasAny(toSetSlice(terms(ns)), q.Focus))
	case KindCalled:
		if q.ownName {
			return slices.ContainsFunc(newNames(ns, q.Text), func(n string) bool {
				_, demonym := lang.Demonym(n)
				return !demonym && len(n) > 1
			})
		}
		if q.Acronym != "" {
			return spellsOut(ns, q.Acronym)
		}
		if len(q.Focus) > 0 {
			return nameBeside(ns, q) // "the name of the tanker": a name beside the tanker
		}
		return reNaming.MatchString(ns)
	case KindDate:
		return len(newDates(q, ns)) > 0
	case KindDuration:
		return reDurationAns.MatchString(ns)
	case KindAge:
		// "mother of a 23-year-old son": the son's age, not hers, unless
		// the question asks about the son.
		if reKinAge.MatchString(ns) {
			asked := toSetSlice(terms(q.Text))
			ns = reKinAge.ReplaceAllStringFunc(ns, func(m string) string {
				if asked[stem(reKinAge.FindStringSubmatch(m)[1])] {
					return m
				}
				return " "
			})
		}
		return reAgeAns.MatchString(ns)
	case KindCount:
		if reCasualty.MatchString(q.Text) && !reCasualty.MatchString(ns) {
			return false // "how many were killed": not how many were sent
		}
		return countIn(ns, q.Focus)
	case KindPerson:
		if q.orgNoun != "" {
			// "which oil company said…": the name of a company, not of
			// whoever else the sentence names.
			return orgNamed(ns, q, q.orgNoun)
		}
		if personRole(q.Text) {
			// "Who was the coast guard spokesman": a name given to a
			// person's role, not a name anywhere in the sentence. "Which
			// analyst said…" is answered by the one quoted saying it,
			// whose role the sentence may leave out.
			return namedRole(ns, q.Text) || q.roleSays && namedSpeaker(ns, q.Text)
		}
		// "South Korean" names no one, and "who was the source" is not
		// answered by a country.
		return slices.ContainsFunc(newNames(ns, q.Text), func(n string) bool {
			_, demonym := lang.Demonym(n)
			return !demonym && !(q.identity && (placeStem(n) || placeWords[stem(n)]))
		}) || hasNewRole(ns, q.Text, q.identity)
	case KindPlace:
		if !reWhere.MatchString(q.Text) {
			if q.country {
				// "which countries…": names of them.
				return slices.ContainsFunc(newNames(ns, q.Text), func(n string) bool { return placeStem(strings.ToLower(n)) })
			}
			if !q.locality {
				return len(newNames(ns, q.Text)) > 0
			}
			// "which city was he in": a place the sentence puts something
			// in, not any name.
		}
		if reWhere.MatchString(q.Text) && reMediaAsked.MatchString(strings.ToLower(q.Text)) && reVenue.MatchString(ns) {
			return true // "where did the video show up": "on social media"
		}
		return placeIn(ns, q.Text) || basedNear(ns, q.Text)
	case KindName:
		if q.product {
			return reProductAns.MatchString(ns)
		}
		if q.sortOf != "" {
			return qualified(ns, q.sortOf, q.Text)
		}
		if q.orgNoun != "" {
			// "which ukrainian intel agency…": the name of an agency.
			return orgNamed(ns, q, q.orgNoun)
		}
		return len(newNames(ns, q.Text)) > 0
	case KindReason:
		// "employed since January, 1946", "after Jan. 20": a time, not a
		// reason.
		return reReasonAns.MatchString(reTimeAfter.ReplaceAllString(ns, " "))
	case KindCondition:
		return reConditionAns.MatchString(ns)
	case KindSource:
		return reSourceAns.MatchString(ns)
	case KindEvidence:
		return reEvidenceAns.MatchString(ns)
	case KindQuote:
		if reSpeech.MatchString(ns) || quoted.MatchString(ns) {
			return true
		}
		for _, w := range words(ns) {
			if speakingVerbs[w] {
				return true // "posted on X that…", "declined to confirm"
			}
		}
		return false
	}
	return true
}

// reOwnName matches a question on a person's real, full or other name.
// "who are the krogers really", "who does the fbi say they really are":
// the name they go under is not theirs.
var reOwnName = regexp.MustCompile(`\b(?:real|true|full|actual|birth|maiden|given|first|last|code|middle) names?\b|\bwho\b[^?]*\breally\b`)

// reHowFar and reHowFast match questions on a distance or a speed;
// reDistanceAns and reSpeedAns a figure in their units ("a journey of
// 2809 miles", "a 200-foot tower", "420 m.p.h.").
var (
	reHowFar      = regexp.MustCompile(`\bhow far\b|\bwhat distance\b`)
	reRelative    = regexp.MustCompile(`\b(?:under|over|below|above|behind|ahead|short of|off)\b`)
	reHowFast     = regexp.MustCompile(`\bhow fast\b|\b(?:what|which|top) speed\b`)
	reDistanceAns = regexp.MustCompile(`(?i)\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|hundreds of|thousands of)\s*-?\s*(?:miles?|mi\.|kilometers?|kilometres?|km|feet|foot|ft\.?|yards?|meters?|metres?|blocks?|inches)\b`)
	reSpeedAns    = regexp.MustCompile(`(?i)\b\d[\d,.]*\s*-?\s*(?:m\.p\.h\.?|mph|miles? (?:an|per|a) hour|km/h|kph|kilomet(?:er|re)s? (?:an|per) hour|knots?)|\bmach \d|\bspeeds? of \d`)
)

// reNumbersAsked matches a question asking which numbers something has.
var reNumbersAsked = regexp.MustCompile(`^(?:and\s+|so\s+)?(?:which|what) (?:[a-z'.-]+ ){0,3}?numbers?\b`)

// reReasonAns finds a sentence that gives a reason or a purpose.
var reReasonAns = regexp.MustCompile(`(?i)\b(?:because|due to|owing to|as a result|result of|in order to|so that|so as to|since|citing|cited|amid|reasons?|aimed at|aims? to|designed to|intended to|in response|response to|blamed|attributed|out of|to (?:help|boost|reduce|cut|avoid|raise|protect|meet|allow|fund|finance|support|comply|concentrate|focus|improve|expand|strengthen|monitor|analyse|analyze|relieve|offset|pay|repay|end|stop|halt|prevent|ensure)|after|given|following|thanks to|led to|caused|causing|prompted|fears?|concerns?|worries|wants? to|plans? to|hopes? to|seeks? to|sought to|would allow|to make|to become|to gain|to get|to aid|for (?:\w+ )?purposes?|violates?|violating|would violate)\b`)

// reTimeAfter finds "since", "after" or "following" before a date, a
// year or a stretch of time: a time, not a reason.
var reTimeAfter = regexp.MustCompile(`(?i)\b(?:since|after|following)\s+(?:(?:early|late|mid|the|last|next|this|that)\s+)?(?:(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b\.?|january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{4}\b|(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|many)\s+(?:days?|weeks?|months?|years?|hours?)|(?:week|weekend|month|year|decade|summer|winter|spring|autumn|fall|morning|afternoon|evening|night)\b)`)

// reInMoney matches a question that names the currency of its answer:
// "how big a gain in dlrs", "how much in dollars".
var reInMoney = regexp.MustCompile(`\bin (?:u\.?s\.? )?(?:dlrs|dollars|\$|usd|yen|marks|francs|pounds|stg|sterling|euros|riyals|cash)\b`)

// reMoneyNation finds whose currency a sum is in: "U.S. dlrs", "Canadian
// cts", "in us cents".
var reMoneyNation = regexp.MustCompile(`\b(u\.?s\.?|us|american|canadian|australian|new zealand|hong kong|singapore|taiwan|saudi|swiss|french|belgian|danish|swedish|norwegian|japanese|german|mexican|brazilian|malaysian|indian)\s+(?:dlrs?|dollars?|cents?|cts)\b`)

// moneyNation returns the country whose currency lower-case s names for
// a sum ("us" for U.S. and American), or "".
func moneyNation(s string) string {
	m := reMoneyNation.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	if n := strings.ReplaceAll(m[1], ".", ""); n == "us" || n == "american" {
		return "us"
	}
	return m[1]
}

// reHowBig matches a question on the size of something ("how big a
// contingent", "how large are the reserves").
var reHowBig = regexp.MustCompile(`\bhow (?:big|large|huge|sizable|sizeable)\b`)

// reHowMuchOf matches a question on how much of a whole ("how much of
// rmj did it hold") or how much over a mark ("how much over market did
// they pay"), which a percentage answers; "what price is it paying
// for its 43 pct of husky" is not one.
var reHowMuchOf = regexp.MustCompile(`\bhow much (?:\w+ )?of\b|\bhow much (?:over|above|below|under|more than|less than)\b`)

// basedNear reports whether s says where one the question names is based:
// "London-based Coloroll", "Coloroll, a London-based maker", not
// "Miami-based Wallco" for "where is Coloroll based".
func basedNear(s, question string) bool {
	asked := toSetSlice(terms(question))
	ws := words(s)
	for i, w := range ws {
		if !strings.HasSuffix(strings.ToLower(w), "-based") {
			continue
		}
		for j := max(0, i-4); j < len(ws) && j <= i+3; j++ {
			if j != i && capitalised(ws[j]) && asked[stem(strings.ToLower(ws[j]))] {
				return true
			}
		}
	}
	return false
}

// nameBeside reports whether sentence s gives a name the question does
// not right beside what the question asks the name of: just before it,
// or in the two words after it ("a Cypriot oil tanker, Seapride II" for
// "the name of the tanker").
func nameBeside(s string, q Question) bool {
	asked := toSetSlice(terms(q.Text))
	ws := lang.FoldWords(s)
	for i, w := range ws {
		if !slices.Contains(q.Focus, stem(w.Text)) {
			continue
		}
		for _, j := range []int{i - 1, i + 1, i + 2, i - 2} {
			if j < 1 || j >= len(ws) {
				continue
			}
			if j == i-2 && (ws[i-1].Upper || lang.IsStop(ws[i-1].Text)) {
				continue // "the Yonhap news agency": one common word between
			}
			n := ws[j]
			if n.Upper && !asked[stem(n.Text)] && !lang.IsStop(n.Text) && !capsStop[n.Text] && !placeStem(n.Text) {
				return true
			}
		}
	}
	return false
}

// reConditionAns finds a condition in a sentence: a clause that says on
// what it depends.
var reConditionAns = regexp.MustCompile(`(?i)\b(?:if|unless|provided(?: that)?|providing|in (?:the )?(?:event|case) (?:of|that)|subject to|conditional (?:on|upon)|contingent (?:on|upon)|on (?:the )?condition|as long as|only when|depend(?:s|ing)? on|pending|once|under (?:certain|these|such|some|those) (?:circumstances|conditions))\b`)

// reSourceAns finds an attribution: whom a report cites.
var reSourceAns = regexp.MustCompile(`(?i)\b(?:citing|cited|quoting|according to|sources?|reported by|as reported|told (?:\w+ ){0,2}(?:reporters|journalists|yonhap|reuters|afp|ap|kcna|the agency|the newspaper)|familiar with|on condition of anonymity)\b`)

// reEvidenceAns finds what shows a claim: footage, photos, intelligence,
// documents, or a confirmation.
var reEvidenceAns = regexp.MustCompile(`(?i)\b(?:videos?|footage|photos?|photographs?|images?|pictures?|satellite|intelligence|documents?|evidence|proof|confirmed|verified|showing|shows|showed|witness\w*|recordings?)\b`)

// countIn reports whether s gives a number of what focus names: a number
// (in digits or words) followed within three words by one of focus's stems.
// With no focus, any number counts.
func countIn(s string, focus []string) bool {
	ws := words(norm(s))
	want := toSetSlice(focus)
	if hasAny(want, staffStems) {
		// "how many staff": a firm's workforce in any of its words, or
		// the number it employs ("employs 1,100", "employed some 300").
		for _, st := range staffStems {
			want[st] = true
		}
		for i, w := range ws {
			if strings.HasPrefix(w, "employ") {
				for j := i + 1; j < len(ws) && j <= i+3; j++ {
					if reCountWord.MatchString(ws[j]) {
						return true
					}
				}
			}
		}
	}
	people := hasAny(want, peopleStems)
	if people {
		// "how many people were arrested": "eleven persons", "a crowd
		// of 5,000".
		for _, st := range peopleStems {
			want[st] = true
		}
	}
	for i, w := range ws {
		if n, noun, ok := strings.Cut(w, "-"); ok && reCountWord.MatchString(n) && want[stem(noun)] {
			return true // "the 228-room property" for "how many rooms"
		}
		if !reCountWord.MatchString(w) {
			continue
		}
		if len(want) == 0 {
			return true
		}
		for j := i + 1; j < len(ws) && j <= i+4; j++ {
			if want[stem(ws[j])] {
				return true
			}
		}
		if people {
			// "a population of 168 million" for "how many people live
			// there", "a crowd of 5,000" for "how many came"
			for j := max(0, i-3); j < i; j++ {
				if gatherings[ws[j]] {
					return true
				}
			}
		}
	}
	return false
}

// staffStems are the stems of the words for a firm's workforce.
var staffStems = []string{stem("staff"), stem("employees"), stem("workers"), stem("workforce"), stem("headcount"), stem("personnel"), stem("employ")}

// peopleStems are the stems of the words that count people.
var peopleStems = terms("people persons person individuals residents inhabitants citizens spectators visitors passengers")

// gatherings are the words a count of people follows ("a population of
// 168 million", "a crowd of 5,000").
var gatherings = toSet("population crowd audience attendance turnout throng")

// newNames returns the names in s that the question does not hold.
func newNames(s, question string) []string {
	asked := map[string]bool{}
	for _, t := range terms(question) {
		asked[t] = true
	}
	var out []string
	for _, n := range names(s) {
		if !asked[stem(n)] && !isNumber(n) && !legalForms[n] {
			out = append(out, n)
		}
	}
	return out
}

// reWhoIsThe matches a question on who someone described is ("who was
// the government source"): a person or a body, not a place.
var reWhoIsThe = regexp.MustCompile(`^(?:and\s+|so\s+)?who(?:'s| is| was| are| were)\s+(?:the|a|an|this|that|these|those)\b`)

// legalForms are the words that end a company's name ("Inc", "Corp",
// "SpA"): alone they name no one, so "Gulf Applied Technologies Inc sold
// its units" does not say who bought them.
var legalForms = toSet("inc corp co cos ltd plc llc lp sa ag nv spa bv kk ab oy asa pty gmbh")

// locatives are the words that put a name as a place: "in Vladivostok",
// "at a Russian army base", "from UN Web TV".
var locatives = toSet("in at on near from to outside inside across into off via during")

// placeIn reports whether s names, after a locative within two words, a
// place the question does not: "where in Ukraine" is not answered by "to
// Ukraine", nor "where is the firm based" by the name of its chairman.
var (
	// reMediaAsked matches a question on where something published or
	// shown appeared: its answer may be a venue, not a place.
	// The thing shown must be what "where" asks about ("where did the
	// video come from"), not where something in it is ("where is the army
	// base in the video").
	reMediaAsked = regexp.MustCompile(`\bwhere(?:'s)?\s+(?:(?:is|was|are|were|did|does|do|can|could)\s+)?(?:(?:i|we|you)\s+(?:see|find|watch|read)\s+)?(?:(?:the|this|that|a|an|those|these)\s+)?(?:[a-z'-]+\s+)?(?:videos?|vids?|footage|clips?|photos?|pics?|pictures?|images?|posts?|reports?|articles?|stories|story|statements?|rumou?rs?)\b|\b(?:show(?:ed|n|s)? up|turn(?:ed|s)? up|surface[ds]?|appear(?:ed|s)?|emerge[ds]?|posted|published|circulat\w+|shared|aired|broadcast)\b`)
	// reVenue finds where things are published or shown, in lower case
	// (a named outlet or channel is a name, found by placeIn).
	reVenue = regexp.MustCompile(`(?i)\b(?:on|in|across|via|through) (?:social media|social networks?|the internet|the web|messaging apps?|a messaging app|(?:a|its|their|the) (?:website|web site|blog|channel|account|feed)|television|tv|state tv|state television|state media|the radio)\b|\bonline\b`)
)

func placeIn(s, question string) bool {
	asked := withMetonyms(toSetSlice(terms(question)), false)
	ws := words(s)
	for i, w := range ws {
		if !capitalised(w) || i == 0 {
			continue
		}
		n := strings.ToLower(w)
		if capsStop[n] || months[n] || weekdays[n] || asked[stem(n)] || isNumber(n) {
			continue
		}
		if c, ok := lang.Demonym(n); ok && asked[stem(c)] {
			continue
		}
		if directions[n] {
			continue // "North" of "North Korean": the next word decides
		}
		j := i - 1
		if j > 0 && determiners[strings.ToLower(ws[j])] {
			j--
		}
		if locatives[strings.ToLower(ws[j])] {
			return true
		}
	}
	return false
}

var (
	// reWhichCountry and reWhichLocality match "which country" and "which
	// city" (or town, port, base…) questions.
	reWhichCountry  = regexp.MustCompile(`\b(?:what|which|in what|in which) (?:[a-z'-]+ ){0,2}?(?:country|countries|nation|nations)\b`)
	reWhichLocality = regexp.MustCompile(`\b(?:what|which|in what|in which) (?:[a-z'-]+ ){0,2}?(?:city|cities|town|towns|village|port|base|location|area|district|county|province)\b`)
	reWhere         = regexp.MustCompile(`(?i)\bwhere|\bwhich part\b|\bwhat part\b`)
	directions      = toSet("north south east west northern southern eastern western")
	determiners     = toSet("a an the its their his her")
)

// reRuns matches a question on who leads an organisation.
var reRuns = regexp.MustCompile(`\bwho(?:'s| is| was)?\s+(?:runs|ran|running|heads|headed|heading|chairs|chaired|manages|managed|in charge of|(?:the )?(?:boss|head|chief) of)\b`)

// personRoles are the roles one person holds: a question about one ("who
// is the Ukrainian envoy") is answered by a name standing beside one.
var personRoles = toSet(`spokesman spokeswoman spokesperson minister ambassador envoy president chairman chief director
executive analyst lawmaker senator general commander prosecutor photographer reporter correspondent diplomat leader
secretary representative official chairwoman ceo head deputy governor mayor premier`)

// personRole reports whether question q asks who holds a person's role:
// "who is the coast guard spokesman", "which Ukrainian envoy", not "at
// which UN body did the ambassador speak".
func personRole(q string) bool {
	if reRuns.MatchString(strings.ToLower(q)) {
		return true // "who runs YPF": its head, by name and title
	}
	ws := words(strings.ToLower(q))
	for i, w := range ws {
		if w != "who" && w != "which" && w != "what" {
			continue
		}
		if w == "who" && i+1 < len(ws) && !whoAsksRole[ws[i+1]] && !personRoles[ws[i+1]] {
			// "who won the mayor primary", "who does mayor wagner want":
			// the one who did something, not the holder of a role the
			// question names.
			return false
		}
		for j := i + 1; j < len(ws) && j <= i+6; j++ {
			r := ws[j]
			if personRoles[r] || personRoles[strings.TrimSuffix(r, "s")] {
				return true
			}
			if j > i+1 && verbLike(r) {
				break // the asked slot ended: "which body did the ambassador…"
			}
		}
		return false
	}
	return false
}

// whoAsksRole are the words after "who" that leave a role after them to
// be the one asked: "who is the mayor", "who the ceo is".
var whoAsksRole = toSet("is are was were be been the a an this that these those its their his her")

// verbLike reports whether w reads as a verb of a question's clause.
func verbLike(w string) bool {
	return auxiliary[w] || strings.HasSuffix(w, "ed") || w == "said" || w == "says" || w == "say"
}

// roleReach is how many words from a role word a name may stand and still
// be the role's holder ("Ambassador Vassily Nebenzya", "Kim Hong-kyun, the
// vice foreign minister").
const roleReach = 4

// bodyReach is how many words from a title the body it heads may stand
// ("Daniel Yergin, director of Cambridge Energy Research Associates").
const bodyReach = 6

// namedRole reports whether s names a person the question does not,
// within roleReach words of a role word.
func namedRole(s, question string) bool {
	asked := withMetonyms(toSetSlice(terms(question)), false)
	roles := map[string]bool{} // the roles the question names
	for _, w := range words(strings.ToLower(question)) {
		if (personRoles[w] || personRoles[strings.TrimSuffix(w, "s")]) && !genericRoles[w] {
			roles[roleKey(w)] = true // "which official": any role is one
		}
	}
	// "who heads south korea's spy agency": the head of that body, whose
	// words stand beside the title ("the agency's director"), not any
	// president the sentence names.
	var body map[string]bool
	if m := reRuns.FindStringIndex(strings.ToLower(question)); m != nil {
		if ts := terms(question[m[1]:]); len(ts) > 0 {
			body = withMetonyms(toSetSlice(ts), false)
		}
	}
	ws := words(s)
	folded := lang.FoldWords(s)
	for i, w := range ws {
		l := strings.ToLower(w)
		if !personRoles[l] && !personRoles[strings.TrimSuffix(l, "s")] {
			continue
		}
		if body != nil && !slices.ContainsFunc(ws[max(0, i-bodyReach):min(len(ws), i+bodyReach+1)], func(w string) bool { return body[stem(strings.ToLower(w))] }) {
			continue
		}
		if len(folded) == len(ws) && folded[i].Start > 0 && s[folded[i].Start-1] == '-' {
			continue // "secretary-general": no general
		}
		if len(roles) > 0 && !roles[roleKey(l)] {
			continue // "which general": not "president Yoon"
		}
		for j := max(0, i-roleReach); j < len(ws) && j <= i+roleReach; j++ {
			if j != i && personName(ws[j], asked) {
				return true
			}
		}
	}
	return false
}

// roleSpeaks matches a question on which holder of a role said something:
// "which analyst said…", "what official told reporters…".
var roleSpeaks = regexp.MustCompile(`\b(?:who|which|what)\s+(?:\w+\s+){0,3}?(?:` + strings.Join(slices.Sorted(maps.Keys(personRoles)), "|") + `)s?\s+(?:said|says|told|tells|warned|called|predicted|added|stated|described)\b`)

// namedSpeaker reports whether s names a person the question does not,
// right beside a verb of speaking: "…," said Perrin Long; Perrin Long said.
func namedSpeaker(s, question string) bool {
	asked := withMetonyms(toSetSlice(terms(question)), false)
	ws := words(s)
	for i, w := range ws {
		if !speakingVerbs[strings.ToLower(w)] {
			continue
		}
		for j := max(0, i-3); j < len(ws) && j <= i+3; j++ {
			if j != i && personName(ws[j], asked) {
				return true
			}
		}
	}
	return false
}

// personName reports whether word w may be part of a person's name the
// question (its stems in asked) does not hold: capitalised, and no role,
// month, weekday, number or nationality.
func personName(w string, asked map[string]bool) bool {
	if !capitalised(w) {
		return false
	}
	n := strings.ToLower(w)
	if personRoles[n] || capsStop[n] || months[n] || weekdays[n] || asked[stem(n)] || isNumber(n) {
		return false
	}
	_, demonym := lang.Demonym(n)
	return !demonym
}

// genericRoles stand for any role; "who heads exco" is answered by its
// chairman.
var genericRoles = toSet("official officials person people man woman representative representatives figure figures head heads boss bosses leader leaders")

// roleKey folds the names of one role into one key: spokesman,
// spokeswoman and spokesperson; CEO, chief and executive; chairman,
// chairwoman and chair.
func roleKey(w string) string {
	w = strings.TrimSuffix(strings.ToLower(w), "s")
	switch {
	case strings.HasPrefix(w, "spokes"):
		return "spokes"
	case w == "ceo" || w == "chief" || w == "executive":
		return "chief"
	case strings.HasPrefix(w, "chair"):
		return "chair"
	}
	return stem(w)
}

// hasNewRole reports whether s names a role ("a government source", "the
// vice foreign minister") that the question does not; with person, only
// a person's ("who was the source" is not answered by "the agency").
func hasNewRole(s, question string, person bool) bool {
	asked := toSetSlice(words(strings.ToLower(question)))
	for _, w := range words(strings.ToLower(s)) {
		if roleNouns[w] && !asked[w] && (!person || personRoles[w]) {
			return true
		}
	}
	return false
}

// capitalised reports whether w starts with an upper-case letter.
func capitalised(w string) bool {
	for _, r := range w {
		return unicode.IsUpper(r)
	}
	return false
}

// reAgeBeside finds an age written right after a name: "Skorich, 39,",
// "Skorich, who is 39 years old", "Reese, now 52,"; not "Davis, 1,119
// votes".
var reAgeBeside = regexp.MustCompile(`([\p{L}'-]+),\s+(?:who is\s+|now\s+|aged?\s+)?\d{1,3}(?:\s+years?\s+old)?[,.;](?:\s|$)`)

// ageBeside reports whether s writes an age right after a word whose
// stem is one of name's.
func ageBeside(s string, name []string) bool {
	if len(name) == 0 {
		return false
	}
	for _, m := range reAgeBeside.FindAllStringSubmatch(corpus.Normalize(s), -1) {
		if slices.Contains(name, stem(strings.TrimSuffix(strings.ToLower(m[1]), "'s"))) {
			return true
		}
	}
	return false
}
