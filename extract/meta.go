package extract

import (
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsbot/newsbot/internal/timeparse"
)

// meta is what a page says about itself, each field from the best source
// that has it.
type meta struct {
	title, outlet, author, url string
	published                  time.Time
}

// readMeta reads Open Graph and article: meta tags, JSON-LD NewsArticle
// (also inside @graph and arrays), microdata datePublished, the first
// <time datetime>, the canonical link and <title>. JSON-LD wins over Open
// Graph, which wins over the rest.
func readMeta(doc *html.Node, pageURL *url.URL) meta {
	var (
		og                            = map[string]string{}
		ld                            meta
		canonical, docTitle, timeAttr string
		h1                            string
		itemDate, itemAuthor          string
	)
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				key := strings.ToLower(first(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
				if v := strings.TrimSpace(attr(n, "content")); key != "" && v != "" {
					if _, dup := og[key]; !dup {
						og[key] = v
					}
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && canonical == "" {
					canonical = attr(n, "href")
				}
			case atom.Title:
				if docTitle == "" {
					docTitle = textOf(n)
				}
			case atom.H1:
				if h1 == "" {
					h1 = textOf(n)
				}
			case atom.Time:
				if timeAttr == "" {
					timeAttr = attr(n, "datetime")
				}
			case atom.Script:
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") {
					readJSONLD(textOf(n), &ld)
				}
			}
			switch attr(n, "itemprop") {
			case "datePublished":
				if itemDate == "" {
					itemDate = first(attr(n, "datetime"), attr(n, "content"), textOf(n))
				}
			case "author":
				if itemAuthor == "" {
					itemAuthor = textOf(n)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)

	m := meta{
		title:  first(ld.title, og["og:title"], og["twitter:title"], h1, docTitle),
		outlet: first(ld.outlet, og["og:site_name"], og["application-name"]),
		author: first(ld.author, og["author"], og["article:author"], itemAuthor),
		url:    first(ld.url, canonical, og["og:url"]),
	}
	if strings.HasPrefix(m.author, "http") { // article:author is often a profile URL
		m.author = ""
	}
	m.published = ld.published
	for _, s := range []string{og["article:published_time"], og["datepublished"], itemDate, og["date"], og["dc.date"], timeAttr} {
		if !m.published.IsZero() {
			break
		}
		m.published = parseDate(s)
	}
	if m.url != "" && pageURL != nil {
		if u, err := pageURL.Parse(m.url); err == nil {
			m.url = canonicalURL(u)
		}
	}
	return m
}

// readJSONLD fills m from the first NewsArticle-like object in a JSON-LD
// script, leaving fields already set alone.
func readJSONLD(src string, m *meta) {
	var v any
	if err := json.Unmarshal([]byte(strings.TrimSpace(src)), &v); err != nil {
		return
	}
	var visit func(v any) bool
	visit = func(v any) bool {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				if visit(e) {
					return true
				}
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok && visit(g) {
				return true
			}
			if !isArticleType(x["@type"]) {
				return false
			}
			if m.title == "" {
				m.title = str(x["headline"])
			}
			if m.published.IsZero() {
				m.published = parseDate(str(x["datePublished"]))
			}
			if m.author == "" {
				m.author = name(x["author"])
			}
			if m.outlet == "" {
				m.outlet = name(x["publisher"])
			}
			if m.url == "" {
				m.url = first(str(x["url"]), str(x["mainEntityOfPage"]))
			}
			return true
		}
		return false
	}
	visit(v)
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		switch x {
		case "NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BackgroundNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle", "BlogPosting", "LiveBlogPosting", "Report":
			return true
		}
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case map[string]any:
		return str(x["@id"])
	}
	return ""
}

// name reads a schema.org Person or Organization (or a list of them, or
// a bare string) as its name; several are joined with " and ".
func name(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case map[string]any:
		return str(x["name"])
	case []any:
		var names []string
		for _, e := range x {
			if n := name(e); n != "" {
				names = append(names, n)
			}
		}
		return strings.Join(names, " and ")
	}
	return ""
}

// dateLayouts are the forms pages write dates in.
var dateLayouts = []string{
	time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02T15:04",
	"2006-01-02 15:04:05", "2006-01-02 15:04", time.DateOnly, time.RFC1123Z, time.RFC1123, "2006.01.02 15:04", "2006.01.02",
	"January 2, 2006", "2 January 2006", "Jan 2, 2006",
}

// parseDate reads a page date; an unreadable one is the zero time.
func parseDate(s string) time.Time { return timeparse.First(s, dateLayouts) }

// trackingParams are query parameters that name a campaign, not a page.
var trackingParams = []string{"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "fbclid", "gclid", "ocid", "cmpid", "at_medium", "at_campaign"}

// canonicalURL is u without fragment and tracking parameters, host lower
// case: two links to one story compare equal.
func canonicalURL(u *url.URL) string {
	c := *u
	c.Fragment = ""
	c.Host = strings.ToLower(c.Host)
	q := c.Query()
	for _, p := range trackingParams {
		q.Del(p)
	}
	c.RawQuery = q.Encode()
	return c.String()
}

// CanonicalURL is the form of a link newsbot compares stories by: no
// fragment, no tracking parameters, lower-case host. An unparsable link is
// returned as given.
func CanonicalURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return strings.TrimSpace(raw)
	}
	return canonicalURL(u)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func first(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
