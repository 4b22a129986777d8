package intake

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/newsbot/newsbot/extract"
	"github.com/newsbot/newsbot/feed"
	"github.com/newsbot/newsbot/fetch"
)

// Fetcher gets one URL, conditionally when validators are given;
// *fetch.Client is one.
type Fetcher interface {
	Get(ctx context.Context, url string, v fetch.Validators) (*fetch.Response, error)
}

var _ Fetcher = (*fetch.Client)(nil)

// Options configure an Intake.
type Options struct {
	Logger *slog.Logger     // nil means slog.Default()
	Now    func() time.Time // nil means time.Now
	// MaxItems caps the new items fetched from one feed in one poll; 0
	// means 50. The rest wait for the next poll.
	MaxItems int
}

// Intake adds articles from links and feeds to a Store.
type Intake struct {
	fetch Fetcher
	store *Store
	state *feed.State
	opts  Options
}

// New returns an Intake that fetches with f, stores into s and keeps feed
// state in st.
func New(f Fetcher, s *Store, st *feed.State, opts Options) *Intake {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxItems <= 0 {
		opts.MaxItems = 50
	}
	return &Intake{fetch: f, store: s, state: st, opts: opts}
}

// Store returns the store articles go to.
func (in *Intake) Store() *Store { return in.store }

// Add fetches the page at rawURL, extracts its article and stores it.
// hints are what a feed said of it (zero for a link given by hand).
func (in *Intake) Add(ctx context.Context, rawURL string, hints extract.Hints, addedBy string) (Stored, error) {
	if id, ok := in.store.Has(rawURL); ok {
		in.store.mu.Lock()
		a := in.store.articles[id]
		p := in.store.path(id)
		in.store.mu.Unlock()
		return Stored{Outcome: Duplicate, Article: a, File: p}, nil
	}
	resp, err := in.fetch.Get(ctx, rawURL, fetch.Validators{})
	if err != nil {
		return Stored{}, err
	}
	if ct := strings.ToLower(resp.ContentType); ct != "" && !strings.Contains(ct, "html") {
		return Stored{}, fmt.Errorf("%s: not a web page (Content-Type %s)", rawURL, resp.ContentType)
	}
	a, err := extract.Extract(resp.Body, resp.ContentType, resp.URL, hints)
	if err != nil {
		return Stored{}, fmt.Errorf("%s: %w", rawURL, err)
	}
	st, err := in.store.Put(a, resp.URL, addedBy, in.opts.Now())
	if err != nil {
		return Stored{}, fmt.Errorf("%s: %w", rawURL, err)
	}
	return st, nil
}

// FeedStatus is the outcome of polling one feed.
type FeedStatus string

const (
	FeedNew       FeedStatus = "new"       // the feed had items newsbot did not have
	FeedUnchanged FeedStatus = "unchanged" // a 304, or nothing new in it
	FeedFailed    FeedStatus = "failed"    // the feed could not be read; Error says why
)

// ItemReport is what became of one new feed item.
type ItemReport struct {
	Link    string  `json:"link"`
	Outcome Outcome `json:"outcome,omitempty"` // added, duplicate, also; "" when it failed
	ID      string  `json:"id,omitempty"`
	Title   string  `json:"title,omitempty"`
	Error   string  `json:"error,omitempty"`
}

// FeedReport is the outcome of one feed's poll.
type FeedReport struct {
	Feed        string       `json:"feed"`
	Status      FeedStatus   `json:"status"`
	NotModified bool         `json:"not_modified"` // the server answered 304
	Added       int          `json:"added"`
	Items       []ItemReport `json:"items,omitempty"`
	Error       string       `json:"error,omitempty"`
}

// Poll polls each feed once, in order, and reports on each.
func (in *Intake) Poll(ctx context.Context, feeds []string) []FeedReport {
	out := make([]FeedReport, 0, len(feeds))
	for _, f := range feeds {
		if ctx.Err() != nil {
			out = append(out, FeedReport{Feed: f, Status: FeedFailed, Error: ctx.Err().Error()})
			continue
		}
		out = append(out, in.PollFeed(ctx, f))
	}
	return out
}

// PollFeed polls one feed: a conditional request with the validators of
// its last full response; then each item not seen before is fetched,
// extracted and stored. An item that failed for a reason that may pass
// (a timeout, a 5xx, a 429) is tried again next poll; one that can never
// work (not an article, a paywall stub, refused by robots.txt) is not.
func (in *Intake) PollFeed(ctx context.Context, feedURL string) FeedReport {
	rep := FeedReport{Feed: feedURL}
	prev := in.state.Get(feedURL)
	fail := func(err error) FeedReport {
		rep.Status, rep.Error = FeedFailed, err.Error()
		if serr := in.state.Update(feedURL, func(fs *feed.FeedState) {
			fs.LastPoll, fs.LastError = in.opts.Now(), err.Error()
		}); serr != nil {
			in.opts.Logger.Error("feed state not saved", "err", serr)
		}
		return rep
	}
	resp, err := in.fetch.Get(ctx, feedURL, fetch.Validators(prev.Validators))
	if err != nil {
		return fail(err)
	}
	if resp.NotModified {
		rep.Status, rep.NotModified = FeedUnchanged, true
		if err := in.state.Update(feedURL, func(fs *feed.FeedState) { fs.LastPoll, fs.LastError = in.opts.Now(), "" }); err != nil {
			return fail(err)
		}
		return rep
	}
	f, err := feed.Parse(resp.Body, resp.URL)
	if err != nil {
		return fail(fmt.Errorf("%s: %w", feedURL, err))
	}
	seen := map[string]time.Time{}
	fetched := 0
	for _, it := range f.Items {
		if ctx.Err() != nil {
			break
		}
		if it.Link == "" {
			continue
		}
		key := itemKey(it)
		if _, ok := prev.Seen[key]; ok {
			continue
		}
		if id, ok := in.store.Has(it.Link); ok {
			seen[key] = in.opts.Now() // already stored: no request at all
			rep.Items = append(rep.Items, ItemReport{Link: it.Link, Outcome: Duplicate, ID: id})
			continue
		}
		if fetched >= in.opts.MaxItems {
			continue
		}
		fetched++
		st, err := in.Add(ctx, it.Link, extract.Hints{Title: it.Title, Outlet: f.Title, Author: it.Author, Published: it.Published}, "")
		if err != nil {
			rep.Items = append(rep.Items, ItemReport{Link: it.Link, Error: err.Error()})
			if permanent(err) {
				seen[key] = in.opts.Now()
			}
			continue
		}
		seen[key] = in.opts.Now()
		rep.Items = append(rep.Items, ItemReport{Link: it.Link, Outcome: st.Outcome, ID: st.Article.ID, Title: st.Article.Title})
		if st.Outcome == Added || st.Outcome == AlsoRan {
			rep.Added++
		}
	}
	rep.Status = FeedUnchanged
	if rep.Added > 0 {
		rep.Status = FeedNew
	}
	// Validators are kept only when every item was dealt with: otherwise a
	// 304 next time would hide the items still to fetch.
	complete := fetched < in.opts.MaxItems && ctx.Err() == nil
	for _, ir := range rep.Items {
		if ir.Error != "" {
			if _, done := seen[itemKeyOf(f, ir.Link)]; !done {
				complete = false
			}
		}
	}
	err = in.state.Update(feedURL, func(fs *feed.FeedState) {
		for k, v := range seen {
			fs.Seen[k] = v
		}
		fs.LastPoll, fs.LastError = in.opts.Now(), ""
		if complete {
			fs.Validators = feed.Validators(resp.Validators)
		} else {
			fs.Validators = feed.Validators{}
		}
	})
	if err != nil {
		return fail(err)
	}
	return rep
}

func itemKey(it feed.Item) string {
	if it.ID != "" {
		return it.ID
	}
	return extract.CanonicalURL(it.Link)
}

func itemKeyOf(f *feed.Feed, link string) string {
	for _, it := range f.Items {
		if it.Link == link {
			return itemKey(it)
		}
	}
	return link
}

// permanent reports an item error that fetching again will not fix.
func permanent(err error) bool {
	var se *fetch.StatusError
	switch {
	case errors.Is(err, extract.ErrNoArticle), errors.Is(err, fetch.ErrRobots), errors.Is(err, fetch.ErrScheme),
		errors.Is(err, fetch.ErrBlockedAddress), errors.Is(err, fetch.ErrTooLarge):
		return true
	case errors.As(err, &se):
		return se.Status == 404 || se.Status == 410 || se.Status == 401 || se.Status == 403
	case strings.Contains(err.Error(), "not a web page"):
		return true
	}
	return false
}
