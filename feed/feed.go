// Package feed reads news feeds: RSS 2.0 (and RSS 1.0), Atom and JSON
// Feed, into one Feed shape, and tells what is not a feed (an HTML page, a
// malformed document) by name. It parses only; fetching is package fetch.
//
// It uses encoding/xml and encoding/json rather than gofeed: the three
// formats need a few dozen fields, and gofeed v1.4.2 is served only from an
// unapproved copy and brings goquery and a dozen extension parsers newsbot
// does not use.
package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html/charset"

	"github.com/newsbot/newsbot/internal/timeparse"
)

// Feed is a parsed feed.
type Feed struct {
	Format string // "rss", "atom" or "json"
	Title  string
	Link   string // the site's home page
	Items  []Item
}

// Item is one entry of a feed: what a page may lack, the feed may give.
type Item struct {
	ID        string // guid / id; the link when the feed gives none
	Title     string
	Link      string // absolute
	Author    string
	Published time.Time // zero when the feed gives no date or an unreadable one
	Summary   string    // description / summary, as the feed has it (may be HTML)
}

// ErrNotFeed is returned for a document that is not a feed at all, such
// as an HTML page served where the feed was.
var ErrNotFeed = errors.New("not a feed")

// Parse reads data as RSS, Atom or JSON Feed, by its content. base is the
// feed's URL, for relative links. A malformed document is an error naming
// the format and the problem; an HTML page is ErrNotFeed.
func Parse(data []byte, base string) (*Feed, error) {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	trimmed = bytes.TrimPrefix(trimmed, []byte("\xef\xbb\xbf"))
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("%w: empty document", ErrNotFeed)
	}
	var f *Feed
	var err error
	switch {
	case trimmed[0] == '{':
		f, err = parseJSON(trimmed)
	case trimmed[0] == '<':
		f, err = parseXML(trimmed)
	default:
		return nil, fmt.Errorf("%w: starts with %q", ErrNotFeed, string(trimmed[:min(len(trimmed), 20)]))
	}
	if err != nil {
		return nil, err
	}
	b, _ := url.Parse(base)
	for i := range f.Items {
		it := &f.Items[i]
		it.Link = resolve(b, strings.TrimSpace(it.Link))
		it.Title = strings.TrimSpace(it.Title)
		if it.ID == "" {
			it.ID = it.Link
		}
	}
	f.Link = resolve(b, strings.TrimSpace(f.Link))
	return f, nil
}

func resolve(base *url.URL, ref string) string {
	if ref == "" || base == nil {
		return ref
	}
	u, err := base.Parse(ref)
	if err != nil {
		return ref
	}
	return u.String()
}

// xml shapes: one struct reads RSS 2.0, RSS 1.0 (RDF) and Atom, since
// encoding/xml matches local names when no namespace is given.
type xmlLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Body string `xml:",chardata"`
}

type xmlItem struct {
	Title       string    `xml:"title"`
	Links       []xmlLink `xml:"link"`
	GUID        string    `xml:"guid"`
	ID          string    `xml:"id"`
	About       string    `xml:"about,attr"`
	PubDate     string    `xml:"pubDate"`
	Published   string    `xml:"published"`
	Updated     string    `xml:"updated"`
	Date        string    `xml:"http://purl.org/dc/elements/1.1/ date"`
	Creator     string    `xml:"http://purl.org/dc/elements/1.1/ creator"`
	Author      xmlAuthor `xml:"author"`
	Description string    `xml:"description"`
	Summary     string    `xml:"summary"`
	Content     string    `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
	AtomContent string    `xml:"http://www.w3.org/2005/Atom content"`
}

type xmlAuthor struct {
	Name string `xml:"name"`
	Body string `xml:",chardata"`
}

type xmlFeed struct {
	XMLName xml.Name
	Channel struct {
		Title string    `xml:"title"`
		Links []xmlLink `xml:"link"`
		Items []xmlItem `xml:"item"`
	} `xml:"channel"`
	Title   string    `xml:"title"`
	Links   []xmlLink `xml:"link"`
	Entries []xmlItem `xml:"entry"`
	Items   []xmlItem `xml:"item"` // RSS 1.0 puts items beside the channel
}

func parseXML(data []byte) (*Feed, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charset.NewReaderLabel
	d.Strict = true
	// Find the root element first: an HTML page is not a malformed feed.
	var root xml.StartElement
	for {
		tok, err := d.Token()
		if err != nil {
			if looksHTML(data) {
				return nil, fmt.Errorf("%w: an HTML page", ErrNotFeed)
			}
			return nil, fmt.Errorf("malformed XML: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			root = se
			break
		}
	}
	format := ""
	switch strings.ToLower(root.Name.Local) {
	case "rss", "rdf":
		format = "rss"
	case "feed":
		format = "atom"
	case "html":
		return nil, fmt.Errorf("%w: an HTML page", ErrNotFeed)
	default:
		return nil, fmt.Errorf("%w: XML whose root is <%s>", ErrNotFeed, root.Name.Local)
	}
	var x xmlFeed
	if err := d.DecodeElement(&x, &root); err != nil {
		return nil, fmt.Errorf("malformed %s feed: %w", strings.ToUpper(format), err)
	}
	f := &Feed{Format: format}
	items := x.Entries
	if format == "rss" {
		f.Title, f.Link = x.Channel.Title, pickLink(x.Channel.Links)
		items = append(x.Channel.Items, x.Items...)
	} else {
		f.Title, f.Link = x.Title, pickLink(x.Links)
	}
	for _, xi := range items {
		it := Item{
			Title:   strings.TrimSpace(xi.Title),
			Link:    pickLink(xi.Links),
			ID:      strings.TrimSpace(first(xi.GUID, xi.ID, xi.About)),
			Author:  strings.TrimSpace(first(xi.Author.Name, xi.Creator, xi.Author.Body)),
			Summary: strings.TrimSpace(first(xi.Content, xi.AtomContent, xi.Description, xi.Summary)),
		}
		it.Published = parseDate(first(xi.PubDate, xi.Published, xi.Date, xi.Updated))
		f.Items = append(f.Items, it)
	}
	return f, nil
}

// pickLink prefers an Atom rel=alternate (or no rel) href, then RSS text.
func pickLink(ls []xmlLink) string {
	for _, l := range ls {
		if l.Href != "" && (l.Rel == "" || l.Rel == "alternate") {
			return l.Href
		}
	}
	for _, l := range ls {
		if s := strings.TrimSpace(l.Body); s != "" {
			return s
		}
	}
	return ""
}

func first(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func looksHTML(data []byte) bool {
	head := strings.ToLower(string(data[:min(len(data), 1024)]))
	return strings.Contains(head, "<!doctype html") || strings.Contains(head, "<html")
}

// dateLayouts are the date forms feeds use, RFC 822 and its sloppy kin
// first, then RFC 3339.
var dateLayouts = []string{
	time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04 -0700", "Mon, 02 Jan 06 15:04:05 -0700",
	time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05", time.DateOnly,
}

// parseDate reads a feed date; an unreadable one is the zero time.
func parseDate(s string) time.Time { return timeparse.First(s, dateLayouts) }

type jsonFeed struct {
	Version     string `json:"version"`
	Title       string `json:"title"`
	HomePageURL string `json:"home_page_url"`
	Items       []struct {
		ID            json.RawMessage `json:"id"` // a string, though some feeds write a number
		URL           string          `json:"url"`
		ExternalURL   string          `json:"external_url"`
		Title         string          `json:"title"`
		Summary       string          `json:"summary"`
		ContentText   string          `json:"content_text"`
		ContentHTML   string          `json:"content_html"`
		DatePublished string          `json:"date_published"`
		DateModified  string          `json:"date_modified"`
		Author        *struct {
			Name string `json:"name"`
		} `json:"author"`
		Authors []struct {
			Name string `json:"name"`
		} `json:"authors"`
	} `json:"items"`
}

func parseJSON(data []byte) (*Feed, error) {
	var j jsonFeed
	d := json.NewDecoder(bytes.NewReader(data))
	if err := d.Decode(&j); err != nil {
		return nil, fmt.Errorf("malformed JSON Feed: %w", err)
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("malformed JSON Feed: data after the object")
	}
	if !strings.HasPrefix(j.Version, "https://jsonfeed.org/version/") {
		return nil, fmt.Errorf("%w: JSON without a jsonfeed.org version (got %q)", ErrNotFeed, j.Version)
	}
	f := &Feed{Format: "json", Title: j.Title, Link: j.HomePageURL}
	for _, ji := range j.Items {
		id := strings.Trim(string(ji.ID), `"`)
		it := Item{
			ID:        id,
			Title:     ji.Title,
			Link:      first(ji.URL, ji.ExternalURL),
			Summary:   first(ji.ContentText, ji.ContentHTML, ji.Summary),
			Published: parseDate(first(ji.DatePublished, ji.DateModified)),
		}
		if ji.Author != nil {
			it.Author = ji.Author.Name
		}
		if len(ji.Authors) > 0 && it.Author == "" {
			it.Author = ji.Authors[0].Name
		}
		f.Items = append(f.Items, it)
	}
	return f, nil
}
