package corpus_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/newsbot/newsbot/internal/golden"

	"github.com/newsbot/newsbot/corpus"
)

func TestNormalize(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"curly quotes", "“Troops” aren’t ‘here’", `"Troops" aren't 'here'`},
		{"no-break space", "Kim\u00a0Jong\u202fUn", "Kim Jong Un"},
		{"dashes", "2022–2024 — war − minus ‐ hyphen", "2022-2024 - war - minus - hyphen"},
		{"ellipsis", "wait…", "wait..."},
		{"NFKC", "ﬁnal ①２", "final 12"},
		{"zero width and soft hyphen", "Pyong\u200byang co\u00adop\ufeff", "Pyongyang coop"},
		{"spaces collapse", "  a \t b   c  ", "a b c"},
		{"CRLF and blank lines", "one\r\ntwo\r\n\r\n\r\n\r\nthree\n \n", "one\ntwo\n\nthree"},
		{"leading blank lines", "\n\n\nx", "x"},
		{"invalid UTF-8", "ab\xffcd", "ab cd"},
		{"line separator", "a\u2028b", "a\nb"},
		{"empty", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := corpus.Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestClean(t *testing.T) {
	const lede = "The council approved the tram line on Tuesday after a long debate."
	const more = "Work starts in May and should finish within two years, officials said."
	for _, tt := range []struct{ name, in, want string }{
		{"plain text unchanged", lede + "\n\n" + more, lede + "\n\n" + more},
		{"skip links", "Skip to main content\nJump to navigation\n\n" + lede, lede},
		{"menu", "Home | World | Business | Sport\n" + lede, lede},
		{"related list to the end", lede + "\n\nRelated Articles\n\n• Mayor resigns over budget row\n• Storm hits the coast\n1\nLATEST", lede},
		{"list ends at prose", "Read more:\nMayor resigns over budget row\n\n" + lede + "\n\n" + more, lede + "\n\n" + more},
		{"most read with labels", lede + "\n\nMost Read\n\n  • 1\n    Storm hits the coast\n\n    WEATHER\n\n  • 2\n    Prices rise again?\n\n    BUSINESS", lede},
		{"comments and counters", lede + "\n\n12 Comments\n\nComments (3)\n\nLeave a comment\n\n4.5K\n\n" + more, lede + "\n\n" + more},
		{"share buttons", lede + "\nShare this article\nFacebook Twitter WhatsApp Email\nCopy link\n" + more, lede + "\n\n" + more},
		{"share inside prose kept", "Shares of the company rose on Twitter news after the share sale.", "Shares of the company rose on Twitter news after the share sale."},
		{"byline and email", "By Jane Doe and John Roe\njane@example.com\n\n" + lede, lede},
		{"byline-like prose kept", "By Monday, the troops had left the base near the border.", "By Monday, the troops had left the base near the border."},
		{"agency line", lede + "\n\nReuters\n\n" + more + "\n\n(Reporting by Jane Doe; Editing by John Roe)", lede + "\n\n" + more},
		{"site name lines", "news1\n\nexample.com Views\n\n" + lede, lede},
		{"copyright footer", lede + "\n\n© 2024 Harbour Gazette. All rights reserved.\nUnauthorized reproduction and redistribution prohibited.", lede},
		{"ads and newsletters", lede + "\n\nADVERTISEMENT\n\nSign up for our daily newsletter\n\nFollow us on Telegram\n\n" + more, lede + "\n\n" + more},
		{"dateline prefix", "Published: 2024-05-14 09:30 KST " + lede, lede},
		{"updated stamp line", "Updated: Oct. 22, 2024 at 10:15 a.m.\n\n" + lede, lede},
		{"photo credit line", "Photo: Getty Images\n" + lede, lede},
		{"photo label caption", "Photo: Workers lay tracks for the new tram line in the harbour district\n\n" + lede, corpus.CaptionPrefix + "Workers lay tracks for the new tram line in the harbour district\n\n" + lede},
		{"paren credit caption", "Workers lay tracks in the harbour district. (AP Photo/Jane Doe)\n\n" + lede, corpus.CaptionPrefix + "Workers lay tracks in the harbour district. (AP Photo/Jane Doe)\n\n" + lede},
		{"caption glued to lede", lede + " The mayor cuts a ribbon at the depot (Reuters)\n\n" + more, lede + "\n\n" + corpus.CaptionPrefix + "The mayor cuts a ribbon at the depot (Reuters)\n\n" + more},
		{"copyright credit caption", "A tram at the depot - Copyright Harbour Gazette/File John Roe\n\n" + lede, corpus.CaptionPrefix + "A tram at the depot - Copyright Harbour Gazette/File John Roe\n\n" + lede},
		{"sign-off dropped", lede + "\n\n" + more + " (Yonhap)", lede + "\n\n" + more},
		{"acronym at end kept", lede + "\n\nThe plan was drawn up by the National Transport Agency (NTA).", lede + "\n\nThe plan was drawn up by the National Transport Agency (NTA)."},
		{"hard wrap joined", "The council approved the tram line on Tuesday after a long\ndebate in the chamber that ran until late in the evening.", "The council approved the tram line on Tuesday after a long debate in the chamber that ran until late in the evening."},
		{"single-line paragraphs kept", "Council backs tram\nThe council approved the tram line.\nWork starts in May.", "Council backs tram\n\nThe council approved the tram line.\n\nWork starts in May."},
		{"bullets in article kept", "The plan has two parts:\n• a new depot\n• ten new trams", "The plan has two parts:\n\n• a new depot\n\n• ten new trams"},
		{"all chrome", "Share it on...\n\nComments0\n\n300", ""},
		{"idempotent on captions", corpus.CaptionPrefix + "Workers lay tracks. (AFP)", corpus.CaptionPrefix + "Workers lay tracks. (AFP)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := corpus.Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q)\n got  %q\n want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestCleanGolden cleans each raw article as it was received.
func TestCleanGolden(t *testing.T) {
	raws, err := filepath.Glob(filepath.Join("testdata", "raw", "*.txt"))
	if err != nil || len(raws) == 0 {
		t.Fatalf("no raw articles: %v", err)
	}
	for _, r := range raws {
		t.Run(strings.TrimSuffix(filepath.Base(r), ".txt"), func(t *testing.T) {
			raw, err := os.ReadFile(r)
			if err != nil {
				t.Fatal(err)
			}
			got := corpus.Clean(string(raw))
			checkNoNewWords(t, string(raw), got)
			if again := corpus.Clean(got); again != got {
				t.Errorf("Clean is not idempotent:\n once  %q\n twice %q", got, again)
			}
			golden.Check(t, t.Name(), []byte(got+"\n"))
		})
	}
}

func FuzzClean(f *testing.F) {
	raws, _ := filepath.Glob(filepath.Join("testdata", "raw", "*.txt"))
	for _, r := range raws {
		data, err := os.ReadFile(r)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add("a (Yonhap)\n\nb. (AFP)")
	f.Add("Latest Stories\n• x\nSome prose here that runs on for eight words.")
	f.Fuzz(func(t *testing.T, raw string) {
		got := corpus.Clean(raw)
		checkNoNewWords(t, raw, got)
		if strings.Contains(got, "\n\n\n") || got != strings.TrimSpace(got) {
			t.Fatalf("paragraphs not folded: %q", got)
		}
		if n := corpus.Normalize(raw); corpus.Normalize(n) != n {
			t.Fatalf("Normalize not idempotent on %q", raw)
		}
	})
}

// checkNoNewWords fails when got has a word (run of letters and digits)
// that Normalize(raw) lacks, CaptionPrefix aside: cleaning never adds text.
func checkNoNewWords(t *testing.T, raw, got string) {
	t.Helper()
	have := map[string]bool{}
	for _, w := range alnumWords(corpus.Normalize(raw)) {
		have[w] = true
	}
	for _, w := range alnumWords(strings.ReplaceAll(got, corpus.CaptionPrefix, " ")) {
		if !have[w] {
			t.Fatalf("Clean added the word %q\n in  %q\n out %q", w, raw, got)
		}
	}
}

func alnumWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
