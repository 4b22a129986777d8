package answer

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/retrieval"
)

// reHeadingsAsked matches a question on an article's subheadings ("wat r
// the subheadings in the 112.ua article", "what sections does the AP
// story have"); "who heads the agency" is not one.
var reHeadingsAsked = regexp.MustCompile(`\b(?:sub-?head(?:ing|er|line)s?|cross-?heads?|head(?:ing|er)s|section (?:titles|headings|names)|sections)\b`)

// headingsAnswer answers a question on the subheadings of the articles of
// the outlets it names, each heading quoted and cited from its passage.
// ok is false for any other question, or when those articles have none.
func (a *Answerer) headingsAnswer(ans *Answer, q string, hits []retrieval.Hit) bool {
	l := strings.ToLower(corpus.Normalize(q))
	if a.opts.Passages == nil || !reHeadingsAsked.MatchString(l) {
		return false
	}
	outlets, _ := namedOutlets(l, hits)
	if len(outlets) == 0 {
		return false
	}
	ps := slices.DeleteFunc(slices.Clone(a.opts.Passages()), func(p corpus.Passage) bool { return !slices.Contains(outlets, p.Outlet) })
	slices.SortStableFunc(ps, func(x, y corpus.Passage) int {
		if c := strings.Compare(x.ArticleID, y.ArticleID); c != 0 {
			return c
		}
		return x.Ordinal - y.Ordinal
	})
	var b strings.Builder
	seen := map[string]bool{}
	ans.Citations, ans.Hits = nil, nil
	for _, p := range ps {
		for _, s := range sentencesOf(p) {
			if !subheading(s) || seen[p.ArticleID+"\x00"+s] {
				continue
			}
			seen[p.ArticleID+"\x00"+s] = true
			h := retrieval.Hit{Passage: p}
			n := len(ans.Citations) + 1
			ans.Hits = append(ans.Hits, h)
			ans.Citations = append(ans.Citations, Citation{N: n, Hit: h, Sentence: s, Verified: true})
			fmt.Fprintf(&b, "\n- %s [%d]", s, n)
		}
	}
	if len(ans.Citations) == 0 {
		ans.Citations, ans.Hits = nil, nil
		return false
	}
	ans.Text = fmt.Sprintf("The %s %s these subheadings:", strings.Join(outlets, " and "), plural(len(outlets), "article has", "articles have")) + b.String()
	ans.Mode, ans.Model, ans.PromptVersion = ModeExtractive, "", ExtractiveVersion
	ans.Reason = Reason{Verdict: VerdictAnswer, Code: ReasonMetadata, Kind: string(KindCoverage),
		Text: "a question about an article's subheadings, answered from its heading lines"}
	return true
}

// subheading reports whether sentence s is a heading line inside an
// article's body: no caption, no photo credit, no dateline.
func subheading(s string) bool {
	return heading(s) && !strings.HasPrefix(s, corpus.CaptionPrefix) && !reCredit.MatchString(s) &&
		!strings.HasPrefix(strings.ToLower(s), "photo") && len(strings.Fields(s)) >= 2
}
