// Package synth generates synthetic news coverage at scale, deterministic
// from a seed, for benchmarks and load tests: articles with front matter,
// newswire-like sentences, names, places, numbers and quotes, so that
// chunking, embedding and BM25 see realistic length and vocabulary.
package synth

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing/fstest"
	"time"
)

// Article is one generated article file.
type Article struct {
	Name string // file name, e.g. "synth-000042.md"
	Body string // front matter and text
}

// Options shape the generated coverage.
type Options struct {
	Seed      uint64 // same seed, same coverage
	Articles  int    // number of articles
	Sentences int    // sentences per article; 0 means 24 (about 8 passages of 3 sentences)
}

var (
	outlets = []string{"Harbour Gazette", "Northern Wire", "Capital Ledger", "Evening Courier", "Pacific Dispatch",
		"Continental Times", "Riverside Post", "Metro Herald", "Global Monitor", "Daily Sentinel"}
	people = []string{"Ana Petrova", "Lee Min-ho", "Park Ji-won", "Omar Haddad", "Elena Rossi", "John Carver",
		"Mei Lin", "Tomas Novak", "Fatima Bello", "Kenji Sato", "Olga Ivanova", "Rahul Mehta", "Sara Lindqvist",
		"Diego Alvarez", "Grace Okafor", "Hans Keller", "Yusuf Demir", "Chloe Martin", "Ivan Horvat", "Amara Diallo"}
	roles = []string{"foreign minister", "defence ministry spokesperson", "ambassador to the United Nations",
		"intelligence chief", "senior official", "opposition leader", "prime minister", "army general",
		"trade envoy", "security adviser", "regional governor", "central bank governor"}
	places = []string{"Seoul", "Pyongyang", "Moscow", "Kyiv", "Washington", "Brussels", "Tokyo", "Beijing", "Vladivostok",
		"Geneva", "New York", "Warsaw", "Ankara", "Helsinki", "Manila", "Hanoi", "Jakarta", "Canberra", "Ottawa", "Oslo"}
	bodies = []string{"the Security Council", "the General Assembly", "parliament", "the defence committee",
		"the central bank", "the foreign ministry", "the spy agency", "the coast guard", "the energy regulator",
		"the election commission", "the supreme court", "the port authority"}
	verbs = []string{"said", "claimed", "denied", "confirmed", "warned", "announced", "reported", "argued",
		"insisted", "estimated", "suggested", "told reporters"}
	topics = []string{"troop deployment", "missile launch", "trade agreement", "grain shipment", "sanctions package",
		"border incident", "naval exercise", "energy pipeline", "cyber attack", "refugee flows", "arms transfer",
		"satellite launch", "ceasefire talks", "port expansion", "fuel prices", "tariff dispute", "drone strike",
		"prisoner exchange", "joint drill", "aid convoy"}
	nouns = []string{"soldiers", "vessels", "tonnes of grain", "drones", "workers", "artillery shells", "barrels of oil",
		"refugees", "containers", "engineers", "aircraft", "inspectors"}
	adjectives = []string{"unprecedented", "limited", "significant", "alleged", "planned", "temporary", "large-scale",
		"covert", "routine", "controversial", "rapid", "gradual"}
	fillers = []string{"Analysts said the move could reshape relations in the region.",
		"Officials did not respond to requests for comment.",
		"The claims could not be independently verified.",
		"Markets reacted cautiously to the news.",
		"Diplomats described the talks as difficult but constructive.",
		"State media made no mention of the report.",
		"Neighbouring governments called for restraint.",
		"The statement came a day after a closed-door meeting."}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func number(r *rand.Rand) string {
	n := (r.IntN(240) + 1) * 50
	if n >= 1000 {
		return fmt.Sprintf("%d,%03d", n/1000, n%1000)
	}
	return fmt.Sprint(n)
}

func sentence(r *rand.Rand, topic string) string {
	switch r.IntN(7) {
	case 0:
		return fmt.Sprintf("%s, the %s, %s that about %s %s had been moved to %s as part of the %s.",
			pick(r, people), pick(r, roles), pick(r, verbs), number(r), pick(r, nouns), pick(r, places), topic)
	case 1:
		return fmt.Sprintf(`"This is an %s step and it will not go unanswered," %s told %s in %s on %s.`,
			pick(r, adjectives), pick(r, people), pick(r, bodies), pick(r, places), pick(r, []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}))
	case 2:
		return fmt.Sprintf("According to %s, the %s %s involved %s %s and was first reported in %s.",
			pick(r, bodies), pick(r, adjectives), topic, number(r), pick(r, nouns), pick(r, places))
	case 3:
		return fmt.Sprintf("%s %s the figure, putting it closer to %s, while %s called the reports %s.",
			pick(r, places), pick(r, verbs), number(r), pick(r, people), pick(r, []string{"baseless", "absurd", "credible", "exaggerated", "accurate"}))
	case 4:
		return fmt.Sprintf("The %s follows months of tension between %s and %s over the %s.",
			topic, pick(r, places), pick(r, places), pick(r, topics))
	case 5:
		return fmt.Sprintf("%s urged %s to halt the %s %s immediately.",
			pick(r, people), pick(r, places), pick(r, adjectives), topic)
	default:
		return pick(r, fillers)
	}
}

// Generate returns opts.Articles articles, the same for the same options.
func Generate(opts Options) []Article {
	if opts.Sentences <= 0 {
		opts.Sentences = 24
	}
	r := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x9e3779b97f4a7c15))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]Article, 0, opts.Articles)
	for i := range opts.Articles {
		topic := pick(r, topics)
		place := pick(r, places)
		title := fmt.Sprintf("%s: %s %s questioned in %s", strings.ToUpper(topic[:1])+topic[1:], pick(r, adjectives), topic, place)
		var b strings.Builder
		fmt.Fprintf(&b, "---\nid: synth-%06d\ntitle: %q\noutlet: %s\npublished: %s\nurl: https://example.org/synth/%06d\nlanguage: en\n---\n",
			i, title, pick(r, outlets), start.AddDate(0, 0, r.IntN(700)).Format(time.DateOnly), i)
		for s := range opts.Sentences {
			if s > 0 && s%4 == 0 {
				b.WriteString("\n\n")
			} else if s > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(sentence(r, topic))
		}
		b.WriteByte('\n')
		out = append(out, Article{Name: fmt.Sprintf("synth-%06d.md", i), Body: b.String()})
	}
	return out
}

// WriteDir writes the generated articles into dir, creating it if needed.
func WriteDir(dir string, opts Options) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create synthetic coverage dir %s: %w", dir, err)
	}
	for _, a := range Generate(opts) {
		if err := os.WriteFile(filepath.Join(dir, a.Name), []byte(a.Body), 0o644); err != nil {
			return fmt.Errorf("write synthetic article %s: %w", a.Name, err)
		}
	}
	return nil
}

// FS returns the generated articles as an in-memory file system, the form
// corpus.Load takes, so benchmarks need no disk.
func FS(opts Options) fs.FS {
	m := fstest.MapFS{}
	for _, a := range Generate(opts) {
		m[a.Name] = &fstest.MapFile{Data: []byte(a.Body), Mode: 0o644}
	}
	return m
}
