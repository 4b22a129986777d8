package lang

// CharGrams calls fn for each character n-gram (n = 3 and 4) of w with
// boundary marks, so "rumours" and "rumors" share "^ru", "rum", "umo", "rs$".
func CharGrams(w string, fn func(g string)) {
	rs := []rune("^" + w + "$")
	for n := 3; n <= 4; n++ {
		for i := 0; i+n <= len(rs); i++ {
			fn(string(rs[i : i+n]))
		}
	}
}

// TrigramDice is the Dice coefficient of the boundary-marked character
// trigrams of a and b (as multisets): 1 for equal words, about 0.6 for
// spelling variants, 0 when either is empty.
func TrigramDice(a, b string) float64 {
	ga, na := trigrams(a)
	gb, nb := trigrams(b)
	if na == 0 || nb == 0 {
		return 0
	}
	common := 0
	for g, n := range ga {
		common += min(n, gb[g])
	}
	return 2 * float64(common) / float64(na+nb)
}

// trigrams returns the boundary-marked trigrams of w with their counts,
// and how many there are.
func trigrams(w string) (map[string]int, int) {
	if w == "" {
		return nil, 0
	}
	rs := []rune("^" + w + "$")
	m := make(map[string]int, len(rs))
	for i := 0; i+3 <= len(rs); i++ {
		m[string(rs[i:i+3])]++
	}
	return m, len(rs) - 2
}
