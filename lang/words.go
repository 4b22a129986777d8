package lang

import (
	"unicode"
	"unicode/utf8"
)

// Word is one word of a text.
type Word struct {
	Text  string // lower case: letters and digits, and a decimal point inside a number ("1.5")
	Upper bool   // the first letter was upper case where it stood
	Start int    // byte offset of the word's first character in the text
	End   int    // byte offset just past its last kept character (before a dropped "'s")
}

// Words splits text into words: runs of letters and digits. Thousands
// separators inside numbers are dropped ("12,000" gives "12000"), a decimal
// point inside a number is kept ("1.5"), an apostrophe before a letter ends
// the word and drops its tail ("Korea's" gives "korea", "don't" gives
// "don"), and a hyphen splits ("Joon-kook" gives "joon" and "kook"), so the
// forms an outlet chooses do not matter.
func Words(text string) []Word {
	out := make([]Word, 0, len(text)/6+1)
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isAlnum(r) {
			i += n
			continue
		}
		start, end := i, i
		plain := true // the word is text[start:end] as it stands: lower case, no separator dropped
	word:
		for i < len(text) {
			c, n := utf8.DecodeRuneInString(text[i:])
			switch {
			case isAlnum(c):
				if unicode.ToLower(c) != c {
					plain = false
				}
				i += n
				end = i
				continue
			case (c == ',' || c == '.') && digitBefore(text, i) && digitAt(text, i+1):
				plain = plain && c == '.' // 1.5 stays; 12,000 -> 12000
				i++
				continue
			case c == '\'' || c == '\u2019':
				if r, m := utf8.DecodeRuneInString(text[i+n:]); i+n < len(text) && unicode.IsLetter(r) {
					// possessive or contraction: drop the tail ("korea's", "don't")
					i += n + m
					for i < len(text) {
						r, m := utf8.DecodeRuneInString(text[i:])
						if !unicode.IsLetter(r) {
							break
						}
						i += m
					}
				}
			}
			break word
		}
		w := text[start:end]
		if !plain {
			w = lowerWord(w)
		}
		out = append(out, Word{Text: w, Upper: unicode.IsUpper(r), Start: start, End: end})
	}
	return out
}

// lowerWord lower-cases a word's span and drops the thousands separators
// in it (the only commas Words lets inside a word).
func lowerWord(w string) string {
	b := make([]byte, 0, len(w))
	for _, c := range w {
		if c != ',' {
			b = utf8.AppendRune(b, unicode.ToLower(c))
		}
	}
	return string(b)
}

func isAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func digitBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return i > 0 && unicode.IsDigit(r)
}

func digitAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsDigit(r)
}

// Lower returns the Text of each word.
func Lower(ws []Word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Text
	}
	return out
}
