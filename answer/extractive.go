package answer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/lang"
	"github.com/newsbot/newsbot/retrieval"
)

// ExtractiveVersion names the extractive algorithm; it is recorded as the
// PromptVersion of extractive answers.
const ExtractiveVersion = "extractive-1"

// maxExtractive is the most sentences an extractive answer quotes.
const maxExtractive = 3

// background is the IDF of the whole corpus, cached by its content.
type background struct {
	key string
	idf *idf
}

// maxBackground bounds the corpus size for which extractive scoring reads
// every passage; above it the retrieved passages stand in.
const maxBackground = 20000

// idfFor returns IDF weights over the whole corpus when it is known and not
// too large, else over the given hits.
func (a *Answerer) idfFor(hits []retrieval.Hit) *idf {
	if a.opts.Passages != nil && !a.corpusTooLarge() {
		ps := a.opts.Passages()
		if len(ps) > 0 && len(ps) <= maxBackground {
			key := passagesKey(ps)
			a.mu.Lock()
			bg := a.bg
			a.mu.Unlock()
			if bg != nil && bg.key == key {
				return bg.idf
			}
			if x := a.storedBackground(key); x != nil {
				bg = &background{key: key, idf: x}
			} else {
				docs := make([]string, len(ps))
				bodies := make([]string, len(ps))
				for i, p := range ps {
					docs[i] = p.Outlet + " . " + p.Title + " . " + p.Text
					bodies[i] = p.Text
				}
				bg = &background{key: key, idf: newIDF(docs)}
				bg.idf.learnNames(bodies)
				a.storeBackground(key, bg.idf)
			}
			a.mu.Lock()
			a.bg = bg
			a.mu.Unlock()
			return bg.idf
		}
	}
	docs := make([]string, len(hits))
	bodies := make([]string, len(hits))
	for i, h := range hits {
		docs[i] = h.Passage.Outlet + " . " + h.Passage.Title + " . " + h.Passage.Text
		bodies[i] = h.Passage.Text
	}
	x := newIDF(docs)
	x.learnNames(bodies)
	return x
}

// passagesKey is a hash of the passages' ids and contents.
func passagesKey(ps []corpus.Passage) string {
	h := sha256.New()
	for _, p := range ps {
		h.Write([]byte(p.ID))
		h.Write([]byte{0})
		if p.Hash != "" {
			h.Write([]byte(p.Hash))
		} else {
			h.Write([]byte(p.Text))
		}
		h.Write([]byte{0})
		h.Write([]byte(p.Title + "\x00" + p.Outlet + "\x00" + p.Date() + "\x00" + p.URL + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// scored is one candidate sentence.
type scored struct {
	hit       int // index into hits
	passageID string
	text      string
	terms     []string
	have, ctx map[string]bool // stems of the sentence; of its passage and title
	// article: the stems of all the retrieved passages of its article,
	// with their titles
	article   map[string]bool
	coverage  float64 // IDF-weighted share of the question's words it holds (context counting half)
	semantic  float64 // meaning similarity to the question, 0 without a sentence model
	relevance float64 // coverage and semantic combined: what the decision compares
	carries   bool    // it carries the kind of answer asked for
	// otherOwner: the sentence gives a title the question binds to a
	// country ("North Korea's envoy") only to another ("South Korean
	// Ambassador"), or what the question asks of one owner ("union oil's
	// posted price") to another ("Marathon's posted price") without
	// naming the one asked about: it is about someone else.
	otherOwner bool
	score      float64 // ordering: relevance, rank, kind and form
	next       string  // the sentence after it in its article, "" when no retrieved passage has it
	nextHit    int     // index into hits of the passage that holds next
	prev       string  // the sentence before it in its article, found the same way
	prevHit    int
	// aliases maps the last name of each person its article's retrieved
	// passages name in full to the stems of that first mention and its title ("lacy" to
	// exco, chairman, richard, lacy from "Exco Chairman Richard Lacy"):
	// "Lacy said" later is the Exco chairman speaking.
	aliases map[string]map[string]bool
}

// framing holds the stems of verbs that frame a question ("how did X
// describe Y") rather than name its subject, and of the nouns that turn
// an act into a thought about it ("Seoul's idea of sending a team": Seoul
// considers sending one); they count for less.
var framing = toSet("describ respond react reaction respons call mention explain happen mean think feel view character portray want " + stem("idea") + " " + stem("notion") + " " + stem("possibility") + " " + stem("prospect"))

// wordsQuestion matches questions that ask for someone's own words ("how
// did X describe Y", "what did X call it"): quoted sentences answer them.
var wordsQuestion = regexp.MustCompile(`(?i)\b(describ\w*|call\w*|characteri[sz]\w*|say|said|respond\w*|react\w*|label\w*|dismiss\w*|word\w*)\b`)

// photoQuestion matches a question about a photo or its caption ("who
// took the photo", "where is the picture from"), which captions answer.
var photoQuestion = regexp.MustCompile(`(?i)\b(?:photo\w*|pictures?|pictured|images?|captions?|captioned)\b`)

// searchQuery is what retrieval is asked for question q. A question about
// a photo also asks for captions: corpus.Clean marks every caption it
// keeps with corpus.CaptionPrefix, so the word finds them, while the
// question's own words ("the photo of the envoy") rarely meet a caption's
// ("delivers a remark").
func searchQuery(q string) string {
	if photoQuestion.MatchString(q) && !strings.Contains(strings.ToLower(q), "caption") {
		return q + " caption"
	}
	return q
}

// withSpellings is search query q with, after it, the coverage's spelling
// of each name q misspells by one letter ("kuwiat" adds "kuwait"): the
// lexical search finds the name's passages, which the misspelling alone
// would not. Only names: "committed" is one letter from "committee" too.
// It needs the whole-corpus statistics; on a coverage too large for them
// q is searched as it is.
func (a *Answerer) withSpellings(q string) string {
	if a.opts.Passages == nil || a.corpusTooLarge() {
		return q
	}
	x := a.idfFor(nil)
	var add []string
	for _, w := range lang.FoldWords(lang.Expand(q)) {
		l := w.Text
		if len(l) < 5 || isNumber(l) || lang.IsStop(l) || stopwords[l] || x.df[stem(l)] > 0 {
			continue
		}
		for _, v := range x.variants(l) {
			if lang.OneEdit(l, v) && (x.named(stem(v)) || x.writtenAsName(stem(v))) {
				add = append(add, v)
				break
			}
		}
	}
	if len(add) == 0 {
		return q
	}
	return q + " " + strings.Join(add, " ")
}

// photoWords are the stems a caption stands for: it is about a photo.
var photoWords = []string{stem("photo"), stem("photograph"), stem("picture"), stem("image"), stem("caption")}

// captionBonus is what a caption gains when the question is about a photo.
const captionBonus = 0.15

// quoted reports whether s carries a quotation of at least three words.
var quoted = regexp.MustCompile(`["“][^"”]*\S+\s+\S+\s+\S+[^"”]*["”]`)

// rankSentences scores every sentence of the hits against question q
// (its terms ts): how much of the question the sentence and its context
// hold (coverage), how close its meaning is (semantic, when a sentence
// model is given), their combination (relevance, what the decision
// compares), whether it carries the kind of answer asked for, and an
// ordering score that also weighs the passage's rank and the form of the
// sentence. Best first.
func rankSentences(q Question, ts []qterm, hits []retrieval.Hit, sim similarity) []scored {
	if len(ts) == 0 {
		return nil
	}
	wantsName := q.Kind == KindPerson || q.Kind == KindName || q.Kind == KindPlace
	wantsWords := q.Kind == KindQuote || wordsQuestion.MatchString(q.Text)
	wantsPhoto := photoQuestion.MatchString(q.Text)
	qNames := names(q.Text)
	qBigrams := bigrams(terms(q.Text))
	speaker := speakerOf(q.Text)
	owners := titleOwners(terms(q.Text))
	qPoss := possessions(reQuestionPossessive, q.Text)
	var out []scored
	allSents := make([][]string, len(hits))
	for i, h := range hits {
		allSents[i] = sentencesOf(h.Passage)
	}
	// following finds the sentence after sentence si of hit i: in the same
	// passage, or in an overlapping retrieved window of the same article.
	following := func(i, si int) (string, int) {
		if si+1 < len(allSents[i]) {
			return allSents[i][si+1], i
		}
		for j, h := range hits {
			if j == i || h.Passage.ArticleID != hits[i].Passage.ArticleID {
				continue
			}
			for k, t := range allSents[j] {
				if t == allSents[i][si] && k+1 < len(allSents[j]) {
					return allSents[j][k+1], j
				}
			}
		}
		return "", -1
	}
	preceding := func(i, si int) (string, int) {
		if si > 0 {
			return allSents[i][si-1], i
		}
		for j, h := range hits {
			if j == i || h.Passage.ArticleID != hits[i].Passage.ArticleID {
				continue
			}
			for k, t := range allSents[j] {
				if t == allSents[i][si] && k > 0 {
					return allSents[j][k-1], j
				}
			}
		}
		return "", -1
	}
	// A person named in full in one retrieved window of an article is
	// the same person in the others.
	byArticle := map[string]map[string]map[string]bool{}
	texts := map[string][]string{} // each article's retrieved passages
	for _, h := range hits {
		texts[h.Passage.ArticleID] = append(texts[h.Passage.ArticleID], h.Passage.Text)
		as := byArticle[h.Passage.ArticleID]
		if as == nil {
			as = map[string]map[string]bool{}
			byArticle[h.Passage.ArticleID] = as
		}
		for k, v := range titledNames(h.Passage.Text) {
			if as[k] == nil {
				as[k] = v
			}
		}
	}
	// A word of one full name in an article stands for the whole name
	// there: "Vice-foreign minister Kim" is the "Kim Hong Kyun" the
	// article named before.
	partsOf := map[string]map[string][]string{}
	titledOf := map[string]map[string][]titled{}
	for id, ts := range texts {
		partsOf[id], titledOf[id] = articleNames(ts)
	}
	// Each passage's words with its title's, and each article's: all
	// its retrieved passages' (the names eligible reads).
	ctxs := make([]map[string]bool, len(hits))
	articleStems := map[string]map[string]bool{}
	for i, h := range hits {
		ctxs[i] = withMetonyms(toSetSlice(terms(h.Passage.Outlet+" . "+h.Passage.Title+" . "+h.Passage.Text)), true)
		all := articleStems[h.Passage.ArticleID]
		if all == nil {
			all = map[string]bool{}
			articleStems[h.Passage.ArticleID] = all
		}
		for w := range ctxs[i] {
			all[w] = true
		}
	}
	seen := map[string]bool{}
	for i, h := range hits {
		aliases := byArticle[h.Passage.ArticleID]
		parts := partsOf[h.Passage.ArticleID]
		ctx := ctxs[i]
		for si, s := range allSents[i] {
			if seen[s] {
				continue // overlapping windows repeat sentences: score each once, in its best-ranked passage
			}
			seen[s] = true
			ws := lang.FoldWords(s)
			st := termsOf(ws)
			have := toSetSlice(st)
			addPhrasal(have, ws)
			for _, in := range spelledInitials(s, nil) {
				// "the Federal Bureau of Investigation" is the FBI the
				// question names, though the coverage also writes "FBI".
				have[in] = true
			}
			next, nextHit := following(i, si)
			prev, prevHit := preceding(i, si)
			if prev != "" && (anaphoric.MatchString(s) || definite.MatchString(s)) {
				// "The firm employs 1,100 workers": the firm is the one
				// the sentence before names.
				for _, t := range terms(prev) {
					have[t] = true
				}
			}
			for _, t := range st {
				for _, p := range parts[t] {
					have[p] = true
				}
			}
			if ts := titledOf[h.Passage.ArticleID]; len(ts) > 0 {
				// "Vice-foreign minister Kim": of the article's Kims, the
				// one it gave that title.
				for _, p := range byTitle(s, ts) {
					have[p] = true
				}
			}
			withMetonyms(have, false)
			if strings.HasPrefix(s, corpus.CaptionPrefix) {
				for _, w := range photoWords {
					have[w] = true // a caption speaks of its photo
				}
			}
			if q.Kind == KindSource {
				// "Where did 112.ua get this story": every sentence of
				// the outlet's story is what the outlet wrote.
				for _, w := range terms(h.Passage.Outlet) {
					have[w] = true
				}
			}
			c := coverageOf(ts, have, ctx, articleStems[h.Passage.ArticleID])
			sc := scored{hit: i, text: s, terms: st, have: have, ctx: ctx, coverage: c, article: articleStems[h.Passage.ArticleID],
				passageID: h.Passage.ID, next: next, nextHit: nextHit, prev: prev, prevHit: prevHit, aliases: aliases}
			sc.carries = carries(q, s)
			sc.otherOwner = otherOwner(owners, st) || otherPossessor(qPoss, s, st)
			if !sc.carries && prev != "" && anaphoric.MatchString(s) && (q.Kind == KindPerson || q.Kind == KindName) {
				sc.carries = carries(q, prev) // "He accused…": who he is, the sentence before says
			}
			out = append(out, sc)
		}
	}
	if sim != nil {
		texts := make([]string, len(out))
		for i, s := range out {
			texts[i] = s.text
		}
		for i, v := range sim(q.Text, texts) {
			out[i].semantic = v
		}
	}
	for i := range out {
		s := &out[i]
		s.relevance = relevance(s.coverage, s.semantic, sim != nil)
		sc := s.relevance * (1 / (1 + 0.03*float64(s.hit)))
		if s.carries && q.Kind != KindAny && q.Kind != KindYesNo {
			sc += 0.15
		}
		sc += phraseBonus * float64(min(2, sharedBigrams(qBigrams, s.terms)))
		if len(speaker) > 0 && speaks(s.text, speaker) {
			sc += speakerBonus // "what did Russia say": a sentence whose speaker is Russia's
		}
		sn := names(s.text)
		snSet := toSetSlice(sn)
		for _, n := range qNames {
			if snSet[n] {
				sc += 0.03
			}
		}
		if wantsName && len(sn) > len(qNames) {
			sc += 0.05 // it names someone or somewhere the question does not
		}
		if wantsWords && quoted.MatchString(corpus.Normalize(s.text)) {
			sc += 0.1 // the question asks for words; a quote gives them
		}
		if strings.HasPrefix(s.text, corpus.CaptionPrefix) {
			if wantsPhoto {
				sc += captionBonus // "who took the photo": the caption says
			} else {
				sc *= 0.6 // a photo caption is a poor answer, but sometimes the only one
			}
		}
		// Very short sentences (captions, datelines) say little, and a
		// line without final punctuation is mostly a heading.
		if len(s.terms) < 4 {
			sc *= 0.8
		}
		if heading(s.text) {
			sc *= 0.5
		}
		if s.otherOwner {
			sc *= 0.5
		}
		s.score = sc
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

// titled is a full name of an article and the words of the titles it
// gives the name (up to three words before it: "vice-foreign minister,
// Kim Hong Kyun").
type titled struct {
	name   []string
	titles map[string]bool
}

// articleNames reads the full names of texts (one article's: runs of two
// or more capitalised words) once, for two maps. parts maps each word of a
// name to the stems of the whole name, when the word belongs to that one
// name only and the article never writes it in lower case: "kim" to kim,
// hong, kyun when the article names no other Kim in full, but not "first"
// of "First Committee". shared maps each word that belongs to two or more
// names to those names and the titles each is given (up to three words
// before a mention: "vice-foreign minister, Kim Hong Kyun").
func articleNames(texts []string) (parts map[string][]string, shared map[string][]titled) {
	lower := map[string]bool{}
	for _, text := range texts {
		for _, w := range lang.FoldWords(text) {
			if !w.Upper {
				for _, t := range terms(w.Text) {
					lower[t] = true
				}
			}
		}
	}
	byName := map[string]*titled{}
	var order []string
	for _, text := range texts {
		n := corpus.Normalize(text)
		ws := lang.FoldWords(n)
		from := 0 // runs come in order: each is found after the one before
		for _, r := range capitalisedRuns(n, ws) {
			at := strings.Index(n[from:], r.text)
			if at < 0 {
				continue
			}
			start := from + at
			from = start + len(r.text)
			var name []string
			for _, w := range lang.FoldWords(r.text) {
				if w.Upper && !capsStop[w.Text] {
					name = append(name, terms(w.Text)...) // as sentences are read
				}
			}
			if len(name) < 2 {
				continue
			}
			key := strings.Join(name, " ")
			tt := byName[key]
			if tt == nil {
				tt = &titled{name: name, titles: map[string]bool{}}
				byName[key] = tt
				order = append(order, key)
			}
			for i := len(ws) - 1; i >= 0; i-- {
				if ws[i].Start != start {
					continue
				}
				for j := i - 1; j >= max(0, i-3); j-- {
					if !lang.IsStop(ws[j].Text) && !ws[j].Upper {
						tt.titles[lang.Stem(ws[j].Text)] = true
					}
				}
				break
			}
		}
	}
	shared = map[string][]titled{}
	for _, key := range order {
		tt := byName[key]
		for _, p := range tt.name {
			if n := len(shared[p]); n > 0 && slices.Equal(shared[p][n-1].name, tt.name) {
				continue // a word twice in one name
			}
			shared[p] = append(shared[p], *tt)
		}
	}
	parts = map[string][]string{}
	for p, ts := range shared {
		switch {
		case len(ts) >= 2:
		case !lower[p]:
			parts[p] = ts[0].name
			delete(shared, p)
		default:
			delete(shared, p)
		}
	}
	return parts, shared
}

// byTitle returns the stems of the full name a word of sentence s stands
// for when the word belongs to several names (ts) and the words just
// before it are the titles of only one of them ("vice-foreign minister
// Kim" for Kim Hong Kyun, not Kim Jong Un); nil when none does.
func byTitle(s string, ts map[string][]titled) []string {
	ws := lang.FoldWords(corpus.Normalize(s))
	var out []string
	for i, w := range ws {
		cands := ts[lang.Stem(w.Text)]
		if len(cands) == 0 || !w.Upper {
			continue
		}
		var match [][]string
		for _, c := range cands {
			for j := max(0, i-3); j < i; j++ {
				if c.titles[lang.Stem(ws[j].Text)] {
					match = append(match, c.name)
					break
				}
			}
		}
		// One person, however spelt ("Kim Hong-kyun", "Kim Hong Kyun"):
		// every name matched lies within the longest.
		var long []string
		for _, m := range match {
			if len(m) > len(long) {
				long = m
			}
		}
		if len(match) > 0 && !slices.ContainsFunc(match, func(m []string) bool {
			return slices.ContainsFunc(m, func(w string) bool { return !slices.Contains(long, w) })
		}) {
			out = append(out, long...)
		}
	}
	return out
}

// titledNames maps the last name of each run of two or more capitalised
// words in text to the stems of its first such mention and of the three
// words before it in the same clause ("B and C managing director Peter
// Goldie": goldie to b, c, manag, director, peter, goldie).
func titledNames(text string) map[string]map[string]bool {
	ws := lang.FoldWords(corpus.Normalize(text))
	var out map[string]map[string]bool
	for i := 0; i < len(ws); {
		j := i
		for j < len(ws) && ws[j].Upper && (j == i || strings.TrimSpace(text[ws[j-1].End:ws[j].Start]) == "") {
			j++
		}
		if j-i < 2 {
			i = max(j, i+1)
			continue
		}
		last := lang.Stem(ws[j-1].Text)
		if out == nil {
			out = map[string]map[string]bool{}
		}
		if out[last] == nil && !capsStop[ws[j-1].Text] {
			set := map[string]bool{}
			for k := j - 1; k >= max(0, i-3); k-- {
				if k < i && strings.TrimSpace(text[ws[k].End:ws[k+1].Start]) != "" {
					break // a comma or a full stop ends the title
				}
				if !lang.IsStop(ws[k].Text) {
					set[lang.Stem(ws[k].Text)] = true
				}
			}
			out[last] = set
		}
		i = j
	}
	return out
}

// withMetonyms adds to the stems of a text the country a capital it names
// stands for ("Seoul said" is South Korea speaking) and the capital of a
// country it names in full, so that "what did Seoul say" meets "South
// Korea said". A seat of government ("the Kremlin") is added only with
// passage set (a passage's context): a sentence about Russia does not say
// what the Kremlin said. It returns set.
//
// Capitals are read into countries first, then countries into capitals, so
// that the result does not hang on the order the metonyms are visited in
// ("the Kremlin" gives Russia, and so Moscow, every time).
func withMetonyms(set map[string]bool, passage bool) map[string]bool {
	lang.Metonyms(func(capital string, country []string) {
		if set[capital] {
			for _, c := range country {
				set[c] = true
			}
		}
	})
	lang.Metonyms(func(capital string, country []string) {
		if !set[capital] && (passage || !seats[capital]) && allIn(set, country) {
			set[capital] = true
		}
	})
	return set
}

// seats are the stems of seats of government that news uses for a
// country's leadership, not the country at large.
var seats = toSet(stem("kremlin") + " " + stem("whitehall") + " " + stem("elysee"))

func allIn(set map[string]bool, ks []string) bool {
	for _, k := range ks {
		if !set[k] {
			return false
		}
	}
	return len(ks) > 0
}

// anaphoric matches a sentence that opens by pointing back at what the
// sentence before it named.
var anaphoric = regexp.MustCompile(`^(?:"?(?:He|She|It|They|This|That|These|Those|His|Her|Its|Their)\b|The (?:firm|company|group|bank|agency|ministry|minister|official|officials|move|deal|offer|bid|unit|companies|report|statement|spokesman|spokeswoman|president|envoy|ambassador|country|government|source|two|three|four|five|six|seven|eight|nine|ten|pair|trio|partners|buyers|sellers|investors|plant|refinery|ship|tanker|vessel|pact|agreement|treaty|accord|plan|proposal|study|survey)\b|Both\b|All (?:four|three|two|five|six)\b)`)

// definite matches a sentence that opens with a definite common noun
// ("The transaction included 140 mln dlrs…"): in news copy it points back
// at what the sentence before names.
var definite = regexp.MustCompile(`^The [a-z]+\b`)

// speakerBonus is what a sentence gains when the one the question asks
// about ("how many troops does Ukraine say…") is its speaker.
const speakerBonus = 0.2

// reSpeaker finds who a question asks about: "does Ukraine say", "did the
// Kremlin call", "according to Seoul".
var reSpeaker = regexp.MustCompile(`(?i)(?:\b(?:does|did|do|has|have|had|is|was|were|are|will|would)|\bwhat(?:'s|s))\s+([\w\s'.-]{2,60}?)\s+(?:say|said|says|saying|claim\w*|estimate\w*|report\w*|think|believe|call\w*|describ\w*|tell|told|put|warn\w*|announce\w*|respond\w*|react\w*|accus\w*|den(?:y|ied|ies)|demand\w*|urg\w*|want\w*)\b|\baccording to ([\w\s'.-]{2,60}?)(?:[,?.]|$)`)

// speakerOf returns the stems of who question q asks about, if it asks
// what someone said.
func speakerOf(q string) []string {
	m := reSpeaker.FindStringSubmatch(q)
	if m == nil {
		return nil
	}
	return terms(m[1] + " " + m[2])
}

// speaks reports whether the speaker's stems all stand near the start of
// s outside its quotations: where news puts who said it.
func speaks(s string, speaker []string) bool {
	plain := quotedSpan.ReplaceAllString(corpus.Normalize(s), " ")
	ts := terms(plain)
	if len(ts) > speakerWindow {
		ts = ts[:speakerWindow]
	}
	have := toSetSlice(ts)
	for _, t := range speaker {
		if !have[t] {
			return false
		}
	}
	return true
}

// speakerWindow is how many content words from a sentence's start (quotes
// left out) are read for its speaker.
const speakerWindow = 8

// quotedSpan matches a quotation.
var quotedSpan = regexp.MustCompile(`"[^"]*"`)

// phraseBonus is what each phrase of the question found as a phrase in a
// sentence adds to its ordering score: "Russia's UN ambassador" is better
// met by "Russia's UN ambassador" than by "ambassador to the UN … Russia".
const phraseBonus = 0.04

// bigrams returns the pairs of neighbouring terms of ts.
func bigrams(ts []string) map[[2]string]bool {
	out := map[[2]string]bool{}
	for i := 0; i+1 < len(ts); i++ {
		out[[2]string{ts[i], ts[i+1]}] = true
	}
	return out
}

// sharedBigrams counts the distinct neighbouring pairs of ts that are in want.
func sharedBigrams(want map[[2]string]bool, ts []string) int {
	n := 0
	for b := range bigrams(ts) {
		if want[b] {
			n++
		}
	}
	return n
}

// similarity returns the meaning similarity of question to each of texts
// (cosine of sentence vectors), or nil when it cannot.
type similarity func(question string, texts []string) []float64

// relevance combines word coverage and meaning similarity into the one
// number the decision compares with its bar. Meaning can lift a sentence
// whose words differ from the question's (a paraphrase) but never lowers
// one that holds them. The weights and the scale were chosen together with
// the bar by a grid search on four question sets (docs/DECIDING.md).
func relevance(coverage, semantic float64, haveSemantic bool) float64 {
	if !haveSemantic {
		return coverage
	}
	return max(coverage, (1-semanticWeight)*coverage+semanticWeight*semanticScale(semantic))
}

// semanticWeight is the share of meaning in relevance.
const semanticWeight = 0.4

// semanticScale maps a sentence-model cosine onto the coverage scale: at
// or below semanticLow it adds nothing (sentences on the same story reach
// that), from semanticHigh on it counts fully.
func semanticScale(cos float64) float64 {
	return min(1, max(0, (cos-semanticLow)/(semanticHigh-semanticLow)))
}

// The USE-Lite cosines between which meaning counts.
const (
	semanticLow  = 0.45
	semanticHigh = 0.75
)

// heading reports whether s looks like a heading: no final . ! or ?
// (closing quotes and brackets aside).
func heading(s string) bool {
	s = strings.TrimRight(s, "\"')]”’ ")
	if s == "" {
		return true
	}
	if strings.ContainsAny(s[len(s)-1:], ".!?") {
		return false
	}
	// Wire copy sometimes drops a sentence's full stop ("The firm employs
	// 1,100 workers"): a line in mostly lower case is a sentence still.
	ws := strings.Fields(s)
	caps := 0
	for _, w := range ws {
		if capitalised(w) {
			caps++
		}
	}
	if len(ws) < 4 || 2*caps > len(ws) {
		return true
	}
	// A short line with no full stop, no figure and no verb a sentence
	// would have is a section heading in lower case ("Reaction of the
	// Kremlin and the international community").
	if len(ws) > 9 || strings.ContainsAny(s, "0123456789") {
		return false
	}
	for _, w := range ws {
		w = strings.ToLower(strings.Trim(w, ",;:\"'"))
		if auxiliary[w] || speakingVerbs[w] || strings.HasSuffix(w, "ed") {
			return false
		}
	}
	return true
}

func uniq(ts []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// pick takes up to n sentences from ranked: the best, then others close
// to it in score that are no near-copy of one already taken.
func pick(ranked []scored, n int, minRatio float64) []scored {
	var out []scored
	for _, s := range ranked {
		if len(out) == n {
			break
		}
		if len(out) > 0 && s.score < minRatio*out[0].score {
			break
		}
		if len(out) > 0 && heading(s.text) {
			continue // a heading only ever leads when nothing better exists
		}
		if !nearCopy(out, s, 0.5) {
			out = append(out, s)
		}
	}
	return out
}

// nearCopy reports whether s shares at least share of its terms (Jaccard)
// with a sentence already in out.
func nearCopy(out []scored, s scored, share float64) bool {
	return slices.ContainsFunc(out, func(o scored) bool { return jaccard(o.terms, s.terms) >= share })
}

// quote makes a passage sentence safe to cite: markers inside the
// article's own text ("[3]") would pose as ours, so they become "(3)".
func quote(s string) string {
	return markerRE.ReplaceAllString(strings.TrimSpace(s), "($1)")
}

// extractive fills ans with sentences quoted verbatim from the hits, led
// by the sentence that answers, or refuses, as the relevance decision says.
func (a *Answerer) extractive(ctx context.Context, ans *Answer, q string, hits []retrieval.Hit) {
	ans.Mode = ModeExtractive
	ans.Model = ""
	ans.PromptVersion = ExtractiveVersion
	ans.Hits = hits
	// "how much did it cut n wats its posting now": chat's "n" joins two
	// questions as "and" does.
	if parts := splitParts(lang.Expand(q)); len(parts) > 1 && a.extractiveParts(ctx, ans, parts, hits) {
		return
	}
	d := a.judge(ctx, q, hits, a.opts.MinRelevance, true)
	ans.Reason = d.reason
	if d.lead < 0 {
		a.refuse(ans, ModeExtractive)
		return
	}
	ranked, lead := d.ranked, d.lead
	if len(d.speaker) > 0 {
		// "What is Seoul saying": not a sentence that plainly quotes
		// someone else after Seoul's words.
		leadText := ranked[lead].text
		ranked = slices.DeleteFunc(slices.Clone(ranked), func(s scored) bool {
			return s.text != leadText && quotedElsewhere(s.text, d.speaker)
		})
		lead = slices.IndexFunc(ranked, func(s scored) bool { return s.text == leadText })
	}
	chosen := pickLead(ranked, lead, maxExtractive, a.opts.MinRelevance)
	chosen = coverMissing(chosen, ranked, d.terms, maxExtractive+1, a.opts.MinRelevance)
	chosen = sayingNone(chosen, ranked, d.question)
	text, cites, cited := cite(chosen, hits, reWhichOutlet.MatchString(questionText(lang.Expand(q))))
	ans.Hits = cited
	ans.Text = text
	ans.Citations = cites
	ans.Unsupported = nil
}

// reWhichOutlet matches a question on which outlet carries something
// ("which outlet has hwang saying…", "who reported the deal first").
var reWhichOutlet = regexp.MustCompile(`\b(?:which|what) (?:outlets?|news ?agenc(?:y|ies)|papers?|newspapers?|sites?|websites?|publications?|wires?|articles?|stories)\b|^(?:and\s+|so\s+)?who (?:reported|reports|carried|carries|published|publishes|ran)\b`)

// pickLead takes the lead sentence, then up to n-1 more that are relevant
// on their own (relevance at the bar), close to the lead in score, and no
// near-copy of one already taken.
func pickLead(ranked []scored, lead, n int, bar float64) []scored {
	out := []scored{ranked[lead]}
	for i, s := range ranked {
		if len(out) == n {
			break
		}
		if i == lead || s.relevance < bar || s.score < 0.7*ranked[lead].score || heading(s.text) || s.otherOwner {
			continue
		}
		if !nearCopy(out, s, 0.5) {
			out = append(out, s)
		}
	}
	return out
}

// coverMissing adds to chosen, when it holds fewer than n, the most
// relevant sentence relevant on its own (relevance at the bar) that says
// in its own words a word of the question none of the chosen sentences
// says itself: "wat did yoon promise" is led by the sentence on his call
// with Rutte, whose passage holds "promised", and then gets "The South
// Korean president has promised action…", though it scores under
// pickLead's share of the lead. A word a chosen sentence holds only as a
// thesaurus link ("asked" for "demand") is still missing; the sentence
// added may say either. Names, words the coverage never uses and words
// naming the kind of answer do not count: a name is checked by the
// decision, and the others no sentence need repeat. extractive passes n
// one over maxExtractive: a full answer may take the one sentence more.
func coverMissing(chosen, ranked []scored, ts []qterm, n int, bar float64) []scored {
	if len(chosen) >= n {
		return chosen
	}
	own := func(s scored, t qterm) bool { return hasAny(s.have, t.stems) || hasAny(s.have, t.related) }
	var missing []qterm
	for _, t := range ts {
		if t.unknown || t.name || t.named || t.optional {
			continue
		}
		if !slices.ContainsFunc(chosen, func(s scored) bool { return hasAny(s.have, t.stems) }) {
			missing = append(missing, t)
		}
	}
	if len(missing) == 0 {
		return chosen
	}
	for _, s := range ranked {
		if s.relevance < bar || heading(s.text) || s.otherOwner || isChosen(s.text, chosen) || nearCopy(chosen, s, 0.5) {
			continue
		}
		if slices.ContainsFunc(missing, func(t qterm) bool { return own(s, t) }) {
			return append(chosen, s)
		}
	}
	return chosen
}

// reSaidWhether matches a yes/no question on whether something was said
// ("did penril say why alexander quit", "has the company disclosed how
// much it paid"), capturing the question it embeds.
var reSaidWhether = regexp.MustCompile(`^(?:and\s+|so\s+)?(?:did|does|do|has|have|had|will|would|was|were|is)\b.*?\b(?:say|said|says|saying|explain\w*|give|gave|given|disclose\w*|reveal\w*|tell|told|mention\w*|state\w*)\s+((?:why|how much|how many|how|when|where|who)\b.*)$`)

// sayingNone answers "did penril say why the director quit": when a
// chosen sentence is followed in its article by one saying the story does
// not give what the embedded question asks ("It gave no reason."), that
// sentence follows it, as the answer's no.
func sayingNone(chosen, ranked []scored, q Question) []scored {
	if q.Kind != KindYesNo {
		return chosen
	}
	m := reSaidWhether.FindStringSubmatch(questionText(q.Text))
	if m == nil {
		return chosen
	}
	embedded := readQuestion(m[1])
	for i, s := range chosen {
		if s.next == "" || isChosen(s.next, chosen) || !withheld(embedded, s.next) {
			continue
		}
		if k := slices.IndexFunc(ranked, func(r scored) bool { return r.text == s.next }); k >= 0 {
			return slices.Insert(slices.Clone(chosen), i+1, ranked[k])
		}
	}
	return chosen
}

// cite writes the chosen sentences, each followed by its marker, numbering
// the passages densely by first use (see quotes).
//
// With byOutlet, each sentence opens with the outlets that carry it, as
// compare writes them ("112.ua: …"): the answer to "which outlet has…".
func cite(chosen []scored, hits []retrieval.Hit, byOutlet bool) (string, []Citation, []retrieval.Hit) {
	var b strings.Builder
	// Syndicated copies that retrieval folded into a hit can be cited too:
	// they join the hits, after the retrieved ones.
	hits = slices.Clip(hits)
	for i := range hits {
		for _, d := range hits[i].Duplicates {
			hits = append(hits, retrieval.Hit{Passage: d})
		}
	}
	qs := quotes{hits: hits}
	write := func(hit int, sentence string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		// The same statement in another outlet's article is cited
		// beside it, so the answer says it once, attributed to each.
		marks := " [" + itoa(qs.mark(hit, sentence)) + "]"
		names := []string{outletOf(hits[hit].Passage)}
		ts := terms(sentence)
		outlets := map[string]bool{names[0]: true}
		for j, h := range hits {
			o := outletOf(h.Passage)
			if j == hit || outlets[o] || h.Passage.ArticleID == hits[hit].Passage.ArticleID {
				continue
			}
			for _, t := range sentencesOf(h.Passage) {
				if jaccard(ts, terms(t)) >= sameStatement {
					outlets[o] = true
					names = append(names, o)
					marks += " [" + itoa(qs.mark(j, t)) + "]"
					break
				}
			}
		}
		if byOutlet {
			b.WriteString(strings.Join(names, ", ") + ": ") // "which outlet has…": each sentence says whose it is
		}
		b.WriteString(quote(sentence))
		b.WriteString(marks)
	}
	written := map[string]bool{}
	for _, s := range chosen {
		if (pronounLed.MatchString(s.text) || quoteOnly(s.text) && speech.MatchString(s.prev) || closesQuote(s.text, s.prev)) && s.prev != "" && !written[s.prev] && !isChosen(s.prev, chosen) {
			write(s.prevHit, s.prev) // say who "he" is, or who is quoted
			written[s.prev] = true
		}
		if written[s.text] {
			continue
		}
		write(s.hit, s.text)
		written[s.text] = true
		if continues(s, chosen) && !written[s.next] {
			write(s.nextHit, s.next)
			written[s.next] = true
		}
	}
	return b.String(), qs.cites, hits
}

// sameStatement is the overlap of content words at which two outlets'
// sentences are taken for the same statement (a wire quote reprinted).
const sameStatement = 0.6

// continues reports whether the sentence after s carries on what the
// person s names said ("… Robert Wood told the Council." followed by
// "\"If true, …,\" Wood said."): without it the quote the question asks
// for would be cut off. A sentence already chosen is not repeated.
func continues(s scored, chosen []scored) bool {
	if s.next == "" || !speech.MatchString(s.next) || !quoted.MatchString(corpus.Normalize(s.next)) {
		return false
	}
	if isChosen(s.next, chosen) {
		return false
	}
	said := toSetSlice(names(s.text))
	for _, n := range names(s.next) {
		if said[n] {
			return true
		}
	}
	return false
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// closesQuote reports whether sentence s ends a quotation that the
// sentence before it, prev, opens: Hwang's "We are well aware that North
// Korea is a habitual violator… resolutions. However, … have even
// surprised us," is split after "resolutions", and the second half quoted
// alone would start mid-quote and drop the first.
func closesQuote(s, prev string) bool {
	n, p := corpus.Normalize(s), corpus.Normalize(prev)
	return strings.Count(n, "\"")%2 == 1 && !strings.HasPrefix(n, "\"") && strings.Count(p, "\"")%2 == 1 && strings.HasPrefix(p, "\"")
}

// pronounLed matches a sentence that opens with a pronoun: quoted alone,
// the reader would not know who "he" is, so the sentence before it comes
// too. "It" is left out: "It was the first…" rarely points at a person.
var pronounLed = regexp.MustCompile(`^(?:He|She|They|His|Her|Their|The (?:firm|company|group|bank|agency|ministry))\b`)

// isChosen reports whether sentence is one of chosen.
func isChosen(sentence string, chosen []scored) bool {
	for _, c := range chosen {
		if c.text == sentence {
			return true
		}
	}
	return false
}

// particles are the second words of the verbs of two words ("touch
// down", "step down", "take over") that phrasalToken and addPhrasal read.
var particles = toSet("up down off out over in on away back through along around")

// phrasalToken is the token a verb of two words ("touch down") stands
// for among a sentence's stems: the verb's stem and its particle
// ("touch+down"); "" for anything else.
func phrasalToken(lemma string) string {
	verb, particle, ok := strings.Cut(lemma, " ")
	if !ok || strings.Contains(particle, " ") || !particles[particle] || lang.IsStop(verb) {
		return ""
	}
	return stem(verb) + "+" + particle
}

// addPhrasal adds to have the token of each verb of two words that the
// sentence of folded words ws says ("touched down": touch+down), so that a
// question word the thesaurus links to it ("landing") finds it.
func addPhrasal(have map[string]bool, ws []lang.Word) {
	for i := 0; i+1 < len(ws); i++ {
		if particles[ws[i+1].Text] && ws[i+1].Start == ws[i].End+1 && !lang.IsStop(ws[i].Text) {
			have[stem(ws[i].Text)+"+"+ws[i+1].Text] = true
		}
	}
}
