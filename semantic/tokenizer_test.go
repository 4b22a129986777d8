package semantic

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// TestTokensMatchTFJS compares the tokenizer with the TF.js one on edge
// cases and 300 pseudo-random strings (testdata/tfjs-tokens.json).
func TestTokensMatchTFJS(t *testing.T) {
	m := mustDefault(t)
	for _, r := range readReferences(t, "tfjs-tokens.json") {
		if got := m.tok.encode(r.Text); !slices.Equal(got, r.IDs) {
			t.Errorf("encode(%q) =\n%v; TF.js gave\n%v", r.Text, got, r.IDs)
		}
	}
}

// TestTokenizerQuirks pins the TF.js behaviours the port reproduces; each
// want is what the TF.js tokenizer gave.
func TestTokenizerQuirks(t *testing.T) {
	m := mustDefault(t)
	for _, tt := range []struct {
		name, in string
		want     []int
	}{
		{"NFKC first: the ligature fi is two letters", "ﬁnal", []int{1077}},                                 // ▁final
		{"a null score counts as 0, so colon pieces win", "https://x.com", []int{290, 7, 255, 152, 6, 167}}, // ▁http s :// x . com
		{"colon pieces after words", "Time: 10:30 :)", []int{3755, 57, 320, 4177, 658}},
		{"the last of three duplicate pieces wins", "”5", []int{30, 4464}},
		{"a run of unknown characters is one id 0", "ｱｲｳ", []int{30, 0}},
		{"an emoji is unknown, one unit back in the backtrack", "😀😀x", []int{30, 0, 152}},
		{"a tab is not a space", "a\tb", []int{11, 0, 151}},
		{"each space is its own mark", "  two  spaces", []int{30, 30, 174, 30, 1016, 7}},
		{"a combining accent composes under NFC", "e\u0301", []int{30, 1133}},
		{"empty text has no tokens", "", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := m.Tokens(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Tokens(%q) = %v; want %v", tt.in, got, tt.want)
			}
		})
	}
}

// TestEncodePrefix checks that reading a long text only up to a space gives
// the same first ids as reading all of it.
func TestEncodePrefix(t *testing.T) {
	m := mustDefault(t)
	var all []string
	for _, r := range readReferences(t, "tfjs-tokens.json") {
		all = append(all, r.Text)
	}
	texts := []string{strings.Join(all, " "), strings.Join(all, ""), strings.Repeat("ｱ ｲ\t", 500), strings.Repeat("word ", 1000)}
	for _, cut := range []int{1, 7, 64, 4096} {
		tok := *m.tok
		tok.cut = cut
		for i, text := range texts {
			full := tok.encode(text)
			want := full[:min(len(full), MaxTokens)]
			if got := tok.encodePrefix(text, MaxTokens); !slices.Equal(got, want) {
				t.Errorf("cut %d, text %d: encodePrefix =\n%v; encode gives\n%v", cut, i, got, want)
			}
		}
	}
}

// FuzzTokens checks properties of the tokenizer on any text: ids in the
// vocabulary, no two unknowns in a row, at most MaxTokens, a token for any
// text that normalises to something, and the same first ids whether a long
// text is read whole or up to a space.
func FuzzTokens(f *testing.F) {
	m := mustDefault(f)
	for _, r := range readReferences(f, "tfjs-tokens.json") {
		f.Add(r.Text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ids := m.Tokens(text)
		if len(ids) > MaxTokens {
			t.Fatalf("%d tokens; want at most %d", len(ids), MaxTokens)
		}
		for i, id := range ids {
			if id < 0 || id >= len(m.tok.units) {
				t.Fatalf("id %d out of the vocabulary", id)
			}
			if id == 0 && i > 0 && ids[i-1] == 0 {
				t.Fatalf("two unknowns in a row: %v", ids)
			}
		}
		if norm.NFKC.String(strings.ToValidUTF8(text, string(utf8.RuneError))) != "" && len(ids) == 0 {
			t.Fatalf("no tokens for %q", text)
		}
		tok := *m.tok
		tok.cut = 3
		full := tok.encode(text)
		if got, want := tok.encodePrefix(text, 4), full[:min(len(full), 4)]; !slices.Equal(got, want) {
			t.Fatalf("encodePrefix = %v; encode gives %v", got, want)
		}
	})
}
