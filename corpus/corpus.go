// Package corpus owns the article format: loading article files, cleaning
// away site chrome, and cutting the cleaned text into passages with stable
// ids and character offsets. It also carries the bundled coverage.
package corpus

import "time"

// Article is one news article after loading and cleaning.
type Article struct {
	ID        string    // from front matter, else the file name without extension
	Title     string    // from front matter, else the first non-caption line of Text, shortened
	Outlet    string    // publishing outlet, "" when unknown
	Author    string    // "" when unknown
	Published time.Time // zero when unknown; relative dates in Text are read against it
	URL       string    // "" when unknown
	Language  string    // BCP 47 tag, "en" when unknown
	File      string    // path of the source file inside the loaded fs.FS
	Text      string    // cleaned article text; passage offsets index into it
	Hash      string    // hex SHA-256 of the metadata and Text: changes when the article changes
	Also      []Source  // other outlets that ran the same copy (a wire story), from front matter "also"
}

// Source is another outlet that published an article's copy.
type Source struct {
	Outlet    string
	URL       string
	Published time.Time // zero when unknown
}

// Date returns the publication date as YYYY-MM-DD, or "" when unknown.
func (s Source) Date() string {
	if s.Published.IsZero() {
		return ""
	}
	return s.Published.Format(time.DateOnly)
}

// Date returns the publication date as YYYY-MM-DD, or "" when unknown.
func (a Article) Date() string {
	if a.Published.IsZero() {
		return ""
	}
	return a.Published.Format(time.DateOnly)
}

// Passage is a retrievable piece of one article: a window of whole sentences.
// Text == article.Text[Start:End] always holds.
type Passage struct {
	ID        string    // stable: "<article id>#<ordinal>"; same article text gives same ids
	ArticleID string    // Article.ID
	Ordinal   int       // 0-based position of the passage in its article
	Title     string    // copied from the article
	Outlet    string    // copied from the article
	Published time.Time // copied from the article
	URL       string    // copied from the article
	Text      string    // the passage text (a slice of the cleaned article text)
	Start     int       // byte offset of Text in Article.Text
	End       int       // byte offset just past Text in Article.Text
	Sentences []Span    // the sentences of Text, offsets relative to Text
	Hash      string    // hex SHA-256 of Text: changes exactly when the text changes
}

// Span is a half-open byte range [Start, End).
type Span struct{ Start, End int }

// Date returns the publication date as YYYY-MM-DD, or "" when unknown.
func (p Passage) Date() string {
	if p.Published.IsZero() {
		return ""
	}
	return p.Published.Format(time.DateOnly)
}
