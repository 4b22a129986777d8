// Package intake brings coverage in from the web: it polls news feeds and
// adds article pages by their link, extracts each article and writes it as
// an ordinary article file (front matter and text) in one folder,
// NEWSBOT_DATA_DIR/articles/, where an operator can read, fix or delete it
// and from where it joins the configured corpus. The same story reached
// twice, by the same canonical URL or as the same wire copy under two
// outlets, is stored once, the second outlet listed under "also".
package intake

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing/fstest"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/extract"
)

// Store is the folder of fetched articles, with what it needs to tell a
// story it already has. It is safe for concurrent use.
type Store struct {
	dir string

	mu       sync.Mutex
	byURL    map[string]string          // canonical URL → article id (also the "also" URLs)
	shingles map[string]map[uint64]bool // article id → shingles of its text
	ids      map[string]string          // article id → file name in dir, "" for the configured corpus
	articles map[string]corpus.Article
}

// OpenStore opens (creating it) the folder dir of fetched articles.
// others are the articles of the configured corpus: a fetched story they
// already hold is not stored again, and their ids are not reused.
func OpenStore(dir string, others []corpus.Article) (*Store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("articles folder %s: %w", dir, err)
	}
	s := &Store{dir: dir, byURL: map[string]string{}, shingles: map[string]map[uint64]bool{}, ids: map[string]string{}, articles: map[string]corpus.Article{}}
	for _, a := range others {
		s.remember(a, "")
	}
	mine, err := corpus.Load(os.DirFS(dir))
	if err != nil && len(mine) == 0 && !isFileErrors(err) {
		return nil, fmt.Errorf("articles folder %s: %w", dir, err)
	}
	for _, a := range mine {
		s.remember(a, a.File)
	}
	return s, nil
}

func isFileErrors(err error) bool {
	var fe *corpus.FileError
	return errors.As(err, &fe)
}

// Dir is the folder the store writes.
func (s *Store) Dir() string { return s.dir }

func (s *Store) remember(a corpus.Article, file string) {
	s.ids[a.ID] = file
	s.articles[a.ID] = a
	if a.URL != "" {
		s.byURL[extract.CanonicalURL(a.URL)] = a.ID
	}
	for _, o := range a.Also {
		if o.URL != "" {
			s.byURL[extract.CanonicalURL(o.URL)] = a.ID
		}
	}
	s.shingles[a.ID] = shingles(a.Text)
}

// Has returns the id of the stored article whose URL (or an "also" URL) is
// rawURL after canonicalisation.
func (s *Store) Has(rawURL string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.byURL[extract.CanonicalURL(rawURL)]
	return id, ok
}

// Outcome says what Put did with an article.
type Outcome string

const (
	Added     Outcome = "added"     // a new article file
	Duplicate Outcome = "duplicate" // the same URL, or the same copy from the same outlet: nothing written
	AlsoRan   Outcome = "also"      // the same wire copy under another outlet: listed under "also" of the stored one
)

// Stored is the result of Put.
type Stored struct {
	Outcome Outcome
	Article corpus.Article // the article as loaded back from its file (for AlsoRan/Duplicate: the one already stored)
	File    string         // path of the article file; "" when the copy is in the configured corpus
}

// sameCopy is the share of word 8-grams two texts must have in common to
// be the same wire copy.
const sameCopy = 0.8

// Put stores a fetched article unless the store already has its story.
// fetchedFrom is the URL the page was fetched from; addedBy, if set, is
// written in the file's front matter as a comment.
func (s *Store) Put(a *extract.Article, fetchedFrom, addedBy string, now time.Time) (Stored, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	canon := extract.CanonicalURL(a.URL)
	for _, u := range []string{canon, extract.CanonicalURL(fetchedFrom)} {
		if id, ok := s.byURL[u]; ok {
			return Stored{Outcome: Duplicate, Article: s.articles[id], File: s.path(id)}, nil
		}
	}
	sh := shingles(a.Text)
	if id, ok := s.sameCopy(sh); ok {
		old := s.articles[id]
		if strings.EqualFold(old.Outlet, a.Outlet) || s.ids[id] == "" || a.Outlet == "" {
			// Same outlet twice, or a copy held by the operator's own
			// corpus (which newsbot never rewrites): nothing to add.
			s.byURL[canon] = id
			return Stored{Outcome: Duplicate, Article: old, File: s.path(id)}, nil
		}
		for _, o := range old.Also {
			if strings.EqualFold(o.Outlet, a.Outlet) {
				s.byURL[canon] = id
				return Stored{Outcome: Duplicate, Article: old, File: s.path(id)}, nil
			}
		}
		updated, err := s.addAlso(id, corpus.Source{Outlet: a.Outlet, URL: canon, Published: a.Published})
		if err != nil {
			return Stored{}, err
		}
		return Stored{Outcome: AlsoRan, Article: updated, File: s.path(id)}, nil
	}
	id := s.newID(a)
	doc := fileDoc{
		ID: id, Title: a.Title, Outlet: a.Outlet, Author: a.Author, URL: canon, Language: "en",
	}
	if !a.Published.IsZero() {
		doc.Published = a.Published.Format(time.DateOnly)
	}
	comment := fmt.Sprintf("Fetched by newsbot from %s on %s", fetchedFrom, now.UTC().Format(time.RFC3339))
	if addedBy != "" {
		comment += "; added by " + oneLine(addedBy)
	}
	name := id + ".md"
	loaded, err := s.write(name, comment, doc, a.Text)
	if err != nil {
		return Stored{}, err
	}
	s.remember(loaded, name)
	return Stored{Outcome: Added, Article: loaded, File: filepath.Join(s.dir, name)}, nil
}

func (s *Store) path(id string) string {
	if f := s.ids[id]; f != "" {
		return filepath.Join(s.dir, f)
	}
	return ""
}

// sameCopy finds a stored article whose text shares most word 8-grams
// with sh.
func (s *Store) sameCopy(sh map[uint64]bool) (string, bool) {
	if len(sh) == 0 {
		return "", false
	}
	for id, o := range s.shingles {
		if len(o) == 0 {
			continue
		}
		common := 0
		for h := range sh {
			if o[h] {
				common++
			}
		}
		if float64(common) >= sameCopy*float64(min(len(sh), len(o))) && float64(common) >= 0.5*float64(max(len(sh), len(o))) {
			return id, true
		}
	}
	return "", false
}

// addAlso rewrites article id's file with one more "also" outlet.
func (s *Store) addAlso(id string, src corpus.Source) (corpus.Article, error) {
	name := s.ids[id]
	data, err := os.ReadFile(filepath.Join(s.dir, name))
	if err != nil {
		return corpus.Article{}, fmt.Errorf("add outlet to %s: %w", name, err)
	}
	text := string(data)
	// Keep the operator's file as it is, comments and edits included: only
	// the front matter gains its "also" entry.
	if !strings.HasPrefix(text, "---\n") {
		return corpus.Article{}, fmt.Errorf("add outlet to %s: the file has no front matter", name)
	}
	end := strings.Index(text[4:], "\n---\n")
	if end < 0 {
		return corpus.Article{}, fmt.Errorf("add outlet to %s: front matter not closed", name)
	}
	fm, body := text[4:4+end+1], text[4+end+5:]
	entry := fmt.Sprintf("  - outlet: %s\n    url: %s\n", yamlScalar(src.Outlet), yamlScalar(src.URL))
	if d := src.Date(); d != "" {
		entry += "    published: " + d + "\n"
	}
	if strings.Contains(fm, "\nalso:\n") || strings.HasPrefix(fm, "also:\n") {
		fm += entry // "also" is written last
	} else {
		fm += "also:\n" + entry
	}
	loaded, err := s.writeRaw(name, "---\n"+fm+"---\n"+body)
	if err != nil {
		return corpus.Article{}, err
	}
	s.remember(loaded, name)
	return loaded, nil
}

// fileDoc is the front matter newsbot writes, in this key order.
type fileDoc struct {
	ID        string `yaml:"id"`
	Title     string `yaml:"title,omitempty"`
	Outlet    string `yaml:"outlet,omitempty"`
	Author    string `yaml:"author,omitempty"`
	Published string `yaml:"published,omitempty"`
	URL       string `yaml:"url,omitempty"`
	Language  string `yaml:"language,omitempty"`
}

func (s *Store) write(name, comment string, doc fileDoc, text string) (corpus.Article, error) {
	fm, err := yaml.Marshal(doc)
	if err != nil {
		return corpus.Article{}, fmt.Errorf("write %s: %w", name, err)
	}
	return s.writeRaw(name, "---\n# "+comment+"\n"+string(fm)+"---\n"+text+"\n")
}

// writeRaw checks that content reads back as an article, then writes it
// atomically: a crash leaves the old file or the new one, never half.
func (s *Store) writeRaw(name, content string) (corpus.Article, error) {
	as, err := corpus.Load(fstest.MapFS{name: {Data: []byte(content)}})
	if err != nil || len(as) != 1 {
		return corpus.Article{}, fmt.Errorf("write %s: the article would not load back: %w", name, err)
	}
	tmp, err := os.CreateTemp(s.dir, ".tmp-*.md")
	if err != nil {
		return corpus.Article{}, fmt.Errorf("write %s: %w", name, err)
	}
	_, werr := tmp.WriteString(content)
	serr := tmp.Sync()
	cerr := tmp.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp.Name())
		return corpus.Article{}, fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(s.dir, name)); err != nil {
		os.Remove(tmp.Name())
		return corpus.Article{}, fmt.Errorf("write %s: %w", name, err)
	}
	return as[0], nil
}

// ErrNotFetched is returned by Remove for an article of the configured
// corpus: newsbot only removes what it fetched.
var ErrNotFetched = errors.New("not a fetched article")

// ErrUnknown is returned by Remove for an id no article has.
var ErrUnknown = errors.New("no article has this id")

// Remove deletes the fetched article id's file and returns the article.
func (s *Store) Remove(id string) (corpus.Article, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	file, ok := s.ids[id]
	if !ok {
		return corpus.Article{}, fmt.Errorf("remove %q: %w", id, ErrUnknown)
	}
	if file == "" {
		return corpus.Article{}, fmt.Errorf("remove %q: %w: it is a file of NEWSBOT_CORPUS_DIR (or the bundled coverage); delete it there", id, ErrNotFetched)
	}
	if err := os.Remove(filepath.Join(s.dir, file)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return corpus.Article{}, fmt.Errorf("remove %q: %w", id, err)
	}
	a := s.articles[id]
	delete(s.ids, id)
	delete(s.articles, id)
	delete(s.shingles, id)
	for u, v := range s.byURL {
		if v == id {
			delete(s.byURL, u)
		}
	}
	return a, nil
}

// Articles returns the fetched articles (not those of the configured
// corpus).
func (s *Store) Articles() []corpus.Article {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []corpus.Article
	for id, f := range s.ids {
		if f != "" {
			out = append(out, s.articles[id])
		}
	}
	return out
}

var reSlug = regexp.MustCompile(`[^a-z0-9]+`)

// newID makes an id from the outlet and title, unique in the store.
func (s *Store) newID(a *extract.Article) string {
	base := strings.Trim(reSlug.ReplaceAllString(strings.ToLower(corpus.Normalize(a.Outlet+" "+a.Title)), "-"), "-")
	if len(base) > 70 {
		base = strings.TrimRight(base[:70], "-")
	}
	if base == "" {
		h := fnv.New32a()
		h.Write([]byte(a.URL))
		base = fmt.Sprintf("fetched-%08x", h.Sum32())
	}
	id := base
	for n := 2; ; n++ {
		if _, taken := s.ids[id]; !taken {
			if _, err := os.Stat(filepath.Join(s.dir, id+".md")); errors.Is(err, fs.ErrNotExist) {
				return id
			}
		}
		id = fmt.Sprintf("%s-%d", base, n)
	}
}

// shingles are the hashed word 8-grams of text, case and punctuation
// folded: the fingerprint of a copy.
func shingles(text string) map[uint64]bool {
	words := strings.FieldsFunc(strings.ToLower(corpus.Normalize(text)), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	})
	out := map[uint64]bool{}
	for i := 0; i+8 <= len(words); i++ {
		h := fnv.New64a()
		for _, w := range words[i : i+8] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		out[h.Sum64()] = true
	}
	return out
}

func yamlScalar(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return `""`
	}
	return strings.TrimSpace(string(out))
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Get returns the article id, fetched or of the configured corpus.
func (s *Store) Get(id string) (corpus.Article, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.articles[id]
	return a, ok
}
