package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// newsSite is a fake news site on loopback: an RSS feed and an HTML page
// served where a feed should be, and the article pages of package
// extract's fixtures under /news/.
func newsSite(t *testing.T) (*httptest.Server, func() []string) {
	t.Helper()
	old := fetchHostDelay
	fetchHostDelay = -1 // one loopback host: no politeness pause in tests
	t.Cleanup(func() { fetchHostDelay = old })
	var mu sync.Mutex
	var log []string
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		log = append(log, r.URL.Path)
		mu.Unlock()
		switch p := r.URL.Path; {
		case p == "/robots.txt":
			http.NotFound(w, r)
		case p == "/rss.xml":
			if r.Header.Get("If-None-Match") == `"v1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title>`+
				`<item><title>Tram</title><link>%s/news/harbour-tram</link><guid>t1</guid></item>`+
				`<item><title>Quake</title><link>%s/news/northern-quake</link><guid>q1</guid></item></channel></rss>`, srv.URL, srv.URL)
		case p == "/home.xml":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<!DOCTYPE html><html><body><h1>Home</h1></body></html>")
		case strings.HasPrefix(p, "/news/"):
			page, err := os.ReadFile(filepath.Join("..", "..", "extract", "testdata", "pages", strings.TrimPrefix(p, "/news/")+".html"))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html")
			w.Write(page)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := log
		log = nil
		return out
	}
}

func TestFetchCommand(t *testing.T) {
	srv, requests := newsSite(t)
	e, data := offline(t)
	e["NEWSBOT_FETCH_ALLOW_PRIVATE"] = "true"
	e["NEWSBOT_FEEDS"] = srv.URL + "/rss.xml," + srv.URL + "/home.xml"

	r := invoke(t, e, "fetch")
	if r.code != 1 || !strings.Contains(r.stdout, srv.URL+"/rss.xml: 2 new") ||
		!strings.Contains(r.stdout, srv.URL+"/home.xml: failed: "+srv.URL+"/home.xml: not a feed: an HTML page") ||
		!strings.Contains(r.stderr, "fetch: 1 of 2 feeds failed") {
		t.Errorf("first fetch:\n%s", r.transcript())
	}
	files, _ := filepath.Glob(filepath.Join(data, "articles", "*.md"))
	if len(files) != 2 {
		t.Errorf("article files %v; want 2", files)
	}
	requests()

	e["NEWSBOT_FEEDS"] = srv.URL + "/rss.xml"
	r = invoke(t, e, "fetch", "--json")
	var out struct {
		Feeds []struct {
			Feed, Status string
			NotModified  bool `json:"not_modified"`
			Added        int
		}
		Index *struct{ Added int }
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 0 {
		t.Fatalf("fetch --json: %v\n%s", err, r.transcript())
	}
	if len(out.Feeds) != 1 || out.Feeds[0].Status != "unchanged" || !out.Feeds[0].NotModified || out.Index != nil {
		t.Errorf("second fetch: %+v", out)
	}
	if got := requests(); len(got) != 2 || got[0] != "/robots.txt" || got[1] != "/rss.xml" {
		t.Errorf("second fetch requested %q; want robots.txt (once a run) and the feed only", got)
	}

	// The same wire story under a second outlet: stored once, both shown.
	r = invoke(t, e, "add", srv.URL+"/news/metro-powercut", srv.URL+"/news/coast-powercut")
	if r.code != 0 || !strings.Contains(r.stdout, "added metro-daily-power-restored") || !strings.Contains(r.stdout, "the same copy as metro-daily-power-restored") {
		t.Errorf("wire copy:\n%s", r.transcript())
	}
	r = invoke(t, e, "articles")
	if !strings.Contains(r.stdout, "Metro Daily + Coast Herald") || !strings.Contains(r.stdout, "in bundled coverage and "+filepath.Join(data, "articles")) {
		t.Errorf("articles does not show both outlets:\n%s", r.stdout)
	}

	// The fetched articles join the corpus.
	r = invoke(t, e, "articles")
	if !strings.Contains(r.stdout, filepath.Join(data, "articles")) || !strings.Contains(r.stdout, "Harbour Gazette") {
		t.Errorf("articles does not list the fetched ones:\n%s", r.stdout)
	}
}

func TestFetchNoFeeds(t *testing.T) {
	e, _ := offline(t)
	r := invoke(t, e, "fetch")
	if r.code != 1 || !strings.Contains(r.stderr, "set NEWSBOT_FEEDS") {
		t.Errorf("fetch without feeds:\n%s", r.transcript())
	}
	e["NEWSBOT_FEEDS"] = "ftp://x.example/feed"
	r = invoke(t, e, "fetch")
	if r.code != 1 || !strings.Contains(r.stderr, "want an http:// or https:// feed URL") {
		t.Errorf("fetch with an ftp feed:\n%s", r.transcript())
	}
}

// TestAddRefusesLoopbackByDefault: without NEWSBOT_FETCH_ALLOW_PRIVATE the
// guard refuses the loopback test server before connecting.
func TestAddRefusesLoopbackByDefault(t *testing.T) {
	srv, requests := newsSite(t)
	e, _ := offline(t)
	r := invoke(t, e, "add", srv.URL+"/news/harbour-tram")
	if r.code != 1 || !strings.Contains(r.stdout, "127.0.0.1 is a loopback address (set NEWSBOT_FETCH_ALLOW_PRIVATE=true to allow it)") {
		t.Errorf("add to loopback:\n%s", r.transcript())
	}
	if got := requests(); len(got) != 0 {
		t.Errorf("the server got %q; want nothing", got)
	}
	if r := invoke(t, e, "add"); r.code != 2 || !strings.Contains(r.stderr, "add: no URL given") {
		t.Errorf("add without a URL:\n%s", r.transcript())
	}
	if r := invoke(t, e, "remove"); r.code != 2 {
		t.Errorf("remove without an id:\n%s", r.transcript())
	}
}

// TestAddAskRemove is the end-to-end case: a question about a fact
// only a newly fetched article holds is answered with that article cited,
// its URL and date shown; after remove it is not.
func TestAddAskRemove(t *testing.T) {
	srv, _ := newsSite(t)
	e, data := offline(t)
	e["NEWSBOT_FETCH_ALLOW_PRIVATE"] = "true"
	const question = "How much will the tram extension to Eastport cost?"

	before := invoke(t, e, "ask", "--json", question)
	if strings.Contains(before.stdout, "harbour.example") {
		t.Fatalf("the bundled coverage already cites the tram story:\n%s", before.stdout)
	}

	r := invoke(t, e, "add", "--json", srv.URL+"/news/harbour-tram")
	var added struct {
		Results []struct {
			Outcome, ID, Title, Outlet, Published, URL, File string
			FirstLines                                       string `json:"first_lines"`
			Passages                                         int
		}
		Index *struct{ Added int }
	}
	if err := json.Unmarshal([]byte(r.stdout), &added); err != nil || r.code != 0 || len(added.Results) != 1 {
		t.Fatalf("add --json: %v\n%s", err, r.transcript())
	}
	a := added.Results[0]
	if a.Outcome != "added" || a.Title != "Tram line extension to Eastport approved" || a.Outlet != "Harbour Gazette" ||
		a.Published != "2024-05-14" || a.URL != "https://harbour.example/news/tram-extension" || a.Passages == 0 ||
		!strings.HasPrefix(a.FirstLines, "The city council on Tuesday approved") || filepath.Dir(a.File) != filepath.Join(data, "articles") {
		t.Errorf("add shows %+v", a)
	}
	if added.Index == nil || added.Index.Added == 0 {
		t.Errorf("the index did not take the new passages: %+v", added.Index)
	}

	ask := invoke(t, e, "ask", "--json", question)
	var ans struct {
		Answer    string
		Refused   bool
		Citations []struct {
			ArticleID string `json:"article_id"`
			URL       string
			Published string
			Text      string
		}
	}
	if err := json.Unmarshal([]byte(ask.stdout), &ans); err != nil {
		t.Fatalf("ask --json: %v\n%s", err, ask.transcript())
	}
	cited := false
	for _, c := range ans.Citations {
		if c.ArticleID == a.ID && c.URL == "https://harbour.example/news/tram-extension" && c.Published == "2024-05-14" {
			cited = true
		}
	}
	if ans.Refused || !cited || !strings.Contains(ans.Answer, "214 million euro") {
		t.Errorf("ask after add: %+v", ans)
	}
	text := invoke(t, e, "ask", question)
	if !strings.Contains(text.stdout, "https://harbour.example/news/tram-extension") || !strings.Contains(text.stdout, "2024-05-14") {
		t.Errorf("the text answer does not show the URL and date:\n%s", text.stdout)
	}

	// Added again: nothing new.
	if r := invoke(t, e, "add", srv.URL+"/news/harbour-tram?utm_source=x"); r.code != 0 || !strings.Contains(r.stdout, "already held as "+a.ID) {
		t.Errorf("second add:\n%s", r.transcript())
	}

	r = invoke(t, e, "remove", a.ID)
	if r.code != 0 || !strings.Contains(r.stdout, "removed "+a.ID) || !strings.Contains(r.stdout, "passages removed") {
		t.Errorf("remove:\n%s", r.transcript())
	}
	after := invoke(t, e, "ask", "--json", question)
	if strings.Contains(after.stdout, "harbour.example") {
		t.Errorf("the removed article is still cited:\n%s", after.stdout)
	}
	if r := invoke(t, e, "remove", a.ID); r.code != 1 || !strings.Contains(r.stderr, "no article has this id") {
		t.Errorf("second remove:\n%s", r.transcript())
	}
	if r := invoke(t, e, "remove", "inews24-nk-denies-baseless"); r.code != 1 || !strings.Contains(r.stderr, "not a fetched article") {
		t.Errorf("remove of a bundled article:\n%s", r.transcript())
	}
}

// TestFetchedFilesAndTheManifest: with a corpus folder (whose manifest
// lets a command skip reading an unchanged corpus), a fetched article
// deleted by hand leaves the index at the next command.
func TestFetchedFilesAndTheManifest(t *testing.T) {
	srv, _ := newsSite(t)
	e, data := offline(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"ferry.md": "---\nid: ferry\ntitle: Ferry fares rise\noutlet: Island Times\npublished: 2024-05-01\n---\nFerry fares will rise by 8 percent from June, the operator said.\n"})
	e["NEWSBOT_CORPUS_DIR"] = dir
	e["NEWSBOT_FETCH_ALLOW_PRIVATE"] = "true"
	const query = "tram extension to Eastport"
	if r := invoke(t, e, "add", srv.URL+"/news/harbour-tram"); r.code != 0 {
		t.Fatalf("add:\n%s", r.transcript())
	}
	if r := invoke(t, e, "search", "--json", query); !strings.Contains(r.stdout, "harbour.example") {
		t.Fatalf("the fetched article is not found:\n%s", r.stdout)
	}
	files, _ := filepath.Glob(filepath.Join(data, "articles", "*.md"))
	if len(files) != 1 {
		t.Fatalf("fetched files %v", files)
	}
	if err := os.Remove(files[0]); err != nil {
		t.Fatal(err)
	}
	if r := invoke(t, e, "search", "--json", query); strings.Contains(r.stdout, "harbour.example") {
		t.Errorf("a fetched article deleted by hand is still found:\n%s", r.stdout)
	}
}
