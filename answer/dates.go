package answer

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/newsbot/newsbot/retrieval"
)

// RelativeDate is a relative date an article's sentence uses ("on Monday",
// "last week"), read against the article's publication date.
type RelativeDate struct {
	Phrase string `json:"phrase"` // as written, e.g. "on Monday"
	// Date is the day (YYYY-MM-DD), the week (YYYY-MM-DD/YYYY-MM-DD, Monday
	// to Sunday), the month (YYYY-MM) or the year (YYYY) it means.
	Date string `json:"date"`
}

var (
	reWeekday  = regexp.MustCompile(`(?i)\b(?:(on|last|this|next|early|late|since|by|until)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b`)
	reDayWord  = regexp.MustCompile(`(?i)\b(yesterday|today|tonight|tomorrow)\b`)
	rePeriod   = regexp.MustCompile(`(?i)\b(last|this|next|earlier this|later this)\s+(week|month|year)\b`)
	reFuture   = regexp.MustCompile(`(?i)\b(will|is due|are due|is set to|are set to|is scheduled|are scheduled|plans? to|is expected to|are expected to)\b`)
	reAsksLast = regexp.MustCompile(`(?i)\b(latest|newest|most recent(ly)?|currently|current|right now|as of now|so far|up to date|now)\b`)
)

var weekdayNum = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

// ResolveDates finds the relative dates of text and reads each against
// published, the article's publication date; none when it is unknown. A
// bare or "on" weekday is the latest such day on or before publication,
// unless the sentence speaks of the future ("will", "is due to"), when it
// is the next one; "last" and "next" step back or forward past the
// publication day; weeks run Monday to Sunday.
func ResolveDates(text string, published time.Time) []RelativeDate {
	if published.IsZero() {
		return nil
	}
	p := time.Date(published.Year(), published.Month(), published.Day(), 0, 0, 0, 0, time.UTC)
	var out []RelativeDate
	seen := map[string]bool{}
	add := func(phrase, date string) {
		key := strings.ToLower(phrase) + "=" + date
		if !seen[key] {
			seen[key] = true
			out = append(out, RelativeDate{Phrase: phrase, Date: date})
		}
	}
	type found struct {
		start int
		fn    func()
	}
	var all []found
	for _, s := range sentenceSpans(text) {
		sent := text[s[0]:s[1]]
		future := reFuture.MatchString(sent)
		for _, m := range reWeekday.FindAllStringSubmatchIndex(sent, -1) {
			phrase := sent[m[0]:m[1]]
			mod := ""
			if m[2] >= 0 {
				mod = strings.ToLower(sent[m[2]:m[3]])
			}
			wd := weekdayNum[strings.ToLower(sent[m[4]:m[5]])]
			all = append(all, found{s[0] + m[0], func() {
				var d time.Time
				switch mod {
				case "last":
					d = before(p, wd, false)
				case "next":
					d = after(p, wd)
				case "this":
					d = weekStart(p).AddDate(0, 0, (int(wd)+6)%7)
				default:
					if future && mod != "since" {
						d = after(p, wd)
						if p.Weekday() == wd {
							d = p
						}
					} else {
						d = before(p, wd, true)
					}
				}
				add(phrase, d.Format(time.DateOnly))
			}})
		}
		for _, m := range reDayWord.FindAllStringIndex(sent, -1) {
			phrase := sent[m[0]:m[1]]
			all = append(all, found{s[0] + m[0], func() {
				shift := map[string]int{"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[strings.ToLower(phrase)]
				add(phrase, p.AddDate(0, 0, shift).Format(time.DateOnly))
			}})
		}
		for _, m := range rePeriod.FindAllStringSubmatchIndex(sent, -1) {
			phrase := sent[m[0]:m[1]]
			rel, unit := strings.ToLower(sent[m[2]:m[3]]), strings.ToLower(sent[m[4]:m[5]])
			step := map[string]int{"last": -1, "next": 1}[rel]
			all = append(all, found{s[0] + m[0], func() {
				switch unit {
				case "week":
					mon := weekStart(p).AddDate(0, 0, 7*step)
					add(phrase, mon.Format(time.DateOnly)+"/"+mon.AddDate(0, 0, 6).Format(time.DateOnly))
				case "month":
					add(phrase, time.Date(p.Year(), p.Month()+time.Month(step), 1, 0, 0, 0, 0, time.UTC).Format("2006-01"))
				case "year":
					add(phrase, time.Date(p.Year()+step, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006"))
				}
			}})
		}
	}
	slices.SortStableFunc(all, func(a, b found) int { return a.start - b.start })
	for _, f := range all {
		f.fn()
	}
	return out
}

// sentenceSpans cuts text at sentence ends, roughly: enough to tell which
// sentence a date phrase stands in.
func sentenceSpans(text string) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if (c == '.' || c == '!' || c == '?' || c == '\n') && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n') {
			out = append(out, [2]int{start, i + 1})
			start = i + 1
		}
	}
	if start < len(text) {
		out = append(out, [2]int{start, len(text)})
	}
	return out
}

// before is the latest wd before p (on p too when sameDay).
func before(p time.Time, wd time.Weekday, sameDay bool) time.Time {
	back := (int(p.Weekday()) - int(wd) + 7) % 7
	if back == 0 && !sameDay {
		back = 7
	}
	return p.AddDate(0, 0, -back)
}

// after is the first wd after p.
func after(p time.Time, wd time.Weekday) time.Time {
	ahead := (int(wd) - int(p.Weekday()) + 7) % 7
	if ahead == 0 {
		ahead = 7
	}
	return p.AddDate(0, 0, ahead)
}

// weekStart is the Monday of p's week.
func weekStart(p time.Time) time.Time {
	return p.AddDate(0, 0, -((int(p.Weekday()) + 6) % 7))
}

// AsksLatest reports a question that wants the newest state of a story
// ("what is the latest death toll", "how many are still missing now").
func AsksLatest(q string) bool { return reAsksLast.MatchString(q) }

// latestBand is how close to the best fused score a hit must be for its
// date to move it ahead: dates break near-ties, they do not outrank
// relevance.
const latestBand = 0.85

// preferNewest reorders hits for a question that asks for the latest: among
// the hits scoring within latestBand of the best, newer coverage comes
// first; the rest keep their order after them.
func preferNewest(q string, hits []retrieval.Hit) []retrieval.Hit {
	if !AsksLatest(q) || len(hits) < 2 {
		return hits
	}
	top := hits[0].Score
	n := 0
	for n < len(hits) && hits[n].Score >= latestBand*top {
		n++
	}
	out := slices.Clone(hits)
	slices.SortStableFunc(out[:n], func(a, b retrieval.Hit) int {
		return b.Passage.Published.Compare(a.Passage.Published)
	})
	return out
}
