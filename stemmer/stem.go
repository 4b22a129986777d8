// Package stemmer reduces English words to stems for matching: irregular
// verb forms to their base, British spellings to American, then the
// Snowball stemmer. Retrieval and the answer checks share it, so a word
// that matches in one matches in the other.
package stemmer

import (
	"strings"

	"github.com/kljensen/snowball/english"
)

// Word returns the stem of a lower-case word: "sent" and "sending" give
// "send", "criticised" and "criticized" give "critic".
func Word(w string) string {
	if base, ok := irregular[w]; ok {
		w = base
	}
	return english.Stem(americanize(w), false)
}

// americanize folds British spellings onto American ones before stemming
// ("criticised" → "criticized", "rumours" → "rumors", "analyse" → "analyze",
// "centre" → "center", "defence" → "defense"), because Snowball strips the
// two forms to different stems ("criticis" / "critic") and outlets differ.
// It is applied to queries and passages alike, so a word it bends that has
// no American twin ("promise" → "promize") still meets itself.
func americanize(w string) string {
	for _, r := range spellingRules {
		if stem, ok := strings.CutSuffix(w, r.from); ok && len([]rune(stem)) >= r.minStem {
			return stem + r.to
		}
	}
	return w
}

// spellingRules are tried in order; the longest endings come first.
var spellingRules = []struct {
	from, to string
	minStem  int // letters that must stand before the ending
}{
	{"isations", "izations", 3}, {"isation", "ization", 3},
	{"ising", "izing", 4}, {"ised", "ized", 4}, {"ises", "izes", 4}, {"ise", "ize", 4},
	{"ysing", "yzing", 3}, {"ysed", "yzed", 3}, {"yses", "yzes", 4}, {"yse", "yze", 3},
	{"ouring", "oring", 3}, {"oured", "ored", 3}, {"ours", "ors", 3}, {"our", "or", 3},
	{"tres", "ters", 3}, {"tre", "ter", 3},
	{"fence", "fense", 1}, {"fences", "fenses", 1}, {"cence", "cense", 2},
}

// irregular maps past forms of common irregular English verbs to their
// base form, which Snowball does not do ("spoke" would never meet "speak").
var irregular = map[string]string{
	"became": "become", "began": "begin", "begun": "begin", "bought": "buy", "broke": "break",
	"broken": "break", "brought": "bring", "built": "build", "came": "come", "caught": "catch",
	"chose": "choose", "chosen": "choose", "drawn": "draw", "drew": "draw", "driven": "drive", "drove": "drive",
	"fallen": "fall", "fell": "fall", "felt": "feel", "flew": "fly", "flown": "fly", "forbade": "forbid",
	"fought": "fight", "found": "find", "froze": "freeze", "frozen": "freeze", "gave": "give", "given": "give",
	"gone": "go", "grew": "grow", "grown": "grow", "heard": "hear", "held": "hold", "hid": "hide",
	"hidden": "hide", "kept": "keep", "knew": "know", "known": "know", "led": "lead", "left": "leave",
	"lost": "lose", "made": "make", "meant": "mean", "met": "meet", "paid": "pay", "ran": "run",
	"risen": "rise", "rose": "rise", "sank": "sink", "saw": "see", "seen": "see", "sent": "send",
	"shot": "shoot", "sold": "sell", "sought": "seek", "spent": "spend", "spoke": "speak", "spoken": "speak",
	"stood": "stand", "struck": "strike", "sunk": "sink", "swore": "swear", "sworn": "swear", "taken": "take",
	"thought": "think", "threw": "throw", "thrown": "throw", "told": "tell", "took": "take",
	"undertook": "undertake", "went": "go", "withdrawn": "withdraw", "withdrew": "withdraw", "won": "win",
	"written": "write", "wrote": "write",
	"arose": "arise", "arisen": "arise", "ate": "eat", "eaten": "eat", "beaten": "beat", "bent": "bend",
	"bitten": "bite", "bled": "bleed", "blew": "blow", "blown": "blow", "crept": "creep", "dealt": "deal",
	"dug": "dig", "drank": "drink", "fled": "flee", "forgave": "forgive", "forgiven": "forgive",
	"forgot": "forget", "forgotten": "forget", "foresaw": "foresee", "foreseen": "foresee", "hung": "hang",
	"laid": "lay", "leapt": "leap", "lent": "lend", "mistook": "mistake", "mistaken": "mistake",
	"overran": "overrun", "oversaw": "oversee", "overseen": "oversee", "overtook": "overtake", "overtaken": "overtake",
	"rebuilt": "rebuild", "rewrote": "rewrite", "rewritten": "rewrite", "ridden": "ride", "rode": "ride",
	"rang": "ring", "sang": "sing", "sung": "sing", "shaken": "shake", "shook": "shake", "shrank": "shrink", "shrunk": "shrink",
	"slept": "sleep", "slid": "slide", "sped": "speed", "spun": "spin", "sprang": "spring", "sprung": "spring",
	"stole": "steal", "stolen": "steal", "stuck": "stick", "stung": "sting", "strode": "stride", "strove": "strive",
	"striven": "strive", "swam": "swim", "swum": "swim", "swept": "sweep", "swung": "swing", "taught": "teach",
	"tore": "tear", "torn": "tear", "understood": "understand", "undergone": "undergo", "underwent": "undergo",
	"upheld": "uphold", "wept": "weep", "withheld": "withhold", "withstood": "withstand", "woke": "wake",
	"woken": "wake", "wore": "wear", "worn": "wear", "wove": "weave", "woven": "weave", "wrung": "wring",
}
