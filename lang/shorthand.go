package lang

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Expand rewrites chat shorthand in a question as the words news text uses
// ("wat r nk troops doing rn" → "what are north korea troops doing right
// now"), so the question can meet passages. It changes whole words only,
// leaves everything else (case, punctuation, spacing) as it was, and is
// meant for questions, not for news text. "us" becomes "usa" only where it
// cannot be the pronoun: after "the" ("the us") or before a word that
// names an institution or group ("us officials", "us troops").
func Expand(s string) string {
	s = reThousands.ReplaceAllStringFunc(s, thousands)   // "the 11k number": 11,000
	s = reFiscalYear.ReplaceAllStringFunc(s, fiscalYear) // "in 87/88": 1987/88
	s = reShortYear.ReplaceAllStringFunc(s, shortYear)   // "back in 84": in 1984
	toks := shortTokens(s)
	if len(toks) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	last := 0
	for i, t := range toks {
		rep, ok := expansion(s, toks, i)
		if !ok {
			continue
		}
		b.WriteString(s[last:t.start])
		b.WriteString(rep)
		last = t.end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// token is one word of a chat question: a run of letters and digits, or
// one of the forms with a dot or slash ("u.s.", "w/", "w/o").
type token struct {
	start, end int
	lower      string
	upper      bool // has an upper-case letter
}

func shortTokens(s string) []token {
	var out []token
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !isAlnum(r) {
			i += n
			continue
		}
		start := i
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !isAlnum(r) {
				break
			}
			i += n
		}
		low := strings.ToLower(s[start:i])
		// the dotted and slashed forms
		rest := strings.ToLower(s[i:])
		switch {
		case low == "u" && strings.HasPrefix(rest, ".s.a."):
			i += 5
		case low == "u" && strings.HasPrefix(rest, ".s."):
			i += 3
		case low == "w" && strings.HasPrefix(rest, "/o") && !startsAlnum(rest[2:]):
			i += 2
		case low == "w" && strings.HasPrefix(rest, "/") && !startsAlnum(rest[1:]):
			i++
		case (low == "gov" || low == "govt") && strings.HasPrefix(rest, "'t"):
			i += 2
		}
		tok := s[start:i]
		out = append(out, token{start: start, end: i, lower: strings.ToLower(tok), upper: strings.ToLower(tok) != tok})
	}
	return out
}

func startsAlnum(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return s != "" && isAlnum(r)
}

// glued reports whether token t is joined to a neighbour by an apostrophe,
// hyphen or dot ("y'all", "u-boat", "r.i.p"): not a word on its own.
func glued(s string, t token) bool {
	if t.start > 0 {
		switch s[t.start-1] {
		case '\'', '-', '.', '/', '@', '#':
			return true
		}
	}
	if t.end < len(s) {
		if possessive(s[t.end:]) {
			return false // "nk's troops": the shorthand, owning
		}
		switch s[t.end] {
		case '\'', '-', '@':
			return true
		case '.', '/':
			return startsAlnum(s[t.end+1:])
		}
	}
	return false
}

// possessive reports whether rest, the text after a word, opens with a
// possessive "'s" that ends there ("'s troops", "’s").
func possessive(rest string) bool {
	for _, ap := range []string{"'s", "’s"} {
		if strings.HasPrefix(rest, ap) && !startsAlnum(rest[len(ap):]) {
			return true
		}
	}
	return false
}

func expansion(s string, toks []token, i int) (string, bool) {
	t := toks[i]
	if glued(s, t) && !strings.ContainsAny(t.lower, "./'") {
		return "", false
	}
	switch t.lower {
	case "us":
		if t.upper || !countryUS(toks, i) {
			return "", false // "US" is Fold's; "us" is mostly the pronoun
		}
		return "usa", true
	case "usa", "u.s.", "u.s.a.":
		return "usa", true
	}
	if (t.lower == "acc" || t.lower == "acc.") && i+1 < len(toks) && toks[i+1].lower == "to" {
		return "according", true // "acc to the ceo"
	}
	if (t.lower == "n" || t.lower == "s") && i+1 < len(toks) && strings.HasPrefix(toks[i+1].lower, "korea") {
		return map[string]string{"n": "north", "s": "south"}[t.lower], true // "n korea"
	}
	e, ok := shorthand[t.lower]
	if !ok || (e.lowerOnly && t.upper) {
		return "", false
	}
	return e.to, true
}

// countryUS reports whether the lower-case "us" at toks[i] names the
// country: "the us", "us officials", "us-china" is not seen here (glued).
func countryUS(toks []token, i int) bool {
	if i > 0 && toks[i-1].lower == "the" {
		return true
	}
	return i+1 < len(toks) && usNouns[toks[i+1].lower]
}

// usNouns follow "us" as the country's adjective, never the pronoun's
// object in a question ("us officials", not "tell us officials…").
var usNouns = toSet(`official officials government govt administration military army navy troops forces soldiers
president envoy ambassador embassy diplomat diplomats intelligence sanctions election elections state department
congress senate senator senators lawmakers forces economy dollar treasury citizens citizen allies ally
response position stance policy warships aid spy spies`)

// shorthand maps chat forms to their words. lowerOnly entries are left
// alone when written with a capital ("U", "R"), where they may be a
// letter or an initial.
var shorthand = map[string]struct {
	to        string
	lowerOnly bool
}{
	"r": {"are", true}, "n": {"and", true}, "u": {"you", true}, "ur": {"your", true}, "y": {"why", true},
	"ya": {"you", true}, "yr": {"your", true},
	"wat": {"what", false}, "wut": {"what", false}, "wht": {"what", false}, "wot": {"what", false},
	"whats": {"what is", false}, "wats": {"what is", false}, "wuts": {"what is", false},
	"abt": {"about", false}, "bout": {"about", false},
	"bc": {"because", false}, "cuz": {"because", false}, "coz": {"because", false},
	"bcuz": {"because", false}, "bcoz": {"because", false}, "cos": {"because", true},
	"pls": {"please", false}, "plz": {"please", false}, "pleez": {"please", false},
	"thx": {"thanks", false}, "thnx": {"thanks", false}, "tx": {"thanks", true},
	"govt": {"government", false}, "gov't": {"government", false}, "gov": {"government", true},
	"intl": {"international", false}, "natl": {"national", false}, "bros": {"brothers", true},
	"assn": {"association", false}, "max": {"maximum", true}, "min": {"minimum", true},
	"mgmt": {"management", false}, "mgmnt": {"management", false}, "mgr": {"manager", false},
	"dept": {"department", false}, "grp": {"group", false}, "ppl": {"people", false}, "pple": {"people", false},
	"rn": {"right now", true}, "atm": {"at the moment", true}, "kinda": {"kind of", false},
	"sorta": {"sort of", false}, "gonna": {"going to", false}, "wanna": {"want to", false},
	"gotta": {"got to", false}, "tho": {"though", false}, "thru": {"through", false},
	"w/": {"with", false}, "w/o": {"without", false}, "w": {"with", true}, "wrt": {"about", false}, "b4": {"before", false}, "2day": {"today", false},
	"2moro": {"tomorrow", false}, "2morrow": {"tomorrow", false}, "tmrw": {"tomorrow", false},
	"tmr": {"tomorrow", false}, "yday": {"yesterday", false}, "l8r": {"later", false},
	"idk": {"i do not know", false}, "imo": {"in my opinion", false}, "btw": {"by the way", false},
	"afaik": {"as far as i know", false}, "iirc": {"if i recall correctly", false},
	"im": {"i am", true}, "ive": {"i have", true}, "dont": {"do not", false}, "didnt": {"did not", false},
	"doesnt": {"does not", false}, "isnt": {"is not", false}, "wasnt": {"was not", false},
	"arent": {"are not", false}, "werent": {"were not", false}, "cant": {"cannot", false},
	"wont": {"will not", true}, "hasnt": {"has not", false}, "havent": {"have not", false},
	"tech": {"technology", true},
	"msg":  {"message", false}, "pic": {"picture", false}, "pics": {"pictures", false},
	"intel": {"intelligence", true}, "secgen": {"secretary-general", false},
	"prez": {"president", false}, "pres": {"president", true}, "admin": {"administration", true}, "nuke": {"nuclear weapon", false}, "nukes": {"nuclear weapons", false},
	"nk": {"north korea", false}, "nks": {"north korea's", false}, "sk": {"south korea", true}, "sks": {"south korea's", true}, "rok": {"south korea", false},
	"prc": {"china", false},
	// dropped g: "goin on", "sayin"
	"goin": {"going", false}, "doin": {"doing", false}, "sayin": {"saying", false}, "talkin": {"talking", false},
	"nothin": {"nothing", false}, "somethin": {"something", false}, "happenin": {"happening", false},
	"rep": {"representative", true}, "reps": {"representatives", true}, "whos": {"who is", false}, "wholl": {"who will", false}, "whatll": {"what will", false}, "itll": {"it will", false},
	"theyll": {"they will", false}, "whod": {"who would", false}, "whatd": {"what did", false},
	"wheres": {"where is", false}, "hows": {"how is", false}, "whens": {"when is", false},
	"wher": {"where", false}, "whr": {"where", false}, "hw": {"how", true},
	"rly": {"really", false}, "sth": {"something", false}, "smth": {"something", false}, "tbh": {"to be honest", false},
	"ngl": {"not going to lie", false}, "dunno": {"do not know", false}, "gimme": {"give me", false}, "lemme": {"let me", false},
	"thats": {"that is", false}, "theres": {"there is", false}, "theyre": {"they are", false}, "whatre": {"what are", false},
	"pts": {"points", false}, "hr": {"hour", false}, "hrs": {"hours", false}, "mins": {"minutes", false}, "wk": {"week", false}, "wks": {"weeks", false},
	"yrs": {"years", false}, "approx": {"approximately", false}, "co": {"company", true}, "bn": {"billion", false},
	"tues": {"tuesday", false}, "weds": {"wednesday", false}, "thurs": {"thursday", false}, "thur": {"thursday", false},
	"hq": {"headquarters", false}, "supe": {"superintendent", false}, "supes": {"superintendents", false},
	"wud": {"would", false}, "wld": {"would", false}, "cud": {"could", false}, "cld": {"could", false},
	"shud": {"should", false}, "shld": {"should", false}, "wudnt": {"would not", false}, "cudnt": {"could not", false},
	"wen": {"when", true}, "whn": {"when", false}, "wich": {"which", false}, "whihc": {"which", false}, "whcih": {"which", false},
	"waht": {"what", false}, "whta": {"what", false}, "howmany": {"how many", false}, "howmuch": {"how much", false},
	"jv": {"joint venture", false}, "jvs": {"joint ventures", false},
	"q1": {"first quarter", false}, "q2": {"second quarter", false}, "q3": {"third quarter", false}, "q4": {"fourth quarter", false},
	"amb": {"ambassador", false}, "fm": {"foreign minister", false}, "vp": {"vice president", false},
	"dad": {"father", false}, "mom": {"mother", false}, "mum": {"mother", false}, "bro": {"brother", false},
	// city nicknames chat uses for the place
	"philly": {"philadelphia", false}, "cincy": {"cincinnati", false}, "nyc": {"new york", false}, "vegas": {"las vegas", true},
	"chi-town": {"chicago", false}, "frisco": {"san francisco", false},
}

func toSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// reThousands matches chat's "11k" or "1.5k".
var reThousands = regexp.MustCompile(`\b\d{1,3}(?:\.\d{1,3})?[kK]\b`)

// thousands writes a reThousands match as the number it stands for, as
// news writes it ("11,000", "1,500").
func thousands(w string) string {
	v, err := strconv.ParseFloat(w[:len(w)-1], 64)
	if err != nil {
		return w
	}
	out := strconv.FormatInt(int64(math.Round(v*1000)), 10)
	for i := len(out) - 3; i > 0; i -= 3 {
		out = out[:i] + "," + out[i:]
	}
	return out
}

// reFiscalYear matches a fiscal year written with two-digit years,
// "87/88" or "24/25".
var reFiscalYear = regexp.MustCompile(`\b\d{2}/\d{2}\b`)

// fiscalYear writes a two-digit fiscal year as news does, its first year
// in full ("1987/88", "2024/25"), when the second year follows the first;
// anything else ("12/25") is left as it is.
func fiscalYear(w string) string {
	a, _ := strconv.Atoi(w[:2])
	b, _ := strconv.Atoi(w[3:])
	if b != (a+1)%100 {
		return w
	}
	century := "20"
	if a >= 50 {
		century = "19"
	}
	return century + w
}

// reShortYear finds a year written with two digits after "in", "since"
// or "back in", at the end of a clause: "sold it back in 84". A unit
// after the number ("in 12 months") makes it no year.
var reShortYear = regexp.MustCompile(`(?i)\b(back in|in|since) '?(\d{2})([?.!,;]|$)`)

// shortYear writes the year of a reShortYear match in full, 50-99 in the
// 1900s and 00-49 in the 2000s, and drops "back".
func shortYear(m string) string {
	sub := reShortYear.FindStringSubmatch(m)
	y, _ := strconv.Atoi(sub[2])
	century := "20"
	if y >= 50 {
		century = "19"
	}
	prep := strings.ToLower(sub[1])
	if prep == "back in" {
		prep = "in"
	}
	return prep + " " + century + sub[2] + sub[3]
}
