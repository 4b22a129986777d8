// Package extract turns a news page's HTML into an article: its own text,
// without the site around it (navigation, lists of other headlines such as
// "Latest Stories" or "You May Also Like", comments, share buttons,
// newsletter and cookie boxes), and its metadata (title, outlet, author,
// published date, canonical URL) from Open Graph, JSON-LD and the markup.
// Pages in another charset are decoded by the one they declare.
//
// The main text is found by go-readability (codeberg.org/readeck/go-readability,
// a line-by-line port of Mozilla's Readability.js, kept up by Readeck); what
// it keeps is then read block by block and link lists, headline lists and
// chrome lines are dropped (see docs/EXTRACTION.md for the measured
// comparison).
package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/newsbot/newsbot/corpus"
)

// Article is what a page yields.
type Article struct {
	Title     string
	Outlet    string
	Author    string
	Published time.Time // zero when neither the page nor the hints give it
	URL       string    // canonical URL: the page's own, else the fetched one
	Text      string    // paragraphs split by blank lines; captions start with corpus.CaptionPrefix
}

// Hints are what the feed item said of the page; they fill what the page
// lacks.
type Hints struct {
	Title, Outlet, Author string
	Published             time.Time
}

// ErrNoArticle is returned when a page holds no article text: a page of
// navigation, an empty page, a paywall stub.
var ErrNoArticle = errors.New("no article text")

// minWords is the least text an article may have; less is a stub.
const minWords = 60

// maxElements caps the elements go-readability scores: a page larger than
// this is not an article page (a 10 MB page of navigation).
const maxElements = 60000

// Extract reads body (as served with contentType, fetched from pageURL) as
// a news page. Errors wrap ErrNoArticle with the reason when the page has
// no article (a paywall stub, navigation only, too short).
func Extract(body []byte, contentType, pageURL string, hints Hints) (*Article, error) {
	return extract(body, contentType, pageURL, hints, methodNewsbot)
}

type method int

const (
	methodNewsbot     method = iota // readability, then blocks filtered, then corpus.Clean
	methodReadability               // readability's text as it renders it
	methodParagraphs                // every <p> of the page (a baseline)
)

func extract(body []byte, contentType, pageURL string, hints Hints, how method) (*Article, error) {
	u, err := url.Parse(pageURL)
	if err != nil {
		return nil, fmt.Errorf("page URL %q: %w", pageURL, err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, fmt.Errorf("%w: the page is empty", ErrNoArticle)
	}
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return nil, fmt.Errorf("decode page: %w", err)
	}
	doc, err := html.Parse(r)
	if err != nil {
		return nil, fmt.Errorf("parse page: %w", err)
	}
	m := readMeta(doc, u)
	a := &Article{
		Title:     first(m.title, hints.Title),
		Outlet:    first(m.outlet, hints.Outlet),
		Author:    first(m.author, hints.Author),
		Published: m.published,
		URL:       first(m.url, canonicalURL(u)),
	}
	if a.Published.IsZero() {
		a.Published = hints.Published
	}
	if how == methodParagraphs {
		var ps []string
		for _, b := range blocks(doc) {
			if b.tag == atom.P {
				ps = append(ps, b.text)
			}
		}
		a.Text = strings.Join(ps, "\n\n")
		return a, nil
	}
	p := readability.NewParser()
	p.MaxElemsToParse = maxElements
	ra, err := p.ParseDocument(doc, u)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoArticle, err)
	}
	if ra.Node == nil {
		return nil, fmt.Errorf("%w: nothing on the page reads as an article", ErrNoArticle)
	}
	if a.Title == "" {
		a.Title = ra.Title()
	}
	if how == methodReadability {
		var b strings.Builder
		if err := ra.RenderText(&b); err != nil {
			return nil, err
		}
		a.Text = b.String()
		return a, nil
	}
	bs := blocks(ra.Node)
	paywalled := false
	for _, b := range bs {
		paywalled = paywalled || rePaywall.MatchString(b.text)
	}
	kept := keep(bs, a.Title)
	a.Text = corpus.Clean(strings.Join(append(lostCaptions(doc, kept), kept...), "\n\n"))
	if err := judge(a.Text, paywalled); err != nil {
		return nil, err
	}
	return a, nil
}

// lostCaptions returns, marked as captions, the photo captions of the
// article that readability left out: figcaptions of figures standing
// within a few levels of the article's first kept paragraph.
func lostCaptions(doc *html.Node, kept []string) []string {
	var firstText string
	for _, k := range kept {
		if !strings.HasPrefix(k, corpus.CaptionPrefix) {
			firstText = k
			break
		}
	}
	if firstText == "" {
		return nil
	}
	have := strings.Join(kept, "\n")
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Figcaption {
			t, _ := inlineText(n)
			if t == "" || strings.Contains(have, t) {
				return
			}
			up := n.Parent // the figure
			for range 4 {
				if up == nil || up.Parent == nil {
					break
				}
				up = up.Parent
				if strings.Contains(textOf(up), firstText) {
					out = append(out, corpus.CaptionPrefix+t)
					return
				}
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// block is one paragraph-like element of the page.
type block struct {
	tag      atom.Atom
	text     string
	linkText int  // bytes of text inside links
	caption  bool // inside a figcaption
	listItem bool // inside a li
	heading  bool
}

// blockTags are elements whose text is one paragraph.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Blockquote: true, atom.Figcaption: true, atom.Pre: true, atom.Td: true, atom.Dd: true, atom.Dt: true,
	atom.Div: true, atom.Section: true, atom.Article: true, atom.Aside: true, atom.Header: true, atom.Footer: true, atom.Main: true,
	atom.Figure: true, atom.Ul: true, atom.Ol: true, atom.Table: true, atom.Tr: true, atom.Tbody: true, atom.Form: true, atom.Nav: true,
}

// skipTags hold no readable text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true, atom.Iframe: true,
	atom.Button: true, atom.Input: true, atom.Select: true, atom.Textarea: true, atom.Object: true, atom.Embed: true,
}

// blocks reads n's text as paragraphs: each element holding text directly
// (not only through nested blocks) is one, its inline children included.
func blocks(n *html.Node) []block {
	var out []block
	var walk func(n *html.Node, caption, li bool)
	walk = func(n *html.Node, caption, li bool) {
		if n.Type == html.ElementNode {
			if skipTags[tagOf(n)] {
				return
			}
			caption = caption || tagOf(n) == atom.Figcaption
			li = li || tagOf(n) == atom.Li
		}
		if n.Type == html.ElementNode && blockTags[tagOf(n)] && !hasBlockChild(n) {
			b := block{tag: tagOf(n), caption: caption, listItem: li, heading: isHeading(tagOf(n))}
			b.text, b.linkText = inlineText(n)
			if b.text != "" {
				out = append(out, b)
			}
			return
		}
		// A block with both text and nested blocks: each run of inline
		// content between the nested blocks is a paragraph of its own.
		var run []*html.Node
		flush := func() {
			if len(run) == 0 {
				return
			}
			b := block{tag: atom.P, caption: caption, listItem: li}
			for _, c := range run {
				t, l := inlineText(c)
				if t != "" {
					b.text = strings.TrimSpace(b.text + " " + t)
					b.linkText += l
				}
			}
			if b.text != "" {
				out = append(out, b)
			}
			run = nil
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (blockTags[tagOf(c)] || tagOf(c) == atom.Br && c.NextSibling != nil && tagOf(c.NextSibling) == atom.Br) {
				flush()
				walk(c, caption, li)
				continue
			}
			if c.Type == html.TextNode || c.Type == html.ElementNode {
				run = append(run, c)
			}
		}
		flush()
	}
	walk(n, false, false)
	return out
}

// tagOf is n's element atom. Elements go-readability creates (it rewrites
// divs into paragraphs) carry only their name, so the atom is looked up.
func tagOf(n *html.Node) atom.Atom {
	if n.DataAtom != 0 || n.Type != html.ElementNode {
		return n.DataAtom
	}
	return atom.Lookup([]byte(n.Data))
}

func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (blockTags[tagOf(c)] || hasBlockChild(c)) {
			return true
		}
	}
	return false
}

// inlineText is the text of n with spaces collapsed, and how much of it is
// link text.
func inlineText(n *html.Node) (text string, linkBytes int) {
	var b strings.Builder
	var walk func(n *html.Node, inLink bool)
	walk = func(n *html.Node, inLink bool) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			if inLink {
				linkBytes += len(strings.TrimSpace(n.Data))
			}
			return
		case html.ElementNode:
			if skipTags[tagOf(n)] {
				return
			}
			if tagOf(n) == atom.Br {
				b.WriteString(" ")
			}
			inLink = inLink || tagOf(n) == atom.A
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink)
		}
	}
	walk(n, false)
	return strings.Join(strings.Fields(b.String()), " "), linkBytes
}

// reListHeading names a box of other stories or site chrome.
var reListHeading = regexp.MustCompile(`(?i)^(\[[^\]]*\]\s*)?(latest( stories| news| headlines)?|you may (also )?like|you might (also )?like|popular( now| stories)?|most (read|popular|viewed|shared)|must[- ]reads?|trending( now)?|related( stories| articles| news| coverage| content)?|read (more|next|also)|more (from|stories|on this|news)|recommended( for you| stories)?|top stories|editor'?s picks|also read|see also|in other news|comments?( \(?\d+\)?)?|share (this|it)( article| story)?( on)?\.*|get the [a-z ]+ briefing|sign up[a-z ]*|follow us[a-z ]*|tags?)\s*:?$`)

// reMetaLine is a dateline or reading-time line: "Updated 07.06.2024 06:15",
// "3 min read", "Published 2 hours ago".
var reMetaLine = regexp.MustCompile(`(?i)^(?:(?:last )?(?:updated|published|posted|modified)\b.{0,40}\d.*|.*\b\d+\s*min(?:ute)?s?\s+read)$`)

// rePaywall finds the words of a subscription wall.
var rePaywall = regexp.MustCompile(`(?i)(subscribe to (continue|keep) reading|for subscribers only|subscribers only|sign in to read|to read the full (story|article)|already a subscriber|this content is for subscribers|register to continue reading)`)

// keep drops the blocks that are not the article's own text and returns
// the rest as paragraphs, captions marked.
func keep(bs []block, title string) []string {
	var out []string
	skipList := false
	for i, b := range bs {
		words := len(strings.Fields(b.text))
		ratio := float64(b.linkText) / float64(max(1, len(b.text)))
		switch {
		case reListHeading.MatchString(b.text):
			// A heading of a box of other stories: what follows is that
			// box until prose starts again.
			skipList = true
			continue
		case b.heading && i == 0 && sameText(b.text, title):
			continue // the headline is the title, not text
		case ratio > 0.5:
			continue // a link: another story's headline, a menu item, a tag
		case strings.HasPrefix(strings.ToLower(b.text), "read more:") || strings.HasPrefix(strings.ToLower(b.text), "read also:"):
			continue
		case rePaywall.MatchString(b.text) && words < 40:
			continue
		case words <= 12 && reMetaLine.MatchString(b.text):
			continue
		}
		if skipList {
			if !isProse(b) {
				continue
			}
			skipList = false
		}
		if b.caption {
			out = append(out, corpus.CaptionPrefix+b.text)
			continue
		}
		out = append(out, b.text)
	}
	return out
}

// isProse is a block that reads as article text: a sentence of some
// length, not a list item, not a heading.
func isProse(b block) bool {
	if b.listItem || b.heading {
		return false
	}
	t := strings.TrimRight(b.text, `"'”’)`)
	return len(strings.Fields(b.text)) >= 12 && (strings.HasSuffix(t, ".") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?"))
}

func sameText(a, b string) bool {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(corpus.Normalize(s)), " ")) }
	return norm(a) == norm(b)
}

// judge refuses text that is not an article: too short, or a paywall stub.
func judge(text string, paywalled bool) error {
	words := len(strings.Fields(text))
	switch {
	case words == 0:
		return fmt.Errorf("%w: the page has no readable text", ErrNoArticle)
	case paywalled && words < 150:
		return fmt.Errorf("%w: a paywall stub (%d words)", ErrNoArticle, words)
	case words < minWords:
		return fmt.Errorf("%w: only %d words, fewer than the %d of the shortest article", ErrNoArticle, words, minWords)
	}
	return nil
}
