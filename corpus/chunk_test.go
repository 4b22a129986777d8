package corpus_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/newsbot/newsbot/internal/golden"

	"github.com/newsbot/newsbot/corpus"
)

func TestSentences(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     []string
	}{
		{"two", "North Korea denied it. Seoul disagreed.", []string{"North Korea denied it.", "Seoul disagreed."}},
		{"abbreviations", "Mr. Wood spoke at 10 a.m. in New York. The U.S. Ambassador to the UN Robert Wood remarked.", []string{"Mr. Wood spoke at 10 a.m. in New York.", "The U.S. Ambassador to the UN Robert Wood remarked."}},
		{"initials start a sentence", "The claims were doubted. U.S. Ambassador Robert Wood said so.", []string{"The claims were doubted.", "U.S. Ambassador Robert Wood said so."}},
		{"quotes", `"We are aware of it. However, it surprised us," Hwang said. He left.`, []string{`"We are aware of it.`, `However, it surprised us," Hwang said.`, "He left."}},
		{"no sentence across lines", "A heading\nThe text starts here. And goes on.", []string{"A heading", "The text starts here.", "And goes on."}},
		{"paragraphs", "One.\n\n  Two without a stop  \n\nThree.", []string{"One.", "Two without a stop", "Three."}},
		{"empty", " \n\n ", nil},
		{"abbreviated part of a name", "The new president is Dr. James McN. Hester of NYU. He met Wm. Smith and Chas. E. Wilson. Then he left.", []string{"The new president is Dr. James McN. Hester of NYU.", "He met Wm. Smith and Chas. E. Wilson.", "Then he left."}},
		{"a name ends the sentence", "He spoke to Gov. Price Daniel. Daniel said no.", []string{"He spoke to Gov. Price Daniel.", "Daniel said no."}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range corpus.Sentences(tt.in) {
				got = append(got, tt.in[s.Start:s.End])
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Sentences(%q)\n got  %q\n want %q", tt.in, got, tt.want)
			}
		})
	}
}

// sentence makes a sentence of n words.
func sentence(tag string, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = fmt.Sprintf("%s%d", tag, i)
	}
	ws[0] = "The" + ws[0]
	return strings.Join(ws, " ") + "."
}

func TestChunk(t *testing.T) {
	s := func(tag string, n int) string { return sentence(tag, n) }
	for _, tt := range []struct {
		name string
		text string
		opts corpus.ChunkOptions
		want [][]int // words per sentence of each passage
	}{
		{"short article is one passage", s("a", 10) + " " + s("b", 10), corpus.ChunkOptions{}, [][]int{{10, 10}}},
		{"four sentences then overlap one", strings.Join([]string{s("a", 10), s("b", 10), s("c", 10), s("d", 10), s("e", 10), s("f", 10)}, " "), corpus.ChunkOptions{},
			[][]int{{10, 10, 10, 10}, {10, 10, 10}}},
		{"word limit", strings.Join([]string{s("a", 40), s("b", 40), s("c", 40)}, " "), corpus.ChunkOptions{},
			[][]int{{40, 40}, {40, 40}}},
		{"no overlap", strings.Join([]string{s("a", 10), s("b", 10), s("c", 10)}, " "), corpus.ChunkOptions{MaxSentences: 2, Overlap: -1},
			[][]int{{10, 10}, {10}}},
		{"overlap two", strings.Join([]string{s("a", 5), s("b", 5), s("c", 5), s("d", 5), s("e", 5)}, " "), corpus.ChunkOptions{MaxSentences: 3, Overlap: 2},
			[][]int{{5, 5, 5}, {5, 5, 5}, {5, 5, 5}}},
		{"paragraph end after min words", s("a", 30) + " " + s("b", 20) + "\n\n" + s("c", 10) + " " + s("d", 10), corpus.ChunkOptions{},
			[][]int{{30, 20}, {20, 10, 10}}},
		{"paragraphs joined below min words", s("a", 10) + "\n\n" + s("b", 10) + "\n\n" + s("c", 10), corpus.ChunkOptions{},
			[][]int{{10, 10, 10}}},
		{"heading stays with its text", s("a", 40) + " " + s("b", 30) + "\n\nA short heading\n\n" + s("c", 10), corpus.ChunkOptions{},
			[][]int{{40, 30}, {30, 3, 10}}},
		{"overlap dropped when it does not fit", s("a", 50) + " " + s("b", 60), corpus.ChunkOptions{},
			[][]int{{50}, {60}}},
		{"long sentence split evenly", s("a", 200), corpus.ChunkOptions{}, [][]int{{67}, {67}, {66}}},
		{"empty", "", corpus.ChunkOptions{}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := corpus.Article{ID: "art", Title: "T", Outlet: "O", Text: tt.text}
			ps := corpus.Chunk(a, tt.opts)
			checkPassages(t, a, ps, tt.opts)
			var got [][]int
			for _, p := range ps {
				var ws []int
				for _, sp := range p.Sentences {
					ws = append(ws, len(strings.Fields(p.Text[sp.Start:sp.End])))
				}
				got = append(got, ws)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("words per sentence per passage %v; want %v", got, tt.want)
			}
		})
	}
}

func TestChunkGiantWord(t *testing.T) {
	a := corpus.Article{ID: "blob", Text: strings.Repeat("é", 5000) + " end."}
	ps := corpus.Chunk(a, corpus.ChunkOptions{})
	checkPassages(t, a, ps, corpus.ChunkOptions{})
	for _, p := range ps {
		if len(p.Text) > corpus.DefaultMaxWords*12*corpus.DefaultMaxSentences {
			t.Errorf("passage %s has %d bytes", p.ID, len(p.Text))
		}
	}
}

// TestChunkGolden records the passages of each bundled article.
func TestChunkGolden(t *testing.T) {
	as, err := corpus.Load(corpus.Bundled())
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	var words []int
	for _, a := range as {
		t.Run(a.ID, func(t *testing.T) {
			ps := corpus.Chunk(a, corpus.ChunkOptions{})
			checkPassages(t, a, ps, corpus.ChunkOptions{})
			total += len(ps)
			for _, p := range ps {
				words = append(words, len(strings.Fields(p.Text)))
			}
			type out struct {
				ID        string
				Start     int
				End       int
				Words     int
				Sentences []corpus.Span
				Text      string
			}
			var outs []out
			for _, p := range ps {
				outs = append(outs, out{p.ID, p.Start, p.End, len(strings.Fields(p.Text)), p.Sentences, p.Text})
			}
			data, err := json.MarshalIndent(outs, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, t.Name(), append(data, '\n'))
		})
	}
	slices.Sort(words)
	if len(words) > 0 {
		t.Logf("default options: %d passages, words per passage min %d median %d max %d", total, words[0], words[len(words)/2], words[len(words)-1])
	}
}

func TestChunkStable(t *testing.T) {
	as, err := corpus.Load(corpus.Bundled())
	if err != nil {
		t.Fatal(err)
	}
	first := corpus.ChunkAll(as, corpus.ChunkOptions{})
	// Concurrent calls share the sentence tokenizer; -race checks it.
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			again := corpus.ChunkAll(as, corpus.ChunkOptions{})
			if len(again) != len(first) {
				t.Errorf("%d passages, then %d", len(first), len(again))
				return
			}
			for i := range again {
				if again[i].ID != first[i].ID || again[i].Hash != first[i].Hash {
					t.Errorf("passage %d: %s/%s, then %s/%s", i, first[i].ID, first[i].Hash, again[i].ID, again[i].Hash)
				}
			}
		})
	}
	wg.Wait()
	for i, p := range first {
		if i > 0 && first[i-1].ArticleID == p.ArticleID && p.Ordinal != first[i-1].Ordinal+1 {
			t.Errorf("%s follows %s", p.ID, first[i-1].ID)
		}
		if p.Published != as[articleIndex(as, p.ArticleID)].Published || p.Outlet == "" || p.Title == "" {
			t.Errorf("%s: metadata not copied: %+v", p.ID, p)
		}
	}
}

func articleIndex(as []corpus.Article, id string) int {
	return slices.IndexFunc(as, func(a corpus.Article) bool { return a.ID == id })
}

func FuzzChunk(f *testing.F) {
	as, err := corpus.Load(corpus.Bundled())
	if err != nil {
		f.Fatal(err)
	}
	for _, a := range as {
		f.Add(a.Text, 0, 0, 0)
	}
	f.Add("A. B. C.\n\nD", 1, 1, 1)
	f.Add(strings.Repeat("word ", 500), 2, 5, -1)
	f.Fuzz(func(t *testing.T, text string, maxSentences, maxWords, overlap int) {
		opts := corpus.ChunkOptions{MaxSentences: maxSentences % 8, MaxWords: maxWords % 200, Overlap: overlap % 4}
		a := corpus.Article{ID: "f", Text: text}
		checkPassages(t, a, corpus.Chunk(a, opts), opts)
	})
}

// checkPassages asserts the passage properties: ids and ordinals in order,
// offsets that slice the text exactly, sentences inside the passage and
// trimmed, passages in text order covering every sentence, none empty,
// none inside the one before, and sizes within the limits.
func checkPassages(t *testing.T, a corpus.Article, ps []corpus.Passage, opts corpus.ChunkOptions) {
	t.Helper()
	maxWords := opts.MaxWords
	if maxWords <= 0 {
		maxWords = corpus.DefaultMaxWords
	}
	maxSent := opts.MaxSentences
	if maxSent <= 0 {
		maxSent = corpus.DefaultMaxSentences
	}
	covered := 0 // end of the text the passages so far cover
	for i, p := range ps {
		if p.ID != fmt.Sprintf("%s#%d", a.ID, i) || p.Ordinal != i || p.ArticleID != a.ID {
			t.Fatalf("passage %d: id %q ordinal %d article %q", i, p.ID, p.Ordinal, p.ArticleID)
		}
		if p.Start < 0 || p.End > len(a.Text) || p.Start >= p.End || a.Text[p.Start:p.End] != p.Text {
			t.Fatalf("%s: [%d:%d] does not slice the text to Text %q", p.ID, p.Start, p.End, p.Text)
		}
		if strings.TrimSpace(p.Text) != p.Text {
			t.Fatalf("%s: untrimmed %q", p.ID, p.Text)
		}
		if len(p.Sentences) == 0 || len(p.Sentences) > maxSent {
			t.Fatalf("%s: %d sentences; limit %d", p.ID, len(p.Sentences), maxSent)
		}
		if p.Sentences[0].Start != 0 || p.Sentences[len(p.Sentences)-1].End != len(p.Text) {
			t.Fatalf("%s: sentences %v do not span Text (%d bytes)", p.ID, p.Sentences, len(p.Text))
		}
		for k, s := range p.Sentences {
			if s.Start >= s.End || (k > 0 && s.Start < p.Sentences[k-1].End) {
				t.Fatalf("%s: sentence spans %v out of order", p.ID, p.Sentences)
			}
		}
		if w := len(strings.Fields(p.Text)); w > maxWords && len(p.Sentences) > 1 {
			t.Fatalf("%s: %d words in %d sentences; limit %d", p.ID, w, len(p.Sentences), maxWords)
		}
		if len(p.Text) > maxWords*12+4 && len(p.Sentences) == 1 {
			t.Fatalf("%s: one piece of %d bytes", p.ID, len(p.Text))
		}
		if i > 0 {
			prev := ps[i-1]
			if p.Start <= prev.Start || p.End <= prev.End {
				t.Fatalf("%s [%d:%d] does not move past %s [%d:%d]", p.ID, p.Start, p.End, prev.ID, prev.Start, prev.End)
			}
			if p.Start > covered && strings.TrimSpace(a.Text[covered:p.Start]) != "" {
				t.Fatalf("%s: text %q between passages is in none", p.ID, a.Text[covered:p.Start])
			}
		} else if strings.TrimSpace(a.Text[:p.Start]) != "" {
			t.Fatalf("%s: text %q before the first passage", p.ID, a.Text[:p.Start])
		}
		if len(p.Hash) != 64 {
			t.Fatalf("%s: hash %q", p.ID, p.Hash)
		}
		covered = p.End
	}
	if rest := a.Text[covered:]; strings.TrimSpace(rest) != "" {
		t.Fatalf("text %q after the last passage", rest)
	}
}
