package corpus_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/newsbot/newsbot/corpus"
)

func TestParseFrontMatter(t *testing.T) {
	for _, tt := range []struct {
		name, file, data string
		want             corpus.Article // Text and Hash are not compared
	}{
		{"all keys", "x.md", "---\nid: tram\ntitle: Tram line approved\noutlet: Harbour Gazette\nauthor: Jane Doe\npublished: 2024-05-14\nurl: https://example.org/tram\nlanguage: de\n---\nThe council approved the tram line.\n",
			corpus.Article{ID: "tram", Title: "Tram line approved", Outlet: "Harbour Gazette", Author: "Jane Doe", Published: time.Date(2024, 5, 14, 0, 0, 0, 0, time.UTC), URL: "https://example.org/tram", Language: "de", File: "x.md"}},
		{"no front matter", "plain-story.txt", "\n\nCouncil backs tram\n\nThe council approved the tram line.",
			corpus.Article{ID: "plain-story", Title: "Council backs tram", Language: "en", File: "plain-story.txt"}},
		{"empty front matter", "e.md", "---\n---\nHeadline here\nBody text follows.",
			corpus.Article{ID: "e", Title: "Headline here", Language: "en", File: "e.md"}},
		{"comments and quotes", "q.md", "---\n# where this came from\nid: \"q-1\"\ntitle: 'It''s “curly”'\noutlet: ~\n---\nText.",
			corpus.Article{ID: "q-1", Title: `It's "curly"`, Language: "en", File: "q.md"}},
		{"numeric id and CRLF", "n.md", "---\r\nid: 42\r\n---\r\nLine one.\r\nLine two.",
			corpus.Article{ID: "42", Title: "Line one.", Language: "en", File: "n.md"}},
		{"BOM and caption first", "b.md", "\ufeffA man walks past a screen in Seoul. (Yonhap)\n\nThe real lede is here.\n\nMore text.",
			corpus.Article{ID: "b", Title: "The real lede is here.", Language: "en", File: "b.md"}},
		{"also: a wire copy under other outlets", "w.md", "---\noutlet: Metro Daily\nalso:\n  - outlet: Coast Herald\n    url: https://coast.example/p\n    published: 2024-05-13\n  - outlet: Bay News\n---\nPower is back.",
			corpus.Article{ID: "w", Title: "Power is back.", Outlet: "Metro Daily", Language: "en", File: "w.md", Also: []corpus.Source{
				{Outlet: "Coast Herald", URL: "https://coast.example/p", Published: time.Date(2024, 5, 13, 0, 0, 0, 0, time.UTC)}, {Outlet: "Bay News"}}}},
		{"dashes only in body", "d.md", "Title line\n---\nnot front matter",
			corpus.Article{ID: "d", Title: "Title line", Language: "en", File: "d.md"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			as, err := corpus.Load(fstest.MapFS{tt.file: {Data: []byte(tt.data)}})
			if err != nil || len(as) != 1 {
				t.Fatalf("Load = %d articles, %v; want 1, nil", len(as), err)
			}
			got := as[0]
			if got.Text == "" || len(got.Hash) != 64 {
				t.Errorf("Text %q, Hash %q: want text and a hex SHA-256", got.Text, got.Hash)
			}
			got.Text, got.Hash = "", ""
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestLongTitleFromText(t *testing.T) {
	lede := "North Korea on Monday dismissed as groundless rumors the accusations from South Korea and Ukraine that it is sending soldiers to fight alongside Russia in the war, arguing that its relations are legitimate."
	as, err := corpus.Load(fstest.MapFS{"a.txt": {Data: []byte(lede + " A second sentence.")}})
	if err != nil {
		t.Fatal(err)
	}
	title := as[0].Title
	if len(title) > 124 || !strings.HasSuffix(title, "...") || !strings.HasPrefix(lede, strings.TrimSuffix(title, "...")) {
		t.Errorf("title %q: want a prefix of the lede of at most 120 bytes ending in ...", title)
	}
}

func TestMalformedFiles(t *testing.T) {
	for _, tt := range []struct {
		name, data string
		line       int
		msg        string
	}{
		{"unknown key", "---\nid: a\nsection: world\n---\nText.", 3, `unknown key "section"`},
		{"bad date", "---\ntitle: T\npublished: 21 October 2024\n---\nText.", 3, "not a date in the form YYYY-MM-DD"},
		{"impossible date", "---\npublished: 2024-02-30\n---\nText.", 2, "not a date"},
		{"unterminated", "---\nid: a\ntitle: T\nText without the closing line.", 1, "never closed"},
		{"opening only", "---", 1, "never closed"},
		{"yaml syntax", "---\nid: a\ntitle: b: c\n---\nText.", 3, "mapping values are not allowed"},
		{"unclosed quote", "---\nid: a\ntitle: \"open\nurl: x\n---\nText.", 3, "front matter:"},
		{"bad indentation", "---\nid: a\n  title: b\n---\nText.", 3, "front matter:"},
		// yaml.v3's parser counts lines from 0, its scanner from 1, and
		// neither names the first line: each case is on a known line.
		{"scanner error on the first line", "---\ntitle: a: b\n---\nText.", 2, "mapping values are not allowed"},
		{"scanner error, bad token", "---\nid: a\nurl: x\nauthor: @x\n---\nText.", 4, "cannot start any token"},
		{"unclosed flow list", "---\nid: a\ntitle: [unclosed\nurl: x\n---\nText.", 3, "did not find expected ',' or ']'"},
		{"unclosed flow mapping", "---\nid: a\nurl: x\ntitle: {a: b\n---\nText.", 4, "did not find expected ',' or '}'"},
		{"list item among keys", "---\nid: a\n- b\n---\nText.", 3, "did not find expected key"},
		{"unclosed list on the only line", "---\ntitle: [unclosed\n---\nText.", 2, "did not find expected ',' or ']'"},
		{"unclosed quoted key", "---\nid: a\n\"title\nb\n---\nText.", 3, "found unexpected end of stream"},
		{"not a mapping", "---\n- a\n- b\n---\nText.", 2, "want key: value lines"},
		{"list value", "---\ntitle:\n  - a\n  - b\n---\nText.", 3, "title must be a single value"},
		{"duplicate key", "---\nid: a\nid: b\n---\nText.", 3, `"id"`},
		{"also not a list", "---\nid: a\nalso: Coast Herald\n---\nText.", 3, "also must be a list"},
		{"also entry not a mapping", "---\nid: a\nalso:\n  - Coast Herald\n---\nText.", 4, "each entry must be outlet/url/published keys"},
		{"also unknown key", "---\nid: a\nalso:\n  - outlet: X\n    site: y\n---\nText.", 5, `also: unknown key "site"`},
		{"also bad date", "---\nid: a\nalso:\n  - outlet: X\n    published: May 13\n---\nText.", 5, "not a date"},
		{"hash in id", "---\nid: a#1\n---\nText.", 2, "must not contain '#'"},
		{"empty text", "---\nid: a\n---\n\n  \n", 4, "no article text"},
		{"only chrome", "Share it on...\n\nComments0\n", 1, "no article text"},
		{"binary", "Some text\nmore\x00\x01\x02", 2, "not UTF-8 text"},
		{"invalid utf-8", "ok line\n\xff\xfe bad", 2, "not UTF-8 text"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			as, err := corpus.Load(fstest.MapFS{"bad.md": {Data: []byte(tt.data)}})
			if len(as) != 0 {
				t.Errorf("Load returned %d articles; want none", len(as))
			}
			fe, ok := errors.AsType[*corpus.FileError](err)
			if !ok {
				t.Fatalf("Load error %v: want a *FileError", err)
			}
			if fe.File != "bad.md" || fe.Line != tt.line || !strings.Contains(fe.Error(), tt.msg) {
				t.Errorf("FileError %q (file %s line %d); want bad.md line %d containing %q", fe, fe.File, fe.Line, tt.line, tt.msg)
			}
			if want := "load article bad.md:"; !strings.HasPrefix(fe.Error(), want) {
				t.Errorf("Error() = %q; want prefix %q", fe.Error(), want)
			}
		})
	}
}

func TestLoadMixed(t *testing.T) {
	fsys := fstest.MapFS{
		"a-good.md":          {Data: []byte("---\nid: zeta\noutlet: Gazette\n---\nFirst good article.")},
		"b-good.txt":         {Data: []byte("Alpha headline\n\nSecond good article.")},
		"c-broken.md":        {Data: []byte("---\nid: c\nfoo: bar\n---\nText.")},
		"d-dup.md":           {Data: []byte("---\noutlet: X\nid: zeta\n---\nSame id as a-good.md.")},
		"e-binary.txt":       {Data: []byte{0x89, 'P', 'N', 'G', 0, 0}},
		"notes.json":         {Data: []byte(`{"not": "an article"}`)},
		".hidden.md":         {Data: []byte("editor swap file")},
		"sub/inner.md":       {Data: []byte("Not at the root.")},
		"UPPER.MD":           {Data: []byte("Upper-case extension counts.")},
		"f-unterminated.txt": {Data: []byte("---\nid: f\n")},
	}
	as, err := corpus.Load(fsys)
	var ids []string
	for _, a := range as {
		ids = append(ids, a.ID)
	}
	if want := []string{"UPPER", "b-good", "zeta"}; !slices.Equal(ids, want) {
		t.Errorf("ids %q; want %q (sorted by id)", ids, want)
	}
	var got []string
	for _, e := range unjoin(err) {
		fe, ok := errors.AsType[*corpus.FileError](e)
		if !ok {
			t.Fatalf("error %v is not a *FileError", e)
		}
		got = append(got, fe.File+":"+strconv.Itoa(fe.Line))
	}
	if want := []string{"c-broken.md:3", "d-dup.md:3", "e-binary.txt:1", "f-unterminated.txt:1"}; !slices.Equal(got, want) {
		t.Errorf("file errors %q; want %q", got, want)
	}
	if err != nil && !strings.Contains(err.Error(), `duplicate id "zeta", already used by a-good.md`) {
		t.Errorf("error %q does not name the duplicate", err)
	}
}

func TestLoadUnreadable(t *testing.T) {
	if _, err := corpus.Load(fstest.MapFS{}); err != nil {
		t.Errorf("empty folder: %v", err)
	}
	_, err := corpus.Load(os.DirFS(filepath.Join(t.TempDir(), "missing")))
	if err == nil {
		t.Fatal("missing folder: no error")
	}
	if _, ok := errors.AsType[*corpus.FileError](err); ok {
		t.Errorf("missing folder gave a FileError %v; want a plain error", err)
	}
}

func TestHashChangesWithMetadataAndText(t *testing.T) {
	load := func(data string) string {
		as, err := corpus.Load(fstest.MapFS{"a.md": {Data: []byte(data)}})
		if err != nil {
			t.Fatal(err)
		}
		return as[0].Hash
	}
	base := load("---\nid: a\noutlet: X\n---\nSome text.")
	if base != load("---\nid: a\noutlet: X\n---\nSome   text.\n") {
		t.Error("hash changed when only white space that cleaning folds changed")
	}
	for _, other := range []string{
		"---\nid: a\noutlet: Y\n---\nSome text.",
		"---\nid: a\noutlet: X\npublished: 2024-01-02\n---\nSome text.",
		"---\nid: a\noutlet: X\n---\nOther text.",
	} {
		if load(other) == base {
			t.Errorf("hash of %q equals the base", other)
		}
	}
}

// The bundled coverage loads cleanly, each with its outlet, and nothing of
// the "Latest Stories" style lists survives.
func TestBundled(t *testing.T) {
	as, err := corpus.Load(corpus.Bundled())
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 5 {
		t.Fatalf("%d articles; want 5", len(as))
	}
	outlets := map[string]string{}
	for _, a := range as {
		outlets[a.ID] = a.Outlet
		if a.Title == "" || a.Language != "en" || a.Text == "" {
			t.Errorf("%s: title %q language %q text %d bytes", a.ID, a.Title, a.Language, len(a.Text))
		}
	}
	want := map[string]string{
		"yonhap-nk-denies-troops":      "Yonhap",
		"afp-nk-denies-troops":         "AFP",
		"112ua-nk-rejects-accusations": "112.ua",
		"ap-seoul-demands-withdrawal":  "AP",
		"inews24-nk-denies-baseless":   "inews24",
	}
	for id, o := range want {
		if outlets[id] != o {
			t.Errorf("%s: outlet %q; want %q", id, outlets[id], o)
		}
	}
	for _, a := range as {
		if a.ID == "afp-nk-denies-troops" && a.Date() != "2024-10-22" {
			t.Errorf("%s: date %q; want 2024-10-22", a.ID, a.Date())
		}
	}

	// Every headline of the lists of other stories in the raw inews24 page.
	raw, err := os.ReadFile(filepath.Join("testdata", "raw", "004_29b026701b1c960e.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := corpus.Normalize(string(raw))
	start := strings.Index(text, "Latest Stories")
	if start < 0 {
		t.Fatal("raw 004 has no Latest Stories list")
	}
	var headlines []string
	for l := range strings.SplitSeq(text[start:], "\n") {
		l = strings.TrimSpace(strings.TrimPrefix(l, "•"))
		if len(strings.Fields(l)) >= 5 {
			headlines = append(headlines, l)
		}
	}
	if len(headlines) < 10 {
		t.Fatalf("found %d headlines in the lists; the test lost its input", len(headlines))
	}
	for _, a := range as {
		for _, h := range headlines {
			if strings.Contains(a.Text, h) {
				t.Errorf("%s keeps the headline %q of another story", a.ID, h)
			}
		}
		// A photo credit stays on its caption (who took the photo is
		// asked); anywhere else it is chrome.
		var body strings.Builder
		for p := range strings.SplitSeq(a.Text, "\n\n") {
			if !strings.HasPrefix(p, corpus.CaptionPrefix) {
				body.WriteString(p + "\n\n")
			}
		}
		for _, chrome := range []string{"Quick access", "Comments0", "Share it on", "content@", "inews24 Views", "Photo: 112.ua", "date 2024-10-22", "Copyright AFP", "(Yonhap)"} {
			if strings.Contains(body.String(), chrome) {
				t.Errorf("%s keeps chrome %q", a.ID, chrome)
			}
		}
	}
}

// The bundled files keep the originals byte for byte below the front matter.
func TestBundledKeepsOriginals(t *testing.T) {
	raws, err := filepath.Glob(filepath.Join("testdata", "raw", "*.txt"))
	if err != nil || len(raws) != 5 {
		t.Fatalf("raw files %v, %v; want 5", raws, err)
	}
	bodies := map[string]bool{}
	err = fs.WalkDir(corpus.Bundled(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(corpus.Bundled(), p)
		if err != nil {
			return err
		}
		parts := bytes.SplitN(data, []byte("\n---\n"), 2)
		if !bytes.HasPrefix(data, []byte("---\n")) || len(parts) != 2 {
			t.Errorf("%s: no front matter", p)
			return nil
		}
		bodies[string(parts[1])] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range raws {
		data, err := os.ReadFile(r)
		if err != nil {
			t.Fatal(err)
		}
		if !bodies[string(data)] {
			t.Errorf("no bundled file holds %s byte for byte", r)
		}
	}
}

func FuzzParse(f *testing.F) {
	if err := fs.WalkDir(corpus.Bundled(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(corpus.Bundled(), p)
		f.Add(data)
		return err
	}); err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("---\nid: a\ntitle: [x\n---\nText."))
	f.Add([]byte("---\npublished: 2024-13-01\n---\n"))
	f.Add([]byte("---\n&a x: *a\n---\nText"))
	f.Fuzz(func(t *testing.T, data []byte) {
		as, err := corpus.Load(fstest.MapFS{"f.md": {Data: data}})
		switch {
		case err != nil:
			fe, ok := errors.AsType[*corpus.FileError](err)
			if !ok || len(as) != 0 {
				t.Fatalf("error %v (%T) with %d articles; want one FileError and none", err, err, len(as))
			}
			if lines := bytes.Count(data, []byte("\n")) + 1; fe.File != "f.md" || fe.Line < 0 || fe.Line > lines {
				t.Fatalf("FileError %q: line %d outside the file's %d lines", fe, fe.Line, lines)
			}
		case len(as) != 1:
			t.Fatalf("%d articles and no error", len(as))
		default:
			a := as[0]
			if a.ID == "" || a.Title == "" || a.Text == "" || len(a.Hash) != 64 {
				t.Fatalf("incomplete article %+v", a)
			}
			if a.Text != strings.TrimSpace(a.Text) || strings.Contains(a.Text, "\n\n\n") {
				t.Fatalf("Text is not trimmed to paragraphs: %q", a.Text)
			}
		}
	})
}

func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func TestLoadDirFollowsLinks(t *testing.T) {
	dir := t.TempDir()
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "real.md"), []byte("---\nid: linked\n---\nLinked text."), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "plain.txt"), []byte("Plain text."), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(other, "real.md"), filepath.Join(dir, "link.md")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "folder.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	as, err := corpus.Load(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range as {
		ids = append(ids, a.ID+"="+a.File)
	}
	if want := []string{"linked=link.md", "plain=plain.txt"}; !slices.Equal(ids, want) {
		t.Errorf("got %q; want %q", ids, want)
	}
}
