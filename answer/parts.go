package answer

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/newsbot/newsbot/retrieval"
)

// part is one part of a question that asks several things ("where and
// when did the envoy speak", "how much did it fall, and when?").
type part struct {
	question string // the part as a question of its own
	ask      string // what it asks, for "The coverage does not say …": "when", or the part quoted
}

// A wh-phrase: what a part asks for.
const whPhrase = `(?:who|whom|whose|what|when|where|why|which|how(?:\s+(?:many|much|long|old|big|far))?|(?:on|at|in|by|for|from)\s+(?:what|which|how)(?:\s+(?:date|day|time|year|month|much|many|place|city|country))?)`

var (
	// "where and when did the envoy speak": two wh-words share a clause.
	reConjoinedWh = regexp.MustCompile(`(?i)^(` + whPhrase + `)\s+(?:and|&)\s+(` + whPhrase + `)\s+(.+)$`)
	// "the meeting was held when and in what city": two wh-words after
	// the clause they share.
	reTrailingConjoinedWh = regexp.MustCompile(`(?i)^(.+?)\s+(` + whPhrase + `)\s+(?:and|&)\s+(` + whPhrase + `)\s*[?.!]*$`)
	// "who took the photo, and on what date": a wh-fragment after a question.
	reTrailingWh = regexp.MustCompile(`(?i)^(.+?)\s*,?\s+(?:and|&)\s+(` + whPhrase + `)\s*[?.!]*$`)
	// "who said 12,000 and who said 10,000": two questions joined.
	reJoinedQuestions = regexp.MustCompile(`(?i)^(` + whPhrase + `\s+.+?)\s*,?\s+(?:and|&)\s+(` + whPhrase + `\s+\S+.*)$`)
	// The wh-phrase that opens a question.
	reLeadingWh = regexp.MustCompile(`(?i)^` + whPhrase + `\s+`)
	// "toshin vs azuma steel - how many workers each": one question asked
	// of two things set side by side before it.
	reVersusFirst = regexp.MustCompile(`(?i)^(.+?)\s+(?:vs\.?|versus)\s+(.+?)\s*(?:\s[-–—]|[:,;])\s*(` + whPhrase + `\s.+)$`)
	// "how many workers, toshin vs azuma": the same, set after it.
	reVersusAfter = regexp.MustCompile(`(?i)^(` + whPhrase + `\s.+?)\s*(?:\s[-–—]|[:,;])\s*(.+?)\s+(?:vs\.?|versus)\s+(.+?)\s*[?.!]*$`)
	// "each" and "respectively" ask the question of each thing in turn.
	reEach = regexp.MustCompile(`(?i)\s*\b(?:each|respectively|for both|for each)\b\s*`)
)

// splitParts returns the parts of question q when it asks several
// things, or nil when it asks one. Each part keeps the words it shares
// with the others, so that it can be judged on its own.
func splitParts(q string) []part {
	q = strings.TrimSpace(q)
	var out []part
	switch {
	case reVersusFirst.MatchString(q), reVersusAfter.MatchString(q):
		var a, b, asked string
		if m := reVersusFirst.FindStringSubmatch(q); m != nil {
			a, b, asked = m[1], m[2], m[3]
		} else {
			m = reVersusAfter.FindStringSubmatch(q)
			asked, a, b = m[1], m[2], m[3]
		}
		asked = strings.TrimRight(reEach.ReplaceAllString(asked, " "), " ?")
		for _, thing := range []string{a, b} {
			thing = strings.TrimRight(thing, " ?")
			out = append(out, part{asked + " " + thing + "?", quotedPart(asked + " " + thing)})
		}
	case reTrailingConjoinedWh.MatchString(q) && !reLeadingWh.MatchString(q):
		m := reTrailingConjoinedWh.FindStringSubmatch(q)
		head := strings.TrimRight(m[1], " ,")
		out = []part{{m[2] + " " + head, strings.ToLower(m[2])}, {m[3] + " " + head, strings.ToLower(m[3])}}
	case reConjoinedWh.MatchString(q):
		m := reConjoinedWh.FindStringSubmatch(q)
		out = []part{{m[1] + " " + m[3], strings.ToLower(m[1])}, {m[2] + " " + m[3], strings.ToLower(m[2])}}
	case reTrailingWh.MatchString(q):
		m := reTrailingWh.FindStringSubmatch(q)
		head := strings.TrimRight(m[1], " ,?")
		// The fragment borrows the clause of the question before it:
		// "By how much did Indonesia devalue its currency, and when?" asks
		// when Indonesia devalued its currency.
		body := reLeadingWh.ReplaceAllString(head, "")
		if body == head || len(terms(body)) == 0 {
			return nil
		}
		out = []part{{head, quotedPart(head)}, {m[2] + " " + body, strings.ToLower(m[2])}}
	default:
		for _, s := range strings.SplitAfter(q, "?") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, part{s, quotedPart(s)})
			}
		}
		if len(out) == 1 {
			out = nil
			if m := reJoinedQuestions.FindStringSubmatch(q); m != nil && len(terms(m[1])) > 0 && len(terms(m[2])) > 0 {
				out = []part{{m[1], quotedPart(m[1])}, {m[2], quotedPart(m[2])}}
			}
		}
		for i := 1; i < len(out); i++ {
			if rePronoun.MatchString(out[i].question) {
				// "how many troops…, and who commands them": "them" are
				// the troops of the part before, whose words it needs.
				out[i].question += " " + reLeadingWh.ReplaceAllString(out[0].question, "")
			}
		}
	}
	for _, p := range out {
		if len(terms(p.question)) == 0 {
			return nil // "who and what?": nothing to judge a part by
		}
	}
	return out
}

// rePronoun matches a pronoun that points back at an earlier part.
var rePronoun = regexp.MustCompile(`(?i)\b(?:them|it|they|he|she|him|his|her|its|their)\b`)

// quotedPart is how a refusal names a part that is a question of its own.
func quotedPart(q string) string {
	return fmt.Sprintf("%q", strings.TrimRight(strings.TrimSpace(q), "?")+"?")
}

// extractiveParts answers a question of several parts, part by part,
// and reports whether any part was answered; when none was, ans is left
// alone for the whole question to be judged. Each part is searched for
// on its own (hits, retrieved for the whole question, stand in when that
// search fails). The answer quotes the best sentences of each part
// answered and says which parts the coverage does not answer (verdict
// partial).
func (a *Answerer) extractiveParts(ctx context.Context, ans *Answer, parts []part, hits []retrieval.Hit) bool {
	var union []retrieval.Hit
	at := map[string]int{} // passage id -> index in union
	index := func(h retrieval.Hit) int {
		i, ok := at[h.Passage.ID]
		if !ok {
			i = len(union)
			at[h.Passage.ID] = i
			union = append(union, h)
		}
		return i
	}
	var chosen []scored
	var missing []string
	var first *decision
	seen := map[string]bool{}
	for _, p := range parts {
		ph := hits
		if found, err := a.search.Search(ctx, a.withSpellings(searchQuery(p.question)), a.opts.TopK); err == nil && len(found) > 0 {
			ph = extractiveHits(found)
		}
		d := a.judge(ctx, p.question, ph, a.opts.MinRelevance, true)
		if d.lead < 0 {
			missing = append(missing, p.ask)
			continue
		}
		if first == nil {
			first = &d
		}
		for _, s := range pickLead(d.ranked, d.lead, perPart, a.opts.MinRelevance) {
			if seen[s.text] {
				continue
			}
			seen[s.text] = true
			s.hit = index(ph[s.hit])
			if s.next != "" {
				s.nextHit = index(ph[s.nextHit])
			}
			if s.prev != "" {
				s.prevHit = index(ph[s.prevHit])
			}
			chosen = append(chosen, s)
		}
	}
	if first == nil {
		return false
	}
	text, cites, cited := cite(chosen, union, false)
	ans.Reason = first.reason
	ans.Reason.Text = fmt.Sprintf("answers %d of the question's %d parts", len(parts)-len(missing), len(parts))
	if len(missing) > 0 {
		ans.Reason.Verdict = VerdictPartial
		ans.Reason.Text += "; not " + strings.Join(missing, ", ")
		for _, m := range missing {
			if strings.HasPrefix(m, `"`) {
				text += " On " + m + ", the coverage does not say."
			} else {
				text += " The coverage does not say " + m + "."
			}
		}
	}
	ans.Text, ans.Citations, ans.Hits, ans.Unsupported = text, cites, cited, nil
	return true
}

// perPart is how many sentences each part of a question may quote.
const perPart = 2
