package retrieval

import "strings"

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
