package corpus

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

//go:embed coverage/*.md
var coverage embed.FS

// Bundled returns the coverage embedded in the binary (corpus/coverage/*.md),
// rooted at that folder so that Load(Bundled()) reads it like a corpus folder.
func Bundled() fs.FS {
	sub, err := fs.Sub(coverage, "coverage")
	if err != nil {
		panic(fmt.Sprintf("corpus: embedded coverage: %v", err)) // wiring bug: the embed pattern names the folder
	}
	return sub
}

// FileError reports one article file that could not be loaded. Load skips
// such a file and goes on with the others.
type FileError struct {
	File string // path of the file inside the loaded fs.FS
	Line int    // 1-based line of the problem in the file, 0 when no line applies
	Err  error  // the cause
}

// Error returns "load article FILE:LINE: cause" (without ":LINE" when Line is 0).
func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("load article %s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("load article %s: %v", e.File, e.Err)
}

// Unwrap returns the cause.
func (e *FileError) Unwrap() error { return e.Err }

// maxTitleLen bounds a title taken from the text when no front matter names one.
const maxTitleLen = 120

// Load reads every .md and .txt file (or link to one) at the root of
// fsys and returns the articles sorted by ID; other files, folders and
// names starting with "." are ignored. An article without a title in its
// front matter takes the first line of its cleaned text that is not a
// caption, cut to its first sentence or 120 bytes. A file that cannot be
// read as an article is skipped and reported as a *FileError; err is then
// the errors.Join of those, and the good articles are still returned. Of
// two files with the same ID (files are read in name order) the second is
// the FileError. Only a failure to list the root returns no articles.
func Load(fsys fs.FS) ([]Article, error) {
	names, err := articleFiles(fsys)
	if err != nil {
		return nil, fmt.Errorf("load articles: %w", err)
	}
	// Reading and cleaning are most of a restart's time: spread them over
	// the cores, then judge duplicates in directory order, as one by one.
	type parsed struct {
		a      Article
		idLine int
		err    error
	}
	results := make([]parsed, len(names))
	parallel(len(names), func(i int) {
		data, err := fs.ReadFile(fsys, names[i])
		if err != nil {
			results[i].err = &FileError{File: names[i], Err: err}
			return
		}
		results[i].a, results[i].idLine, results[i].err = parse(names[i], data)
	})
	var (
		articles []Article
		errs     []error
		seen     = map[string]string{} // id -> file that claimed it
	)
	for i, r := range results {
		if r.err != nil {
			errs = append(errs, r.err)
			continue
		}
		if first, dup := seen[r.a.ID]; dup {
			errs = append(errs, &FileError{File: names[i], Line: r.idLine, Err: fmt.Errorf("duplicate id %q, already used by %s", r.a.ID, first)})
			continue
		}
		seen[r.a.ID] = names[i]
		articles = append(articles, r.a)
	}
	slices.SortFunc(articles, func(a, b Article) int { return strings.Compare(a.ID, b.ID) })
	return articles, errors.Join(errs...)
}

// articleFiles returns the names of the files Load reads, in name order:
// the .md and .txt files (or links to one) at the root of fsys whose names
// do not start with ".".
func articleFiles(fsys fs.FS) ([]string, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		name := e.Name()
		ext := strings.ToLower(path.Ext(name))
		if strings.HasPrefix(name, ".") || (ext != ".md" && ext != ".txt") {
			continue
		}
		if e.Type()&fs.ModeSymlink != 0 { // follow links to files
			if info, err := fs.Stat(fsys, name); err == nil && info.Mode().IsRegular() {
				e = fs.FileInfoToDirEntry(info)
			}
		}
		if e.Type().IsRegular() {
			names = append(names, name)
		}
	}
	return names, nil
}

// frontMatterKeys are the keys an article's front matter may set.
var frontMatterKeys = []string{"id", "title", "outlet", "author", "published", "url", "language", "also"}

// yamlLine finds the line number in a yaml error message ("yaml: line 3: ...").
var yamlLine = regexp.MustCompile(`\bline (\d+)\b`)

// yamlParserProblems are the problems yaml.v3's parser (not its scanner)
// reports. The parser numbers lines from 0 and the scanner from 1, and
// neither names line 0 at all: the message alone tells which count it used.
var yamlParserProblems = []string{
	"did not find expected <stream-start>",
	"did not find expected <document start>",
	"did not find expected node content",
	"did not find expected '-' indicator",
	"did not find expected key",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found undefined tag handle",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found duplicate %TAG directive",
}

// yamlErrorLine returns the file line of a yaml.v3 error in front matter
// that starts on the file's second line. full is the error text, problem
// the text without "yaml: line N: ".
func yamlErrorLine(full, problem string) int {
	m := yamlLine.FindStringSubmatch(full)
	if m == nil {
		return 2 // no line named: the error is on the front matter's first line
	}
	n, _ := strconv.Atoi(m[1])
	if slices.Contains(yamlParserProblems, problem) {
		n++ // counted from 0
	}
	return 1 + n
}

// parse reads one article file. idLine is the line that set the id (for
// duplicate reports): the front matter's id key, else 0.
func parse(name string, data []byte) (a Article, idLine int, err error) {
	fail := func(line int, format string, args ...any) (Article, int, error) {
		return Article{}, 0, &FileError{File: name, Line: line, Err: fmt.Errorf(format, args...)}
	}
	if line, ok := binaryLine(data); !ok {
		return fail(line, "not UTF-8 text")
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))

	meta := map[string]string{}
	metaLine := map[string]int{}
	var alsoList []Source
	body := data
	bodyLine := 1 // file line where body starts
	if fm, rest, closeLine, ok := splitFrontMatter(data); ok {
		if closeLine == 0 {
			return fail(1, "front matter opened here is never closed by a \"---\" line")
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(fm, &doc); err != nil {
			msg := strings.TrimPrefix(err.Error(), "yaml: ")
			msg = yamlLine.ReplaceAllString(msg, "") // the line is in the FileError
			msg = strings.TrimLeft(msg, ": \n")
			// An error found at the end of the block (an unclosed quote or
			// list) points at its last line, never at the closing "---".
			line := min(yamlErrorLine(err.Error(), msg), max(closeLine-1, 2))
			return fail(line, "front matter: %s", msg)
		}
		if len(doc.Content) > 0 {
			m := doc.Content[0]
			if m.Kind != yaml.MappingNode {
				return fail(1+m.Line, "front matter: want key: value lines, got %s", kindName(m.Kind))
			}
			for i := 0; i+1 < len(m.Content); i += 2 {
				k, v := m.Content[i], m.Content[i+1]
				line := 1 + k.Line
				if k.Kind != yaml.ScalarNode || !slices.Contains(frontMatterKeys, k.Value) {
					return fail(line, "front matter: unknown key %q (known: %s)", k.Value, strings.Join(frontMatterKeys, ", "))
				}
				if _, dup := meta[k.Value]; dup {
					return fail(line, "front matter: key %q set twice", k.Value)
				}
				if k.Value == "also" {
					also, line, err := parseAlso(v)
					if err != nil {
						return fail(1+line, "front matter: %v", err)
					}
					alsoList = also
					meta["also"] = ""
					continue
				}
				if v.Kind != yaml.ScalarNode {
					return fail(1+v.Line, "front matter: %s must be a single value, got %s", k.Value, kindName(v.Kind))
				}
				value := v.Value
				if v.Tag == "!!null" {
					value = ""
				}
				meta[k.Value] = strings.TrimSpace(value)
				metaLine[k.Value] = 1 + v.Line
			}
		}
		body, bodyLine = rest, closeLine+1
		if len(rest) == 0 {
			bodyLine = closeLine // the file ends with the closing line
		}
	}

	a = Article{
		ID:       meta["id"],
		Title:    Normalize(meta["title"]),
		Outlet:   Normalize(meta["outlet"]),
		Author:   Normalize(meta["author"]),
		URL:      meta["url"],
		Language: meta["language"],
		File:     name,
		Text:     Clean(string(body)),
		Also:     alsoList,
	}
	if a.ID == "" {
		a.ID = strings.TrimSuffix(name, path.Ext(name))
	} else {
		idLine = metaLine["id"]
	}
	if strings.ContainsAny(a.ID, "#\n\r\t") {
		return fail(metaLine["id"], "id %q must not contain '#' or control characters", a.ID)
	}
	if p := meta["published"]; p != "" {
		t, err := time.Parse(time.DateOnly, p)
		if err != nil {
			return fail(metaLine["published"], "published %q is not a date in the form YYYY-MM-DD", p)
		}
		a.Published = t
	}
	if a.Language == "" {
		a.Language = "en"
	}
	if a.Text == "" {
		return fail(bodyLine, "no article text")
	}
	if a.Title == "" {
		a.Title = titleFromText(a.Text)
	}
	a.Hash = articleHash(a)
	return a, idLine, nil
}

// parseAlso reads the "also" key: a list of the other outlets that ran the
// same copy, each a mapping of outlet, url and published. It returns the
// 0-based YAML line of a problem.
func parseAlso(v *yaml.Node) ([]Source, int, error) {
	if v.Kind != yaml.SequenceNode {
		return nil, v.Line, fmt.Errorf("also must be a list of outlet/url/published entries, got %s", kindName(v.Kind))
	}
	var out []Source
	for _, e := range v.Content {
		if e.Kind != yaml.MappingNode {
			return nil, e.Line, fmt.Errorf("also: each entry must be outlet/url/published keys, got %s", kindName(e.Kind))
		}
		var s Source
		for i := 0; i+1 < len(e.Content); i += 2 {
			k, val := e.Content[i], e.Content[i+1]
			if val.Kind != yaml.ScalarNode {
				return nil, val.Line, fmt.Errorf("also: %s must be a single value, got %s", k.Value, kindName(val.Kind))
			}
			switch k.Value {
			case "outlet":
				s.Outlet = Normalize(strings.TrimSpace(val.Value))
			case "url":
				s.URL = strings.TrimSpace(val.Value)
			case "published":
				if p := strings.TrimSpace(val.Value); p != "" {
					t, err := time.Parse(time.DateOnly, p)
					if err != nil {
						return nil, val.Line, fmt.Errorf("also: published %q is not a date in the form YYYY-MM-DD", p)
					}
					s.Published = t
				}
			default:
				return nil, k.Line, fmt.Errorf("also: unknown key %q (known: outlet, url, published)", k.Value)
			}
		}
		if s.Outlet == "" && s.URL == "" {
			return nil, e.Line, errors.New("also: an entry needs an outlet or a url")
		}
		out = append(out, s)
	}
	return out, 0, nil
}

// splitFrontMatter splits a file that opens with a "---" line into the YAML
// between it and the next "---" line and the rest. closeLine is the 1-based
// line of the closing "---", 0 when the block is never closed; ok is false
// when the file has no front matter.
func splitFrontMatter(data []byte) (fm, rest []byte, closeLine int, ok bool) {
	first, after, found := bytes.Cut(data, []byte("\n"))
	if string(bytes.TrimRight(first, " \t\r")) != "---" {
		return nil, nil, 0, false
	}
	if !found {
		return nil, nil, 0, true
	}
	off := len(first) + 1
	line := 2
	for off <= len(data) {
		l, _, more := bytes.Cut(data[off:], []byte("\n"))
		if string(bytes.TrimRight(l, " \t\r")) == "---" {
			next := min(off+len(l)+1, len(data))
			return after[:off-len(first)-1], data[next:], line, true
		}
		if !more {
			break
		}
		off += len(l) + 1
		line++
	}
	return nil, nil, 0, true
}

// binaryLine reports whether data is UTF-8 text (no NUL or other C0
// control bytes but tab, newline, carriage return and form feed) and, when
// it is not, the 1-based line of the first offending byte.
func binaryLine(data []byte) (line int, ok bool) {
	line = 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return line, false
		case r == '\n':
			line++
		case r < 0x20 && r != '\t' && r != '\r' && r != '\f':
			return line, false
		}
		i += size
	}
	return line, true
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.AliasNode:
		return "an alias"
	default:
		return "a value"
	}
}

// titleFromText takes the first line of the cleaned text that is not a
// photo caption (or the first line when all are), shortened to its first
// sentence, and further to maxTitleLen bytes at a word boundary with "...".
func titleFromText(text string) string {
	lines := strings.Split(text, "\n")
	title := ""
	for _, l := range lines {
		if l == "" {
			continue
		}
		if title == "" {
			title = strings.TrimPrefix(l, CaptionPrefix)
		}
		if !strings.HasPrefix(l, CaptionPrefix) {
			title = l
			break
		}
	}
	if len(title) <= maxTitleLen {
		return title
	}
	if s := Sentences(title); len(s) > 0 && s[0].End-s[0].Start <= maxTitleLen {
		return title[s[0].Start:s[0].End]
	}
	cut := strings.LastIndexByte(title[:maxTitleLen], ' ')
	if cut <= 0 {
		cut = maxTitleLen
		for cut > 0 && !utf8.RuneStart(title[cut]) {
			cut--
		}
	}
	return strings.TrimRight(title[:cut], " ,;:-") + "..."
}

// articleHash is the hex SHA-256 of every metadata field and the text,
// each written with its length so that no two articles share an encoding.
// File is left out: moving a file does not change the article.
func articleHash(a Article) string {
	h := sha256.New()
	for _, f := range []string{a.ID, a.Title, a.Outlet, a.Author, a.Date(), a.URL, a.Language, a.Text} {
		fmt.Fprintf(h, "%d:%s\n", len(f), f)
	}
	for _, s := range a.Also { // only when set: old hashes stay as they were
		for _, f := range []string{"also", s.Outlet, s.URL, s.Date()} {
			fmt.Fprintf(h, "%d:%s\n", len(f), f)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
