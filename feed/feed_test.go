package feed

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		file, base, format, title string
		want                      []Item
	}{
		{"rss.xml", "https://harbour.example/feed.xml", "rss", "Harbour Gazette", []Item{
			{ID: "hg-1042", Title: "Tram line extension approved", Link: "https://harbour.example/news/tram-extension", Author: "Jane Doe",
				Published: time.Date(2024, 5, 14, 7, 30, 0, 0, time.UTC), Summary: "<p>The council voted 31 to 12.</p>"},
			{ID: "https://harbour.example/news/ferry-fares", Title: "Ferry fares to rise & routes cut", Link: "https://harbour.example/news/ferry-fares",
				Published: time.Date(2024, 5, 13, 18, 0, 0, 0, time.UTC)},
		}},
		{"atom.xml", "https://courier.example/atom.xml", "atom", "Valley Courier", []Item{
			{ID: "tag:courier.example,2024:bridge", Title: "Bridge closed for repairs", Link: "https://courier.example/2024/05/bridge", Author: "Sam Roe",
				Published: time.Date(2024, 5, 14, 7, 15, 0, 0, time.UTC), Summary: "The bridge shuts for six weeks."},
		}},
		{"feed.json", "https://metro.example/feed.json", "json", "Metro Daily", []Item{
			{ID: "m-77", Title: "Power cut hits east side", Link: "https://metro.example/a/77", Author: "Ana Lee",
				Published: time.Date(2024, 5, 13, 2, 10, 0, 0, time.UTC), Summary: "About 4,000 homes lost power."},
			{ID: "78", Title: "No date here", Link: "https://metro.example/a/78"},
		}},
		{"rdf.xml", "https://old.example/rss", "rss", "Old Wire", []Item{
			{ID: "https://old.example/s/1", Title: "Storm warning", Link: "https://old.example/s/1", Published: time.Date(2024, 5, 10, 6, 0, 0, 0, time.UTC)},
		}},
		{"latin1.xml", "https://quotidien.example/rss", "rss", "Le Quotidien", []Item{
			{ID: "https://quotidien.example/fleche", Title: "Flèche de la cathédrale réouverte", Link: "https://quotidien.example/fleche",
				Published: time.Date(2024, 5, 15, 5, 0, 0, 0, time.UTC)},
		}},
	} {
		t.Run(tt.file, func(t *testing.T) {
			f, err := Parse(read(t, tt.file), tt.base)
			if err != nil {
				t.Fatal(err)
			}
			if f.Format != tt.format || f.Title != tt.title {
				t.Errorf("format, title = %q, %q; want %q, %q", f.Format, f.Title, tt.format, tt.title)
			}
			if len(f.Items) != len(tt.want) {
				t.Fatalf("%d items; want %d: %+v", len(f.Items), len(tt.want), f.Items)
			}
			for i, got := range f.Items {
				want := tt.want[i]
				if !got.Published.Equal(want.Published) {
					t.Errorf("item %d published %s; want %s", i, got.Published, want.Published)
				}
				got.Published, want.Published = time.Time{}, time.Time{}
				if got != want {
					t.Errorf("item %d:\n got %+v\nwant %+v", i, got, want)
				}
			}
		})
	}
}

func TestParseNotAFeed(t *testing.T) {
	for _, tt := range []struct {
		name    string
		data    []byte
		notFeed bool
		msg     string
	}{
		{"html page", read(t, "html.xml"), true, "an HTML page"},
		{"malformed xml", read(t, "broken.xml"), false, "malformed RSS feed"},
		{"empty", nil, true, "empty document"},
		{"plain text", []byte("Service unavailable"), true, "starts with"},
		{"other xml", []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`), true, "root is <svg>"},
		{"json, not a feed", []byte(`{"status":"ok"}`), true, "jsonfeed.org"},
		{"broken json", []byte(`{"version":"https://jsonfeed.org/version/1.1","items":[`), false, "malformed JSON Feed"},
		{"xhtml", []byte(`<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>`), true, "an HTML page"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.data, "https://x.example/feed")
			if err == nil {
				t.Fatal("no error")
			}
			if errors.Is(err, ErrNotFeed) != tt.notFeed || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q (ErrNotFeed %v); want %q (ErrNotFeed %v)", err, errors.Is(err, ErrNotFeed), tt.msg, tt.notFeed)
			}
		})
	}
}

func TestState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "feeds.json")
	s, err := OpenState(path)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 5, 14, 0, 0, 0, 0, time.UTC)
	if err := s.Update("https://a.example/feed", func(f *FeedState) {
		f.Validators = Validators{ETag: `"x"`}
		f.Seen["1"] = at
		f.LastPoll = at
	}); err != nil {
		t.Fatal(err)
	}
	s2, err := OpenState(path)
	if err != nil {
		t.Fatal(err)
	}
	got := s2.Get("https://a.example/feed")
	if got.Validators.ETag != `"x"` || !s2.Seen("https://a.example/feed", "1") || s2.Seen("https://a.example/feed", "2") {
		t.Errorf("reopened state = %+v", got)
	}
	// The seen list is capped, oldest first.
	s2.Update("https://a.example/feed", func(f *FeedState) {
		for i := range seenLimit + 5 {
			f.Seen[string(rune('a'+i%26))+time.Duration(i).String()] = at.Add(time.Duration(i+1) * time.Minute)
		}
	})
	if n := len(s2.Get("https://a.example/feed").Seen); n != seenLimit {
		t.Errorf("%d ids remembered; want %d", n, seenLimit)
	}
	if s2.Seen("https://a.example/feed", "1") {
		t.Error("the oldest id was kept")
	}
	// A damaged file is an error naming it, and is left alone.
	os.WriteFile(path, []byte("{not json"), 0o644)
	if _, err := OpenState(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("damaged state: error = %v", err)
	}
	if data, _ := os.ReadFile(path); string(data) != "{not json" {
		t.Error("the damaged file was overwritten")
	}
}

// FuzzParse: any input either parses into one of the three formats, with
// every item's ID set when it has a link, or fails with an error; never a
// panic.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		feed, err := Parse(data, "https://x.example/feed")
		if err != nil {
			return
		}
		switch feed.Format {
		case "rss", "atom", "json":
		default:
			t.Errorf("format %q", feed.Format)
		}
		for _, it := range feed.Items {
			if it.Link != "" && it.ID == "" {
				t.Errorf("item with link %q has no id", it.Link)
			}
		}
	})
}
