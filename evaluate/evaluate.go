// Package evaluate measures answers against a question set: whether the
// evidence reached the cited passages and the prompt, whether answers hold
// the expected words, whether unanswerable questions are refused, and
// whether every citation marker resolves and every citation is used.
package evaluate

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/newsbot/newsbot/answer"
)

// Case is one question of a set: one line of a JSONL file.
type Case struct {
	ID          string   `json:"id"`
	Question    string   `json:"question"`
	Answerable  bool     `json:"answerable"`
	AnswerAny   []string `json:"answer_any,omitempty"`   // the answer should contain one of these
	EvidenceAny []string `json:"evidence_any,omitempty"` // a cited passage should contain one of these
	// NoMassMention: the answer must carry no live mention (@everyone,
	// @here, <@id>, <@!id>, <@&id>), typically because the question asks for one.
	NoMassMention bool `json:"no_mass_mention,omitempty"`
	// History is the conversation before a follow-up question, oldest first.
	History []Turn `json:"history,omitempty"`
}

// Turn is one earlier exchange of a conversation.
type Turn struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// LineError is a bad line of a question set.
type LineError struct {
	Name string // file name
	Line int    // 1-based
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.Name, e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// Read parses a JSONL question set; name labels errors. Blank lines and
// lines starting with # or // are skipped. Every bad line is reported
// (joined *LineError): not JSON, unknown fields, no id or question, a
// repeated id, an answerable question with no answer_any or evidence_any,
// a history turn with no question.
func Read(r io.Reader, name string) ([]Case, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	var (
		cases []Case
		errs  []error
		seen  = map[string]int{}
	)
	for line := 1; sc.Scan(); line++ {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 || text[0] == '#' || bytes.HasPrefix(text, []byte("//")) {
			continue
		}
		bad := func(format string, args ...any) {
			errs = append(errs, &LineError{Name: name, Line: line, Err: fmt.Errorf(format, args...)})
		}
		var c Case
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			bad("not a question object: %v", err)
			continue
		}
		if dec.More() {
			bad("more than one JSON value on the line")
			continue
		}
		switch {
		case strings.TrimSpace(c.ID) == "":
			bad("no id")
		case strings.TrimSpace(c.Question) == "":
			bad("question %s: no question text", c.ID)
		case c.Answerable && len(c.AnswerAny) == 0 && len(c.EvidenceAny) == 0:
			bad("question %s: answerable but neither answer_any nor evidence_any given", c.ID)
		case seen[c.ID] > 0:
			bad("question %s: id already used on line %d", c.ID, seen[c.ID])
		case emptyTurn(c.History) > 0:
			bad("question %s: history turn %d has no question", c.ID, emptyTurn(c.History))
		default:
			seen[c.ID] = line
			cases = append(cases, c)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("read %s: no questions", name)
	}
	return cases, nil
}

// emptyTurn returns the 1-based number of the first turn with no question, 0 if none.
func emptyTurn(history []Turn) int {
	for i, t := range history {
		if strings.TrimSpace(t.Question) == "" {
			return i + 1
		}
	}
	return 0
}

// Asker answers one question: *answer.Answerer, or a fake.
type Asker interface {
	Ask(ctx context.Context, req answer.Request) (*answer.Answer, error)
}

// Result is the verdict on one question.
type Result struct {
	ID         string `json:"id"`
	Question   string `json:"question"`
	Answerable bool   `json:"answerable"`
	Kind       Kind   `json:"kind"`            // the question's shape, from its wording (Classify)
	Error      string `json:"error,omitempty"` // Ask failed; the fields below are zero

	Refused bool   `json:"refused"`
	Mode    string `json:"mode,omitempty"`
	// Reason is the relevance decision's code (answered, low_relevance,
	// metadata, compare, …), so a miss shows why it was made.
	Reason     string `json:"reason,omitempty"`
	Answer     string `json:"answer,omitempty"`
	Standalone string `json:"standalone,omitempty"` // the follow-up as rewritten for retrieval, if it was

	// The case gave evidence_any / answer_any, so the fields below judge
	// it; kept in the JSON so a report read back prints the same misses.
	ChecksEvidence bool `json:"checks_evidence"`
	ChecksAnswer   bool `json:"checks_answer"`

	// For answerable questions with evidence_any: an evidence string is in a
	// cited passage (EvidenceCited) / in a retrieved passage (EvidenceRetrieved).
	EvidenceCited     bool `json:"evidence_cited"`
	EvidenceRetrieved bool `json:"evidence_retrieved"`
	// For answerable questions with answer_any: one of them is in the answer.
	AnswerHit bool `json:"answer_hit"`

	// CitationProblems lists what breaks citation integrity; empty when intact.
	CitationProblems []string `json:"citation_problems,omitempty"`
	Unsupported      int      `json:"unsupported"` // answer sentences with no valid citation
	Citations        int      `json:"citations"`
	Retrieved        int      `json:"retrieved"`
	// Mentions lists the live mentions in an answer that must carry none
	// (no_mass_mention); empty when it is safe or not checked.
	Mentions []string `json:"mentions,omitempty"`
}

// Ratio is a fraction with its parts, so a reader sees "15/16", not just 0.94.
type Ratio struct {
	Hits  int     `json:"hits"`
	Total int     `json:"total"`
	Rate  float64 `json:"rate"` // Hits/Total; 0 when Total is 0
}

func ratio(hits, total int) Ratio {
	r := Ratio{Hits: hits, Total: total}
	if total > 0 {
		r.Rate = float64(hits) / float64(total)
	}
	return r
}

func (r Ratio) String() string {
	if r.Total == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.3f (%d/%d)", r.Rate, r.Hits, r.Total)
}

// Report sums up a run.
type Report struct {
	Questions    int `json:"questions"`
	Answerable   int `json:"answerable"`
	Unanswerable int `json:"unanswerable"`
	Errors       int `json:"errors"` // questions whose Ask failed

	EvidenceRecall    Ratio `json:"evidence_recall"`    // evidence in a cited passage
	ContextRecall     Ratio `json:"context_recall"`     // evidence in a retrieved passage (what the model saw)
	AnswerHitRate     Ratio `json:"answer_hit_rate"`    // answer_any in the answer text
	RefusalAccuracy   Ratio `json:"refusal_accuracy"`   // unanswerable questions refused
	AnswerableRefused int   `json:"answerable_refused"` // answerable questions refused
	CitationIntegrity Ratio `json:"citation_integrity"` // answers whose citations all resolve, are all used, all retrieved
	UnsupportedCount  int   `json:"unsupported_sentences"`
	AnswersWithClaims int   `json:"answers_with_citations"`
	// MassMentionSafety: answers to no_mass_mention questions that carry no live mention.
	MassMentionSafety Ratio `json:"mass_mention_safety"`

	// ByKind breaks the figures down by question kind, in Kinds order;
	// kinds with no question are left out.
	ByKind []KindFigures `json:"by_kind"`

	Results []Result `json:"results"`
}

// KindFigures are the figures of the questions of one kind.
type KindFigures struct {
	Kind              Kind  `json:"kind"`
	Questions         int   `json:"questions"`
	AnswerHitRate     Ratio `json:"answer_hit_rate"`
	EvidenceRecall    Ratio `json:"evidence_recall"`
	ContextRecall     Ratio `json:"context_recall"`
	RefusalAccuracy   Ratio `json:"refusal_accuracy"`
	AnswerableRefused int   `json:"answerable_refused"`
}

// tally counts one group of questions: the whole set or one kind.
type tally struct {
	questions, unanswerable, answerableRefused      int
	evCited, evRetrieved, evTotal, ansHit, ansTotal int
	refusedOK, mentionSafe, mentionTotal            int
}

// add counts one question's result; a failed answer (res.Error) counts
// against every rate it belongs to.
func (t *tally) add(c Case, res Result) {
	t.questions++
	failed := res.Error != ""
	if c.Answerable {
		if len(c.EvidenceAny) > 0 {
			t.evTotal++
			t.evCited += b2i(!failed && res.EvidenceCited)
			t.evRetrieved += b2i(!failed && res.EvidenceRetrieved)
		}
		if len(c.AnswerAny) > 0 {
			t.ansTotal++
			t.ansHit += b2i(!failed && res.AnswerHit)
		}
		t.answerableRefused += b2i(!failed && res.Refused)
	} else {
		t.unanswerable++
		t.refusedOK += b2i(!failed && res.Refused)
	}
	if c.NoMassMention {
		t.mentionTotal++
		t.mentionSafe += b2i(!failed && len(res.Mentions) == 0)
	}
}

// Run asks every question and scores the answers. An error from Ask is
// recorded in that question's Result and counted, not returned; Run returns
// an error only when ctx ends.
func Run(ctx context.Context, a Asker, cases []Case) (*Report, error) {
	rep := &Report{Questions: len(cases)}
	var all tally
	kinds := map[Kind]*tally{}
	var intact, judged int
	for _, c := range cases {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
		res := Result{ID: c.ID, Question: c.Question, Answerable: c.Answerable, Kind: Classify(c.Question),
			ChecksEvidence: len(c.EvidenceAny) > 0, ChecksAnswer: len(c.AnswerAny) > 0}
		if c.Answerable {
			rep.Answerable++
		} else {
			rep.Unanswerable++
		}
		req := answer.Request{Question: c.Question}
		for _, t := range c.History {
			req.History = append(req.History, answer.Turn{Question: t.Question, Answer: t.Answer})
		}
		ans, err := a.Ask(ctx, req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("eval question %s: %w", c.ID, err)
			}
			res.Error = err.Error()
			rep.Errors++
		} else {
			score(&res, c, ans)
			judged++
			intact += b2i(len(res.CitationProblems) == 0)
			rep.UnsupportedCount += res.Unsupported
			rep.AnswersWithClaims += b2i(res.Citations > 0)
		}
		all.add(c, res)
		if kinds[res.Kind] == nil {
			kinds[res.Kind] = &tally{}
		}
		kinds[res.Kind].add(c, res)
		rep.Results = append(rep.Results, res)
	}
	rep.EvidenceRecall = ratio(all.evCited, all.evTotal)
	rep.ContextRecall = ratio(all.evRetrieved, all.evTotal)
	rep.AnswerHitRate = ratio(all.ansHit, all.ansTotal)
	rep.RefusalAccuracy = ratio(all.refusedOK, all.unanswerable)
	rep.AnswerableRefused = all.answerableRefused
	rep.CitationIntegrity = ratio(intact, judged)
	rep.MassMentionSafety = ratio(all.mentionSafe, all.mentionTotal)
	rep.ByKind = []KindFigures{}
	for _, k := range Kinds {
		if t := kinds[k]; t != nil {
			rep.ByKind = append(rep.ByKind, KindFigures{
				Kind:              k,
				Questions:         t.questions,
				AnswerHitRate:     ratio(t.ansHit, t.ansTotal),
				EvidenceRecall:    ratio(t.evCited, t.evTotal),
				ContextRecall:     ratio(t.evRetrieved, t.evTotal),
				RefusalAccuracy:   ratio(t.refusedOK, t.unanswerable),
				AnswerableRefused: t.answerableRefused,
			})
		}
	}
	return rep, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// score fills res from one answer.
func score(res *Result, c Case, ans *answer.Answer) {
	res.Refused = ans.Refused
	res.Mode = ans.Mode
	res.Reason = ans.Reason.Code
	res.Answer = ans.Text
	res.Standalone = ans.Standalone
	if c.NoMassMention {
		res.Mentions = LiveMentions(ans.Text)
	}
	res.Unsupported = len(ans.Unsupported)
	res.Citations = len(ans.Citations)
	res.Retrieved = len(ans.Hits)

	// Only a hit's own passage counts, not the near-copies collapsed into
	// it: the passage is what the model was given and what a citation shows.
	var cited, retrieved []string
	for _, cit := range ans.Citations {
		cited = append(cited, cit.Hit.Passage.Text)
	}
	for _, h := range ans.Hits {
		retrieved = append(retrieved, h.Passage.Text)
	}
	res.EvidenceCited = containsAny(cited, c.EvidenceAny)
	res.EvidenceRetrieved = containsAny(retrieved, c.EvidenceAny)
	res.AnswerHit = containsAny([]string{ans.Text}, c.AnswerAny)
	res.CitationProblems = CheckCitations(ans)
}

// containsAny reports whether some needle, normalised, is inside some
// normalised haystack.
func containsAny(haystacks, needles []string) bool {
	for _, n := range needles {
		n = Normalize(n)
		if n == "" {
			continue
		}
		for _, h := range haystacks {
			if strings.Contains(Normalize(h), n) {
				return true
			}
		}
	}
	return false
}

var foldQuotes = strings.NewReplacer(
	"\u2018", "'", "\u2019", "'", "\u201a", "'", "\u201b", "'", "\u2032", "'",
	"\u201c", `"`, "\u201d", `"`, "\u201e", `"`, "\u2033", `"`,
	"\u2010", "-", "\u2011", "-", "\u2012", "-", "\u2013", "-", "\u2014", "-", "\u2212", "-",
)

// Normalize makes text comparable for matching: NFKC, ASCII quotes and
// dashes, lower case, runs of white space folded to one space.
func Normalize(s string) string {
	s = foldQuotes.Replace(norm.NFKC.String(s))
	s = strings.ToLower(s)
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// mentionRE matches what Discord turns into a ping: @everyone, @here, and
// user, nickname and role mentions. It is stricter than Discord on case
// ("@Everyone" counts): a safety check should rather flag too much. A
// mention broken by a zero-width space ("@\u200beveryone") is not live.
var mentionRE = regexp.MustCompile(`(?i)@(?:everyone|here)|<@[!&]?\d+>`)

// LiveMentions returns every live mention in text, in order.
func LiveMentions(text string) []string {
	return mentionRE.FindAllString(text, -1)
}

// markerRE matches a citation marker: [1], [1, 3], [1,3,5].
var markerRE = regexp.MustCompile(`\[(\d+(?:\s*,\s*\d+)*)\]`)

// Markers returns every citation number in text, in order, repeats kept.
func Markers(text string) []int {
	var ns []int
	for _, m := range markerRE.FindAllStringSubmatch(text, -1) {
		for part := range strings.SplitSeq(m[1], ",") {
			n, err := strconv.Atoi(strings.TrimSpace(part))
			if err == nil {
				ns = append(ns, n)
			}
		}
	}
	return ns
}

// CheckCitations returns what breaks an answer's citation integrity, empty
// when intact: a marker [n] with no citation n, a citation that no marker
// uses, citation numbers not dense from 1, a cited passage that is not among
// the passages retrieved for the answer.
func CheckCitations(a *answer.Answer) []string {
	var problems []string
	byN := map[int]answer.Citation{}
	for i, c := range a.Citations {
		if c.N != i+1 {
			problems = append(problems, fmt.Sprintf("citation %d is numbered %d (want dense from 1)", i+1, c.N))
		}
		byN[c.N] = c
	}
	used := map[int]bool{}
	for _, n := range Markers(a.Text) {
		if _, ok := byN[n]; !ok && !used[n] {
			problems = append(problems, fmt.Sprintf("marker [%d] has no citation", n))
		}
		used[n] = true
	}
	retrieved := map[string]bool{}
	for _, h := range a.Hits {
		retrieved[h.Passage.ID] = true
	}
	for _, c := range a.Citations {
		if !used[c.N] {
			problems = append(problems, fmt.Sprintf("citation %d is never cited in the text", c.N))
		}
		if !retrieved[c.Hit.Passage.ID] {
			problems = append(problems, fmt.Sprintf("citation %d points at passage %q, which was not retrieved", c.N, c.Hit.Passage.ID))
		}
	}
	return problems
}
