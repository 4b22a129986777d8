package answer

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/lang"
	"github.com/newsbot/newsbot/retrieval"
)

// An inventory question asks who or what the coverage names or quotes
// ("which North Korean officials are named in the coverage?", "who is
// quoted?", "which news agencies is this based on?"). No one sentence
// answers it: the answer lists each person or agency, cited by a sentence
// that names it (for "quoted", one in which they speak).

// inventoryClass is what an inventory question lists.
type inventoryClass int

const (
	inventoryPeople   inventoryClass = iota // people: officials, leaders, experts…
	inventoryAgencies                       // news agencies the articles cite
)

// inventoryQuestion is what an inventory question asks for.
type inventoryQuestion struct {
	class  inventoryClass
	quoted bool // only those the coverage quotes
	// within are the affiliations asked for, any of which will do, each
	// the stems that must all stand by the name ("north korean" → north,
	// korea; "western" → one per Western country); nil for anyone.
	within [][]string
	topic  []string // the question's other content words: search, and list from the passages found
}

// maxInventory is how many people or agencies an inventory answer lists.
const maxInventory = 6

var (
	reInventoryWho = regexp.MustCompile(`^(?:and\s+|so\s+)?who(?:\s+from\s+(?:the\s+)?((?:[\w'.-]+\s+){1,3}?))?(?:'s|s|\s*(?:all\s+|else\s+)?(?:is|are|was|were|gets?|got|has been|have been|is being|are being))\s+(?:actually\s+|directly\s+|even\s+|all\s+)?(quoted|named|mentioned|cited|interviewed|identified)\b(.*)$`)
	reFrom         = regexp.MustCompile(`\bfrom (?:the )?((?:[\w'.-]+\s*){1,3})$`)
	// reInventoryAux: a listing verb in the passive ("are named") or with
	// the coverage as subject ("do the articles cite"); "which officials
	// mentioned sanctions" is a who question.
	reInventoryAux   = regexp.MustCompile(`\b(?:are|is|was|were|get|gets|got|been|being|do|does|did|has|have)\b`)
	reInventoryWhich = regexp.MustCompile(`^(?:and\s+|so\s+)?(?:which|what|list|name|(?:are|were)?\s*(?:there\s+)?any)\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?((?:[\w'.-]+\s+){0,3}?)(officials?|people|persons?|leaders?|diplomats?|ministers?|politicians?|experts?|analysts?|executives?|individuals?|figures?|names|spokes(?:man|men|woman|women|person|people)|representatives?|envoys?|ambassadors?|news agenc(?:y|ies)|agenc(?:y|ies)|wire services?|wires)\b(.*)$`)
	reInventoryVerb  = regexp.MustCompile(`\b(quoted|quotes?|interviews?|cites?|names|mentions?|named|mentioned|cited|identified|interviewed|referenced|featured|credited|sourced|based on|rel(?:y|ies|ied) on|dr[ae]ws? on|drawn on|appear\w*)\b`)
)

// readInventory reads an inventory question from its lower-case,
// normalised text l; ok is false for any other question.
func readInventory(l string) (inventoryQuestion, bool) {
	var iq inventoryQuestion
	var verb, rest string
	if m := reInventoryWho.FindStringSubmatch(l); m != nil {
		verb, rest = m[2], m[3]
		iq.within = affiliations(m[1]) // "who from NATO is quoted"
	} else if m := reInventoryWhich.FindStringSubmatch(l); m != nil {
		loc := reInventoryVerb.FindStringSubmatchIndex(m[3])
		if loc == nil {
			return iq, false
		}
		v := []string{m[3][loc[0]:loc[1]], m[3][loc[2]:loc[3]]}
		// "list the…", "any Ukrainian officials quoted?": no auxiliary.
		imperative := !strings.HasPrefix(l, "which") && !strings.HasPrefix(l, "what")
		if !imperative && !strings.Contains(v[1], " ") && !strings.HasPrefix(v[1], "sourced") && !reInventoryAux.MatchString(m[3][:loc[0]]) {
			return iq, false
		}
		verb, rest = v[1], strings.Replace(m[3], v[0], " ", 1)
		if strings.Contains(m[2], "agenc") || strings.HasPrefix(m[2], "wire") {
			iq.class = inventoryAgencies
		}
		iq.within = affiliations(m[1])
	} else {
		return iq, false
	}
	iq.quoted = strings.HasPrefix(verb, "quot") || strings.HasPrefix(verb, "interview")
	// "who is quoted from the UN": the place is an affiliation, not a
	// topic.
	if m := reFrom.FindStringSubmatch(rest); m != nil {
		if aff := affiliations(m[1]); len(aff) > 0 {
			iq.within = append(iq.within, aff...)
			rest = strings.Replace(rest, m[0], " ", 1)
		}
	}
	for _, w := range words(rest) {
		if !stopwords[w] && !metaWords[w] && !questionWord[w] && !auxiliary[w] && !inventoryFiller[w] {
			iq.topic = append(iq.topic, w)
		}
	}
	return iq, true
}

// inventoryFiller are words of an inventory question that name no topic.
var inventoryFiller = toSet("actually really even directly specifically all anywhere throughout by name names named quoted mentioned cited so far here")

// affiliations reads the words before "officials" in "which north korean
// officials": the places or groups asked for, as alternatives of stems.
// Words that name no place ("senior", "top") are not checked.
func affiliations(mod string) [][]string {
	ws := words(mod)
	var out [][]string
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		if alts, ok := blocs[w]; ok {
			out = append(out, alts...)
			continue
		}
		if compass[w] && i+1 < len(ws) && placeStem(ws[i+1]) {
			out = append(out, []string{stem(w), stem(ws[i+1])})
			i++
			continue
		}
		if placeStem(w) {
			out = append(out, []string{stem(w)})
		}
	}
	return out
}

// compass words make a place of the next word ("north korean").
var compass = toSet("north south east west northern southern eastern western")

// blocs are groups of countries a question may name ("western officials"),
// each as alternatives of stems. A general list, not one story's.
var blocs = func() map[string][][]string {
	one := func(s string) [][]string {
		var out [][]string
		for _, c := range strings.Split(s, ",") {
			var st []string
			for _, w := range strings.Fields(c) {
				st = append(st, stem(w))
			}
			out = append(out, st)
		}
		return out
	}
	western := one("usa,uk,france,germany,italy,canada,spain,netherlands,belgium,poland,norway,denmark,sweden,finland,australia,new zealand,nato,eu,europe,washington,london,paris,berlin,brussels,white house,pentagon,state department")
	european := one("uk,france,germany,italy,spain,netherlands,belgium,poland,norway,denmark,sweden,finland,austria,ireland,portugal,greece,czechia,hungary,romania,eu,europe,brussels")
	return map[string][][]string{"western": western, "west": western, "european": european, "europe": european, "eu": european}
}()

// placeStem reports whether the lower-case word w names a country, its
// people or its capital.
func placeStem(w string) bool {
	if v, ok := placeMemo.Load(w); ok {
		return v.(bool)
	}
	_, place := lang.Demonym(w)
	if !place {
		st := stem(w)
		_, place = lang.Metonym(st)
		place = place || countryStems[st] || blocStems[st]
	}
	placeMemo.Store(w, place)
	return place
}

// placeMemo remembers placeStem's answers: stemming is most of the cost of
// reading every name of a large coverage, and the words are few.
var placeMemo sync.Map

// blocStems are groups that stand for countries in news copy.
var blocStems = toSetSlice(terms("un eu nato"))

// entity is one person or agency the coverage names, with where.
type entity struct {
	key     []string // folded words of its fullest name, the identity
	display string   // that name as first written
	count   int      // how many sentences name it
	first   int      // order of its first mention
	cite    mention  // the sentence cited for it
	quoted  bool     // some sentence quotes it
	within  bool     // some sentence ties it to the affiliation asked
	placed  bool     // some title of it names a place
	loose   bool     // within only by the places of the sentences that name it
}

// mention is one sentence of a passage.
type mention struct {
	p    corpus.Passage
	text string
	name string // the name as this sentence writes it
}

// inventory answers an inventory question from the coverage: all of it,
// or the retrieved passages when the question names a topic. When no one
// of the kind asked is named, it says the coverage does not say. ok is
// false when there is no coverage to read.
func (a *Answerer) inventory(_ context.Context, ans *Answer, iq inventoryQuestion, hits []retrieval.Hit) bool {
	// Names are read over the whole coverage, so that a surname finds its
	// full name and a title anywhere places its person; with a topic,
	// only those the retrieved passages name are listed.
	var ps []corpus.Passage
	var scope map[string]bool
	if a.opts.Passages != nil {
		ps = slices.Clone(a.opts.Passages())
		slices.SortFunc(ps, func(x, y corpus.Passage) int {
			return cmp.Or(cmp.Compare(x.ArticleID, y.ArticleID), cmp.Compare(x.Ordinal, y.Ordinal))
		})
	}
	if len(iq.topic) > 0 || len(ps) == 0 {
		scope = map[string]bool{}
		for _, h := range hits {
			scope[h.Passage.ID] = true
			if len(ps) == 0 || a.opts.Passages == nil {
				ps = append(ps, h.Passage)
			}
		}
	}
	if len(ps) == 0 {
		return false
	}
	var found []*entity
	switch iq.class {
	case inventoryAgencies:
		found = findAgencies(ps, scope)
	default:
		found = findPeople(a.nameMentions(ps), scope, iq)
	}
	// Those a title places come first; those placed only by the sentences
	// that name them are listed when no title places anyone.
	var listed, loose []*entity
	for _, e := range found {
		switch {
		case (iq.quoted && !e.quoted) || (len(iq.within) > 0 && !e.within):
		case e.loose:
			loose = append(loose, e)
		default:
			listed = append(listed, e)
		}
	}
	if len(listed) == 0 {
		listed = loose
	}
	if len(listed) == 0 {
		what := "no person"
		if iq.class == inventoryAgencies {
			what = "no news agency"
		}
		a.refuse(ans, ModeExtractive)
		ans.Reason = Reason{Verdict: VerdictRefuse, Code: ReasonInventory, Kind: string(KindInventory),
			Text: fmt.Sprintf("a question about whom the coverage names: %s of that kind is named in the %d passages read", what, len(ps))}
		return true
	}
	slices.SortStableFunc(listed, func(x, y *entity) int {
		return cmp.Or(cmp.Compare(y.count, x.count), cmp.Compare(x.first, y.first))
	})
	var b strings.Builder
	switch {
	case iq.class == inventoryAgencies:
		b.WriteString("News agencies the coverage cites:")
	case listed[0].loose:
		b.WriteString("No title in the coverage says so; named in the same sentence as the place asked about:")
	case iq.quoted:
		b.WriteString("Quoted in the coverage:")
	default:
		b.WriteString("Named in the coverage:")
	}
	ans.Mode, ans.Model, ans.PromptVersion = ModeExtractive, "", ExtractiveVersion
	// Each passage joins the hits when first cited, so the hits end in
	// the order of their markers.
	var qs quotes
	hitOf := map[string]int{} // passage ID -> index into qs.hits
	for i, e := range listed {
		if i == maxInventory {
			fmt.Fprintf(&b, "\n- and %d more", len(listed)-maxInventory)
			break
		}
		h, ok := hitOf[e.cite.p.ID]
		if !ok {
			h = len(qs.hits)
			hitOf[e.cite.p.ID] = h
			qs.hits = append(qs.hits, retrieval.Hit{Passage: e.cite.p})
		}
		fmt.Fprintf(&b, "\n- %s: %s [%d]", e.display, quote(e.cite.text), qs.mark(h, e.cite.text))
	}
	ans.Text = b.String()
	ans.Citations, ans.Hits = qs.cites, qs.hits
	what := "people"
	if iq.class == inventoryAgencies {
		what = "news agencies"
	}
	ans.Reason = Reason{Verdict: VerdictAnswer, Code: ReasonInventory, Kind: string(KindInventory),
		Text:     fmt.Sprintf("a question about whom the coverage names: %d %s found in %d passages", len(listed), what, len(ps)),
		Evidence: listed[0].cite.p.ID, Sentence: listed[0].cite.text}
	return true
}

// nameWord is one word of a sentence, with how it was written.
type nameWord struct {
	lang.Word
	raw     string // as written
	acronym bool   // written in capitals ("UN", "AFP")
}

// sentenceWords splits sentence s into words that keep how each was
// written.
func sentenceWords(s string) []nameWord {
	ws := lang.FoldWords(s)
	out := make([]nameWord, len(ws))
	for i, w := range ws {
		raw := s[w.Start:w.End]
		letters := 0
		upper := true
		for _, r := range raw {
			if unicode.IsLetter(r) {
				letters++
				upper = upper && unicode.IsUpper(r)
			}
		}
		out[i] = nameWord{Word: w, raw: raw, acronym: letters >= 2 && upper}
	}
	return out
}

// joined reports whether words i-1 and i of s are written as one name: a
// space or a hyphen between them.
func joined(s string, ws []nameWord, i int) bool {
	gap := s[ws[i-1].End:ws[i].Start]
	return gap == " " || gap == "-" || initial(ws[i-1]) && (gap == "." || gap == ". ")
}

// initial reports whether w is one capital letter: an initial ("C.A.
// Thomas").
func initial(w nameWord) bool { return len(w.raw) == 1 && w.Upper }

// notName are capitalised words that are no one's name: organisations'
// words, and words news capitalises in titles.
var notName = toSet(`council nations agency agencies service ministry assembly committee news office department house government army
forces force party university institute center centre bank company corporation group inc corp ltd times post press journal daily herald
tv web network channel media foundation fund organization organisation association union court parliament congress senate embassy
command navy guard police administration cabinet bureau commission intelligence security defense defence foreign affairs state states
military republic kingdom federation people peoples democratic central national international general assembly first world war
photo copyright file getty images reuters afp yonhap kcna tass xinhua kyodo associated communications studies relations
resources holdings industries systems technologies partners capital energy oil petroleum gas airlines motors electric steel
chemical chemicals pharmaceuticals foods trust securities exchange markets group bancorp financial insurance investors fund funds
co cos corp inc ltd plc ag sa nv ab kk llc lp spa bv gmbh oy asa nl pty los las san santa st saint fort port mount lake new
associates brothers partners research`)

// personCue are the words that say a name is a person's: the titles before
// or after it.
var personCue = func() map[string]bool {
	m := toSet(`official officials diplomat representative analyst expert professor researcher lawyer adviser advisor colonel admiral
lieutenant senator congressman congresswoman lawmaker prime king queen prince dr mr mrs ms chancellor emperor pope general sergeant
captain major deputy vice head chairperson journalist reporter photographer correspondent editor economist strategist trader
spokesman spokeswoman spokesperson`)
	for w := range personTitles {
		m[w] = true
	}
	return m
}()

// affiliationWord are the lower-case words that can stand inside a title
// before or after a name ("ambassador to the UN", "vice foreign
// minister").
var affiliationWord = toSet("to the of for s foreign vice deputy former first senior top defense defence state acting chief general secretary interior national security strategic communications")

// nameMention is one mention of a person's name in a sentence.
type nameMention struct {
	key    []string // the name's folded words
	m      mention
	aff    map[string]bool // the title's stems
	placed bool            // the title names a place
	quoted bool            // the sentence quotes them
}

// mentionIndex is the names of a coverage, read once: reading every
// passage is most of an inventory answer's cost, and the passages change
// only when the coverage is indexed again.
type mentionIndex struct {
	key string // passagesKey of the passages read, to know them again
	ms  []nameMention
}

// nameMentions returns the names ps mention, from the index read last time
// when ps are the same passages.
func (a *Answerer) nameMentions(ps []corpus.Passage) []nameMention {
	key := passagesKey(ps)
	a.mu.Lock()
	idx := a.names
	a.mu.Unlock()
	if idx != nil && idx.key == key {
		return idx.ms
	}
	ms := readMentions(ps, a.commonWord)
	a.mu.Lock()
	a.names = &mentionIndex{key: key, ms: ms}
	a.mu.Unlock()
	return ms
}

// readMentions reads the names of people in ps: runs of capitalised words
// that a title stands beside, or that speak, or (untitled) of two or more
// words none of them common ("Kim Jong Un", not "Computer Terminal").
func readMentions(ps []corpus.Passage, common func(string) bool) []nameMention {
	var ms []nameMention
	for _, p := range ps {
		for _, s := range sentencesOf(p) {
			if heading(s) {
				continue
			}
			s = corpus.Normalize(s)
			ws := sentenceWords(s)
			for _, run := range nameRuns(s, ws) {
				aff, titled := affiliationAround(s, ws, run[0], run[1])
				speaks := speaksNear(ws, run[0], run[1])
				var key []string
				for _, w := range ws[run[0]:run[1]] {
					key = append(key, w.Text)
				}
				plain := len(key) > 1 && !slices.ContainsFunc(key, common) && run[0] > 0
				if !titled && !plain || len(key) == 1 && !titled || orgName(s, ws, run[0], run[1]) {
					continue
				}
				placed := false
				for w := range aff {
					placed = placed || placeStem(w)
				}
				display := s[ws[run[0]].Start:ws[run[1]-1].End]
				ms = append(ms, nameMention{key: key, m: mention{p: p, text: s, name: display}, aff: aff, placed: placed,
					quoted: speaks || attributed(s, stems(key))})
			}
		}
	}
	return ms
}

// findPeople groups the mentions ms into people and says which fit what
// iq asks, counting only mentions in scope (all when scope is nil). A
// surname written alone ("Kim said") is the person of that name whose
// title it shares.
func findPeople(ms []nameMention, scope map[string]bool, iq inventoryQuestion) []*entity {
	var all []*entity
	affOf := map[*entity]map[string]bool{}
	nearBy := map[*entity]bool{}
	// The stems of a mention's sentence, read only for a question that
	// asks for an affiliation.
	nearMemo := map[string]map[string]bool{}
	near := func(x nameMention) map[string]bool {
		set, ok := nearMemo[x.m.text]
		if !ok {
			set = withMetonyms(toSetSlice(terms(x.m.text)), false)
			nearMemo[x.m.text] = set
		}
		return set
	}
	mentionsOf := map[*entity][]nameMention{}
	inScope := func(x nameMention) bool { return scope == nil || scope[x.m.p.ID] }
	add := func(e *entity, x nameMention) {
		if inScope(x) {
			e.count++
			e.quoted = e.quoted || x.quoted
		}
		e.placed = e.placed || x.placed
		e.within = e.within || len(iq.within) == 0 || anyAll(x.aff, iq.within)
		nearBy[e] = nearBy[e] || len(iq.within) > 0 && !e.within && anyAll(near(x), iq.within)
		mentionsOf[e] = append(mentionsOf[e], x)
		for w := range x.aff {
			affOf[e][w] = true
		}
	}
	// Full names first, then surnames written alone.
	for pass := range 2 {
		for i, x := range ms {
			if (len(x.key) == 1) != (pass == 1) {
				continue
			}
			e := findEntity(all, x.key)
			if e == nil && pass == 1 {
				e = bySurname(all, affOf, x.key[0], x.aff)
			}
			if e == nil {
				e = &entity{key: x.key, display: x.m.name, first: i}
				all = append(all, e)
				affOf[e] = map[string]bool{}
			}
			add(e, x)
		}
	}
	// Someone no title places anywhere ("Kim Jong Un has been sending
	// weapons") is placed by the sentences that name them, after those a
	// title places.
	for _, e := range all {
		if !e.within && !e.placed && nearBy[e] {
			e.within, e.loose = true, true
		}
		// Cite the sentence that shows best what was asked: one in which
		// they speak, if that was asked, and which places them.
		score := func(x nameMention) int {
			n := 0
			if !iq.quoted || x.quoted {
				n += 4
			}
			if len(iq.within) > 0 && anyAll(x.aff, iq.within) || e.loose && anyAll(near(x), iq.within) {
				n += 2
			}
			if !strings.HasPrefix(x.m.text, corpus.CaptionPrefix) {
				n++
			}
			return n
		}
		best := -1
		for _, x := range mentionsOf[e] {
			if n := score(x); inScope(x) && n > best {
				e.cite, best = x.m, n
			}
		}
	}
	// Only those named in scope.
	return slices.DeleteFunc(all, func(e *entity) bool { return e.count == 0 })
}

// bySurname returns the person of all whose name has the word w and whose
// titles share the most with aff ("Vice-foreign minister Kim" is Kim
// Hong-kyun, the vice foreign minister, not Kim Jong Un); nil when none
// has it, or two have it and the titles do not tell them apart.
func bySurname(all []*entity, affOf map[*entity]map[string]bool, w string, aff map[string]bool) *entity {
	var best *entity
	bestN, tie := -1, false
	for _, e := range all {
		if len(e.key) < 2 || !slices.Contains(e.key, w) {
			continue
		}
		n := 0
		for a := range aff {
			if affOf[e][a] && !titleFiller[a] {
				n++
			}
		}
		switch {
		case n > bestN:
			best, bestN, tie = e, n, false
		case n == bestN:
			tie = true
		}
	}
	if tie && bestN <= 0 {
		return nil
	}
	return best
}

// titleFiller are stems of a title that tell no one apart.
var titleFiller = toSetSlice(terms("to the of for s"))

// stems are the stems of words.
func stems(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = stem(w)
	}
	return out
}

// anyAll reports whether set holds all the stems of one of alts.
func anyAll(set map[string]bool, alts [][]string) bool {
	for _, alt := range alts {
		if mentions(set, alt) {
			return true
		}
	}
	return false
}

// findEntity returns the entity of all that key names: the same words,
// the later ones perhaps spelt another way (lang.Skeleton: "Hwang Jun
// Kook", "Hwang Joon-kook").
func findEntity(all []*entity, key []string) *entity {
	for _, e := range all {
		if sameName(e.key, key) {
			return e
		}
	}
	return nil
}

func sameName(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && (i == 0 || lang.Skeleton(a[i]) != lang.Skeleton(b[i])) {
			return false
		}
	}
	return true
}

// nameRuns returns the [start, end) word spans of s that may be a
// person's name: capitalised words written together, none of them an
// acronym, a place, a title or an organisation's word, at most four.
func nameRuns(s string, ws []nameWord) [][2]int {
	var out [][2]int
	nameish := func(i int) bool {
		w := ws[i]
		if initial(w) && i+1 < len(ws) && strings.HasPrefix(s[w.End:], ".") {
			return true
		}
		// "Kim Jong-un": a lower-case part hyphenated to a name.
		if !w.Upper && !(i > 0 && ws[i-1].Upper && s[ws[i-1].End:w.Start] == "-") {
			return false
		}
		return !(w.acronym || isNumber(w.Text) || personCue[w.Text] || notName[w.Text] || capsStop[w.Text] ||
			monthNames[w.Text] || weekdays[w.Text] || compass[w.Text] || placeWord(w))
	}
	for i := 0; i < len(ws); {
		if !nameish(i) || !ws[i].Upper || i == 0 && !startsTitled(ws) {
			i++
			continue
		}
		j := i + 1
		for j < len(ws) && nameish(j) && joined(s, ws, j) {
			j++
		}
		if j-i <= 4 {
			out = append(out, [2]int{i, j})
		}
		i = j
	}
	return out
}

// orgName reports whether the capitalised words [i, j) of s are part of
// an organisation's or a place's name, not a person's: followed by a word
// of one ("Prudential-Bache Securities", "Nippon Kokan KK"), or after a
// word that does not stand before a person ("of Santa Barbara", "a Hong
// Kong firm").
func orgName(s string, ws []nameWord, i, j int) bool {
	if j < len(ws) && joined(s, ws, j) && ws[j].Upper && (notName[ws[j].Text] || ws[j].acronym || placeWord(ws[j])) {
		return true
	}
	if j < len(ws) && strings.HasPrefix(s[ws[j-1].End:], " <") {
		return true // a Reuters ticker: "Nobel Industrier <NOBL ST>"
	}
	if i == 0 {
		return false
	}
	gap := s[ws[i-1].End:ws[i].Start]
	return gap == " " && (notBeforeName[ws[i-1].Text] || ws[i-1].Upper && notName[ws[i-1].Text]) || // "Energy Research Associates"
		gap == "'s " // "Drexel's Los Angeles office"
}

// notBeforeName are the words that stand before an organisation or a
// place, rarely before a person's name.
var notBeforeName = toSet("of in at from into the a an")

// monthNames are the months written in full: "Jun" may be a name.
var monthNames = toSet("january february march april may june july august september october november december")

// placeWord reports whether w names a place. A bloc written as a plain
// word is a name's part ("Kim Jong Un"), not the UN.
func placeWord(w nameWord) bool {
	if !placeStem(w.Text) {
		return false
	}
	return !(strings.ToLower(w.raw) == w.Text && !w.acronym && blocStems[stem(w.Text)])
}

// startsTitled reports whether a sentence's first word may open a name:
// when the word after it is capitalised too ("Mark Rutte said").
func startsTitled(ws []nameWord) bool {
	return len(ws) > 1 && ws[1].Upper && !ws[1].acronym
}

// affiliationAround reads the title around the name at words [i, j) of s:
// the words written before it that belong to its title ("North Korean
// leader", "U.S. Ambassador to the UN", "NATO's secretary-general") and
// those after a comma ("Robert Wood, US ambassador to the UN"). It returns
// their stems, with capitals standing for their countries, and whether a
// person's title is among them.
func affiliationAround(s string, ws []nameWord, i, j int) (map[string]bool, bool) {
	set := map[string]bool{}
	titled := false
	take := func(k int) bool {
		w := ws[k]
		if !(w.Upper || w.acronym || personCue[w.Text] || affiliationWord[w.Text] || compass[w.Text]) || lang.IsStop(w.Text) && !affiliationWord[w.Text] {
			return false
		}
		set[stem(w.Text)] = true
		if personCue[w.Text] {
			titled = true
		}
		return true
	}
	for k := i - 1; k >= 0 && k >= i-8; k-- {
		gap := strings.TrimSuffix(strings.TrimSuffix(s[ws[k].End:ws[k+1].Start], " "), "'s")
		// "Russia's UN ambassador, Vasily Nebenzya": a title set off by
		// a comma right before the name.
		apposed := gap == "," && k == i-1 && personCue[ws[k].Text]
		if gap != "" && gap != "-" && gap != "'" && !apposed || !take(k) {
			break
		}
	}
	if j < len(ws) && strings.HasPrefix(strings.TrimSpace(s[ws[j-1].End:ws[j].Start]), ",") {
		for k := j; k < len(ws) && k < j+8; k++ {
			if k > j {
				gap := strings.TrimSuffix(strings.TrimSuffix(s[ws[k-1].End:ws[k].Start], " "), "'s")
				if gap != "" && gap != "-" && gap != "'" {
					break
				}
			}
			if ws[k].Text == "the" || ws[k].Text == "a" || ws[k].Text == "an" {
				continue
			}
			if !take(k) {
				break
			}
		}
	}
	return withMetonyms(set, false), titled
}

// speaksNear reports whether the name at words [i, j) is the subject of
// a verb of speaking right after it ("Rutte said") or follows one ("said
// Rutte").
func speaksNear(ws []nameWord, i, j int) bool {
	if j < len(ws) && speakingVerbs[ws[j].Text] {
		return true
	}
	return i > 0 && speakingVerbs[ws[i-1].Text]
}

// findAgencies finds the news agencies the passages name: the wire
// services news cites by name, and any "X News Agency" or "X news
// agency".
func findAgencies(ps []corpus.Passage, scope map[string]bool) []*entity {
	var all []*entity
	order := 0
	for _, p := range ps {
		if scope != nil && !scope[p.ID] {
			continue
		}
		for _, s := range sentencesOf(p) {
			s = corpus.Normalize(s)
			ws := sentenceWords(s)
			seen := map[string]bool{}
			add := func(key []string, display string) {
				k := strings.Join(key, " ")
				if seen[k] {
					return
				}
				seen[k] = true
				e := findEntity(all, key)
				if e == nil {
					e = &entity{key: key, display: display, first: order, cite: mention{p: p, text: s}}
					all = append(all, e)
				}
				order++
				e.count++
			}
			for i := 0; i < len(ws); i++ {
				if name, n := wireAt(ws, i); n > 0 {
					add(strings.Fields(strings.ToLower(name)), name)
					i += n - 1
					continue
				}
				// "the Yonhap news agency", "Korean Central News Agency".
				if ws[i].Text != "agency" || i == 0 || ws[i-1].Text != "news" && !ws[i-1].Upper {
					continue
				}
				end := i
				if ws[i-1].Text == "news" {
					end = i - 1
				}
				start := end
				for start > 0 && ws[start-1].Upper && !ws[start-1].acronym && joined(s, ws, start) && !capsStop[ws[start-1].Text] {
					start--
				}
				if start == end || end-start > 4 {
					continue
				}
				var key []string
				for _, w := range ws[start:end] {
					key = append(key, w.Text)
				}
				add(key, s[ws[start].Start:ws[end-1].End])
			}
		}
	}
	for _, e := range all {
		e.quoted, e.within = true, true
	}
	return all
}

// wires are the news agencies copy credits by name, as written. A general
// list, not one story's.
var wires = func() [][]string {
	var out [][]string
	for _, n := range strings.Split("AFP,AP,Associated Press,Agence France-Presse,Reuters,Yonhap,KCNA,Korean Central News Agency,TASS,RIA Novosti,Interfax,Xinhua,Kyodo,Jiji,Bloomberg,Dow Jones,UPI,United Press International,dpa,ANSA,EFE,Anadolu,IRNA,Bernama,Antara,PTI,Press Trust of India,Ukrinform,UNIAN,Europa Press,Notimex,Prensa Latina,Belga,APA,CTK,PAP,Ritzau,NTB,TT,Lusa,MENA,WAM,SPA,KUNA,QNA,Petra,Xinhua News Agency", ",") {
		out = append(out, strings.FieldsFunc(n, func(r rune) bool { return r == ' ' || r == '-' }))
	}
	return out
}()

// wireAt reports the wire service named at word i of ws, as written, and
// how many words its name spans; n is 0 if none is.
func wireAt(ws []nameWord, i int) (string, int) {
	for _, name := range wires {
		if i+len(name) > len(ws) {
			continue
		}
		ok := true
		for k, part := range name {
			w := ws[i+k]
			// Acronyms must be written in capitals: "AP" is the agency,
			// "ap" is not; other names must be capitalised.
			if !strings.EqualFold(w.raw, part) || (w.acronym != (strings.ToUpper(part) == part && len(part) > 1)) || !w.Upper {
				ok = false
				break
			}
		}
		if ok {
			return strings.Join(name, " "), len(name)
		}
	}
	return "", 0
}

// isInventory reports whether the lower-case question l asks whom the
// coverage names or quotes.
func isInventory(l string) bool {
	_, ok := readInventory(l)
	return ok
}

// commonWord reports whether the thesaurus links w widely: a common word
// rather than a name ("Mark", "Wood" are common; "Kim", "Putin" are not).
func (a *Answerer) commonWord(w string) bool {
	return a.opts.Thesaurus != nil && len(a.opts.Thesaurus.Related(w)) > commonLinks
}
