package intake

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/extract"
	"github.com/newsbot/newsbot/feed"
	"github.com/newsbot/newsbot/fetch"
)

// site is a fake news site on loopback: feeds in each format listing the
// fixture pages of package extract, with ETags, and a log of requests.
type site struct {
	*httptest.Server
	mu       sync.Mutex
	feeds    map[string]string // path → body
	etags    map[string]string // path → current ETag
	status   map[string]int    // path → forced status
	requests []string          // "GET /path" or "304 /path"
	cond     int               // conditional requests received
}

func newSite(t *testing.T) *site {
	s := &site{feeds: map[string]string{}, etags: map[string]string{}, status: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := r.URL.Path
	if p == "/robots.txt" {
		fmt.Fprint(w, "User-agent: *\nDisallow: /admin/\n")
		return
	}
	if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
		s.cond++
	}
	if code := s.status[p]; code != 0 {
		s.requests = append(s.requests, fmt.Sprintf("%d %s", code, p))
		if code == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "3600")
		}
		http.Error(w, "no", code)
		return
	}
	if body, ok := s.feeds[p]; ok {
		tag := s.etags[p]
		if tag != "" && r.Header.Get("If-None-Match") == tag {
			s.requests = append(s.requests, "304 "+p)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		s.requests = append(s.requests, "GET "+p)
		if tag != "" {
			w.Header().Set("ETag", tag)
		}
		switch {
		case strings.HasSuffix(p, ".json"):
			w.Header().Set("Content-Type", "application/feed+json")
		case strings.HasSuffix(p, ".html"):
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		default:
			w.Header().Set("Content-Type", "application/rss+xml")
		}
		fmt.Fprint(w, body)
		return
	}
	if name, ok := strings.CutPrefix(p, "/news/"); ok {
		page, err := os.ReadFile(filepath.Join("..", "extract", "testdata", "pages", name+".html"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		s.requests = append(s.requests, "GET "+p)
		w.Header().Set("Content-Type", "text/html") // no charset: the page declares its own
		w.Write(page)
		return
	}
	http.NotFound(w, r)
}

func (s *site) setFeed(path, body, etag string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feeds[path], s.etags[path] = body, etag
}

func (s *site) log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.requests
	s.requests = nil
	return out
}

func rss(base string, pages ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title><link>` + base + `/</link>`)
	for i, p := range pages {
		fmt.Fprintf(&b, `<item><title>Item %d</title><link>%s/news/%s</link><guid>%s</guid><pubDate>Mon, 13 May 2024 10:00:00 +0000</pubDate></item>`, i, base, p, p)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

type env struct {
	site  *site
	dir   string
	in    *Intake
	clock time.Time
}

func newEnv(t *testing.T, others ...corpus.Article) *env {
	e := &env{site: newSite(t), dir: t.TempDir(), clock: time.Date(2024, 5, 14, 12, 0, 0, 0, time.UTC)}
	e.reopen(t, others...)
	return e
}

// reopen starts afresh from the files, as a restart does.
func (e *env) reopen(t *testing.T, others ...corpus.Article) {
	t.Helper()
	st, err := OpenStore(filepath.Join(e.dir, "articles"), others)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := feed.OpenState(filepath.Join(e.dir, "feeds.json"))
	if err != nil {
		t.Fatal(err)
	}
	c := fetch.New(fetch.Options{AllowPrivate: true, HostDelay: -1, Timeout: 5 * time.Second})
	e.in = New(c, st, fs, Options{Now: func() time.Time { return e.clock }})
}

func (e *env) load(t *testing.T) []corpus.Article {
	t.Helper()
	as, err := corpus.Load(os.DirFS(filepath.Join(e.dir, "articles")))
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func TestPollFeeds(t *testing.T) {
	e := newEnv(t)
	u := e.site.URL
	e.site.setFeed("/rss.xml", rss(u, "harbour-tram", "capital-budget"), `"r1"`)
	e.site.setFeed("/atom.xml", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Courier</title><entry><title>Bridge</title><link href="`+u+`/news/courier-bridge"/><id>cb</id><author><name>Sam Roe</name></author></entry></feed>`, `"a1"`)
	e.site.setFeed("/feed.json", `{"version":"https://jsonfeed.org/version/1.1","title":"Lakeside Post","items":[{"id":"lc","url":"`+u+`/news/latin-conductor","title":"Conductor","date_published":"2024-05-15T11:00:00Z","authors":[{"name":"Eva Lindqvist"}]}]}`, `"j1"`)
	feeds := []string{u + "/rss.xml", u + "/atom.xml", u + "/feed.json"}

	reps := e.in.Poll(context.Background(), feeds)
	for _, r := range reps {
		if r.Status != FeedNew || r.Error != "" {
			t.Errorf("first poll %s: %+v", r.Feed, r)
		}
	}
	as := e.load(t)
	if len(as) != 4 {
		t.Fatalf("%d article files; want 4", len(as))
	}
	byOutlet := map[string]corpus.Article{}
	for _, a := range as {
		byOutlet[a.Outlet] = a
	}
	tram := byOutlet["Harbour Gazette"]
	if tram.URL != "https://harbour.example/news/tram-extension" || tram.Date() != "2024-05-14" || tram.Author != "Jane Doe" ||
		!strings.Contains(tram.Text, "Councillors voted 31 to 12") || strings.Contains(tram.Text, "Ferry fares to rise") {
		t.Errorf("tram article = %+v", tram)
	}
	if !strings.Contains(tram.Text, corpus.CaptionPrefix+"Councillors debate") {
		t.Errorf("caption not marked in the stored file:\n%s", tram.Text)
	}
	lc := byOutlet["Lakeside Post"]
	if !strings.Contains(lc.Text, "José Müller") || lc.Author != "Eva Lindqvist" {
		t.Errorf("windows-1252 page: author %q, text:\n%s", lc.Author, lc.Text)
	}
	if data, err := os.ReadFile(filepath.Join(e.dir, "articles", tram.File)); err != nil || !strings.Contains(string(data), "# Fetched by newsbot from "+u+"/news/harbour-tram") {
		t.Errorf("file %s does not say where it came from: %v\n%s", tram.File, err, data)
	}
	e.site.log()

	// Polling again costs one conditional request a feed, nothing else.
	reps = e.in.Poll(context.Background(), feeds)
	for _, r := range reps {
		if r.Status != FeedUnchanged || !r.NotModified {
			t.Errorf("second poll %s: %+v; want a 304", r.Feed, r)
		}
	}
	if got := e.site.log(); len(got) != 3 || !allPrefix(got, "304 ") {
		t.Errorf("second poll sent %q; want three 304s", got)
	}

	// A restart whose server lost its ETags re-fetches the feeds but no page.
	e.reopen(t)
	for _, p := range []string{"/rss.xml", "/atom.xml", "/feed.json"} {
		e.site.setFeed(p, e.site.feeds[p], `"after-restart"`)
	}
	reps = e.in.Poll(context.Background(), feeds)
	for _, r := range reps {
		if r.Status != FeedUnchanged || r.Added != 0 {
			t.Errorf("after restart %s: %+v", r.Feed, r)
		}
	}
	for _, r := range e.site.log() {
		if strings.Contains(r, "/news/") {
			t.Errorf("after a restart a page already stored was fetched again: %s", r)
		}
	}

	// The feed changes: only the new item is fetched.
	e.site.setFeed("/rss.xml", rss(u, "harbour-tram", "capital-budget", "northern-quake"), `"r2"`)
	reps = e.in.Poll(context.Background(), feeds[:1])
	if reps[0].Status != FeedNew || reps[0].Added != 1 {
		t.Errorf("changed feed: %+v", reps[0])
	}
	if got := e.site.log(); len(got) != 2 || got[1] != "GET /news/northern-quake" {
		t.Errorf("changed feed requests %q; want the feed and the one new page", got)
	}
	if n := len(e.load(t)); n != 5 {
		t.Errorf("%d articles; want 5", n)
	}
}

func allPrefix(ss []string, p string) bool {
	for _, s := range ss {
		if !strings.HasPrefix(s, p) {
			return false
		}
	}
	return true
}

// TestFiftyUnchangedFeeds is the bar: polling 50 unchanged feeds
// costs 50 conditional requests and writes nothing (so nothing is embedded).
func TestFiftyUnchangedFeeds(t *testing.T) {
	e := newEnv(t)
	var feeds []string
	for i := range 50 {
		p := fmt.Sprintf("/f%d.xml", i)
		e.site.setFeed(p, rss(e.site.URL), fmt.Sprintf(`"e%d"`, i))
		feeds = append(feeds, e.site.URL+p)
	}
	e.in.Poll(context.Background(), feeds)
	e.site.log()
	before := e.site.cond
	stateBefore, _ := os.ReadFile(filepath.Join(e.dir, "feeds.json"))
	entries, _ := os.ReadDir(filepath.Join(e.dir, "articles"))
	reps := e.in.Poll(context.Background(), feeds)
	got := e.site.log()
	if len(got) != 50 || !allPrefix(got, "304 ") || e.site.cond-before != 50 {
		t.Errorf("%d requests (%d conditional), %v; want 50 conditional requests answered 304", len(got), e.site.cond-before, got[:min(3, len(got))])
	}
	for _, r := range reps {
		if r.Status != FeedUnchanged {
			t.Errorf("%s: %+v", r.Feed, r)
		}
	}
	after, _ := os.ReadDir(filepath.Join(e.dir, "articles"))
	if len(after) != len(entries) || len(after) != 0 {
		t.Errorf("article files changed: %d → %d", len(entries), len(after))
	}
	if len(stateBefore) == 0 {
		t.Error("no feed state saved")
	}
}

// TestWireCopy: the same wire story under two outlets is stored once, both
// outlets visible; the same page under a tracking URL is a duplicate.
func TestWireCopy(t *testing.T) {
	e := newEnv(t)
	u := e.site.URL
	first, err := e.in.Add(context.Background(), u+"/news/metro-powercut", extract.Hints{}, "")
	if err != nil || first.Outcome != Added {
		t.Fatalf("first = %+v, %v", first, err)
	}
	second, err := e.in.Add(context.Background(), u+"/news/coast-powercut", extract.Hints{}, "")
	if err != nil || second.Outcome != AlsoRan {
		t.Fatalf("second = %+v, %v; want the copy listed under also", second, err)
	}
	as := e.load(t)
	if len(as) != 1 {
		t.Fatalf("%d articles; want the wire story once", len(as))
	}
	a := as[0]
	if a.Outlet != "Metro Daily" || len(a.Also) != 1 || a.Also[0].Outlet != "Coast Herald" ||
		a.Also[0].URL != "https://coast.example/news/2024/05/13/power-back" || a.Also[0].Date() != "2024-05-13" {
		t.Errorf("stored article: outlet %q, also %+v", a.Outlet, a.Also)
	}
	// Again, by either outlet's URL (tracking parameters added): nothing new.
	for _, link := range []string{u + "/news/coast-powercut?utm_source=x", u + "/news/metro-powercut"} {
		st, err := e.in.Add(context.Background(), link, extract.Hints{}, "")
		if err != nil || st.Outcome != Duplicate {
			t.Errorf("%s: %+v, %v; want a duplicate", link, st.Outcome, err)
		}
	}
	// After a restart the store still knows both.
	e.reopen(t)
	if id, ok := e.in.Store().Has("https://coast.example/news/2024/05/13/power-back#x"); !ok || id != a.ID {
		t.Errorf("after restart Has(coast URL) = %q, %v", id, ok)
	}
	if n := len(e.load(t)); n != 1 {
		t.Errorf("%d articles after the duplicates; want 1", n)
	}
}

// TestCorpusCopyNotStored: a story the configured corpus already holds is
// not fetched into a second file.
func TestCorpusCopyNotStored(t *testing.T) {
	page, _ := os.ReadFile("../extract/testdata/pages/capital-budget.html")
	ex, err := extract.Extract(page, "text/html", "https://capital.example/politics/budget-2024", extract.Hints{})
	if err != nil {
		t.Fatal(err)
	}
	own, err := corpus.Load(fstest.MapFS{"budget.md": {Data: []byte("---\noutlet: Capital Times\n---\n" + ex.Text)}})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, own...)
	st, err := e.in.Add(context.Background(), e.site.URL+"/news/capital-budget", extract.Hints{}, "")
	if err != nil || st.Outcome != Duplicate || st.Article.ID != "budget" || st.File != "" {
		t.Errorf("Add = %+v, %v; want a duplicate of the corpus's budget", st, err)
	}
	if _, err := e.in.Store().Remove("budget"); !errors.Is(err, ErrNotFetched) {
		t.Errorf("Remove(corpus article) error = %v; want ErrNotFetched", err)
	}
}

// TestFailures: each failing feed or page is reported by name with the
// reason, and nothing already stored is lost or duplicated.
func TestFailures(t *testing.T) {
	e := newEnv(t)
	u := e.site.URL
	e.site.setFeed("/good.xml", rss(u, "harbour-tram"), `"g"`)
	e.in.Poll(context.Background(), []string{u + "/good.xml"})
	before := e.load(t)

	e.site.setFeed("/html.xml", "<!DOCTYPE html><html><body><h1>Home</h1></body></html>", "")
	e.site.setFeed("/broken.xml", `<?xml version="1.0"?><rss><channel><item><title>x</channel></rss>`, "")
	e.site.setFeed("/paywalled.xml", rss(u, "paywall", "nav-only", "missing-page"), "")
	other := newSite(t) // Retry-After holds a whole host back
	other.status["/limited.xml"] = http.StatusTooManyRequests
	e.site.status["/down.xml"] = http.StatusBadGateway
	reps := e.in.Poll(context.Background(), []string{u + "/html.xml", u + "/broken.xml", other.URL + "/limited.xml", u + "/down.xml", u + "/paywalled.xml", "file:///etc/passwd"})
	want := []struct {
		status FeedStatus
		msg    string
	}{
		{FeedFailed, "not a feed: an HTML page"},
		{FeedFailed, "malformed RSS feed"},
		{FeedFailed, "HTTP 429 Too Many Requests (retry after 1h0m0s)"},
		{FeedFailed, "HTTP 502"},
		{FeedUnchanged, ""},
		{FeedFailed, "only http and https"},
	}
	for i, w := range want {
		r := reps[i]
		if r.Status != w.status || !strings.Contains(r.Error, w.msg) || w.msg != "" && !strings.Contains(r.Error, r.Feed[strings.LastIndex(r.Feed, "/")+1:]) {
			t.Errorf("%s: %+v; want %s saying %q and naming the feed", r.Feed, r, w.status, w.msg)
		}
	}
	items := reps[4].Items
	if len(items) != 3 || !strings.Contains(items[0].Error, "paywall stub") || !strings.Contains(items[1].Error, "no article text") || !strings.Contains(items[2].Error, "HTTP 404") {
		t.Errorf("paywalled feed items: %+v", items)
	}
	// The 429 host is left alone until its Retry-After passes.
	if r := e.in.PollFeed(context.Background(), other.URL+"/limited.xml"); !strings.Contains(r.Error, "asked to wait") || len(other.log()) != 1 {
		t.Errorf("second poll of the 429 feed: %+v; want no request until Retry-After", r)
	}
	// Items that can never work are not fetched again.
	e.site.log()
	e.in.PollFeed(context.Background(), u+"/paywalled.xml")
	for _, r := range e.site.log() {
		if strings.Contains(r, "/news/") {
			t.Errorf("a page that cannot work was fetched again: %s", r)
		}
	}
	after := e.load(t)
	if len(after) != len(before) || after[0].Hash != before[0].Hash {
		t.Errorf("stored articles changed: %d → %d", len(before), len(after))
	}
}

func TestRemove(t *testing.T) {
	e := newEnv(t)
	st, err := e.in.Add(context.Background(), e.site.URL+"/news/courier-bridge", extract.Hints{}, "moderator Ana (123)")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(st.File)
	if !strings.Contains(string(data), "added by moderator Ana (123)") {
		t.Errorf("the file does not say who added it:\n%s", data)
	}
	if _, err := e.in.Store().Remove("no-such-id"); !errors.Is(err, ErrUnknown) {
		t.Errorf("Remove(unknown) = %v", err)
	}
	a, err := e.in.Store().Remove(st.Article.ID)
	if err != nil || a.ID != st.Article.ID {
		t.Fatalf("Remove = %+v, %v", a, err)
	}
	if _, err := os.Stat(st.File); !os.IsNotExist(err) {
		t.Errorf("file still there: %v", err)
	}
	// Added again by hand, it comes back.
	if st2, err := e.in.Add(context.Background(), e.site.URL+"/news/courier-bridge", extract.Hints{}, ""); err != nil || st2.Outcome != Added {
		t.Errorf("re-add = %+v, %v", st2, err)
	}
}

func TestAddRefusesWhatIsNotAPage(t *testing.T) {
	e := newEnv(t)
	e.site.setFeed("/feed.json", `{"version":"https://jsonfeed.org/version/1.1","items":[]}`, "")
	_, err := e.in.Add(context.Background(), e.site.URL+"/feed.json", extract.Hints{}, "")
	if err == nil || !strings.Contains(err.Error(), "not a web page") {
		t.Errorf("Add(feed) error = %v", err)
	}
	if _, err := e.in.Add(context.Background(), e.site.URL+"/admin/x", extract.Hints{}, ""); !errors.Is(err, fetch.ErrRobots) {
		t.Errorf("Add(disallowed) error = %v; want ErrRobots", err)
	}
}
