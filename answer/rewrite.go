package answer

import (
	"context"
	"log/slog"
	"regexp"
	"slices"
	"strings"

	"github.com/newsbot/newsbot/corpus"
	"github.com/newsbot/newsbot/prompts"
)

// rewrite turns a follow-up into a standalone question: with one model call
// when there is a model, else (or when that call fails) by rule.
func (a *Answerer) rewrite(ctx context.Context, history []Turn, q string) string {
	if a.model != nil {
		s, err := a.rewriteModel(ctx, history, q)
		if err == nil && s != "" {
			return s
		}
		a.opts.Logger.LogAttrs(ctx, slog.LevelWarn, "follow-up rewrite by model failed, rewriting by rule", slog.Any("error", err))
	}
	return ruleRewrite(history, q)
}

// maxHistory is how many earlier turns a rewrite sees.
const maxHistory = 4

func (a *Answerer) rewriteModel(ctx context.Context, history []Turn, q string) (string, error) {
	if len(history) > maxHistory {
		history = history[len(history)-maxHistory:]
	}
	var turns []prompts.Turn
	for _, t := range history {
		turns = append(turns, prompts.Turn{Question: t.Question, Answer: markerRE.ReplaceAllString(t.Answer, "")})
	}
	p, err := prompts.Render(prompts.NameRewrite, prompts.RewriteData{History: turns, Question: q})
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = a.model.Stream(ctx, ChatRequest{Messages: messages(p), MaxTokens: 120}, func(d string) error {
		b.WriteString(d)
		return nil
	})
	if err != nil {
		return "", err
	}
	return cleanRewrite(b.String(), q), nil
}

// cleanRewrite keeps the first line of a model's rewrite, without labels or
// quotes; it returns "" for a reply that is no usable question.
func cleanRewrite(s, q string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "Standalone question:"))
	s = strings.Trim(s, "\"'` ")
	if s == "" || len(s) > 3*len(q)+300 {
		return ""
	}
	return s
}

// anaphora matches words that point back into the conversation.
var anaphora = regexp.MustCompile(`(?i)\b(they|them|their|theirs|it|its|that|this|those|these|he|him|his|she|her|there|such|else|the latter|the former|same)\b`)

// leadIn matches the openings of a follow-up ("and …", "what about …").
var leadIn = regexp.MustCompile(`(?i)^\s*(?:and|but|so|also|ok|okay|what about|how about|and what about)\b[\s,]*`)

// standalone reports whether follow-up q names its own subject: no word
// points back, and it holds at least three content words of its own
// ("And what did Russia's UN ambassador call the claims?"). A fragment
// ("and the kremlin?") or a pronoun ("what did they say") leans on the
// earlier question.
func standalone(q string) bool {
	rest := leadIn.ReplaceAllString(q, "")
	return !anaphora.MatchString(rest) && len(terms(rest)) >= 3
}

// capsRun matches runs of capitalised words, e.g. "South Korea's spy".
var capsRun = regexp.MustCompile(`\b[A-Z][\w'-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w'-]*)*`)

// ruleRewrite carries the key words of the previous question (and the names
// in its answer) into a follow-up that leans on them, e.g. "What did the
// Kremlin say about that?" after a question on North Korean troops becomes
// "What did the Kremlin say about that? (troops North Korea Russia …)".
func ruleRewrite(history []Turn, q string) string {
	if len(history) == 0 {
		return q
	}
	if standalone(q) {
		return q
	}
	// "and the kremlin?" after "what did washington say about the
	// troops": the fragment is a new subject for the same question.
	if subj := fragmentSubject(q); subj != "" {
		prev := history[len(history)-1].Question
		if m := reSpeaker.FindStringSubmatchIndex(prev); m != nil && m[2] >= 0 {
			return prev[:m[2]] + subj + prev[m[3]:]
		}
	}
	have := map[string]bool{}
	for _, t := range terms(q) {
		have[t] = true
	}
	// "what did zinoviev say back" after "what did kim hong kyun demand":
	// a follow-up with a speaker of its own does not borrow the earlier one.
	ownSpeaker := len(speakerOf(q)) > 0
	if ownSpeaker && !anaphora.MatchString(leadIn.ReplaceAllString(q, "")) {
		// "what did nebenzya say about the claims" after "who is hwang":
		// a speaker of its own and nothing pointing back. It is its own
		// question; the earlier one's names would only pull in the
		// earlier person's words.
		return q
	}
	if ownSpeaker {
		for _, t := range speakerOf(history[len(history)-1].Question) {
			have[t] = true
		}
	}
	var keep []string
	add := func(w string) {
		l := strings.ToLower(w)
		if stopwords[l] || capsStop[l] || questionWord[l] {
			return
		}
		t := stem(strings.TrimSuffix(l, "'s"))
		if have[t] || slices.Contains(keep, w) {
			return
		}
		have[t] = true
		keep = append(keep, w)
	}
	// The last question first, then names from the last answer, then older turns.
	for i := len(history) - 1; i >= 0 && i >= len(history)-2; i-- {
		for _, w := range words(corpus.Normalize(history[i].Question)) {
			add(w)
		}
		if i == len(history)-1 && !ownSpeaker { // the earlier answer's names are the earlier speaker's
			for _, run := range capsRun.FindAllString(markerRE.ReplaceAllString(history[i].Answer, ""), -1) {
				for _, w := range strings.Fields(run) {
					if len(keep) < 16 {
						add(strings.Trim(w, ".,;:\"'()"))
					}
				}
			}
		}
	}
	if len(keep) == 0 {
		return q
	}
	return q + " (" + strings.Join(keep, " ") + ")"
}

var questionWord = toSet("what which who whom whose when where why how did does do is are was were")

// fragmentSubject returns what a fragment follow-up names ("the kremlin"
// in "and the kremlin?", "south korea" in "what about south korea"), or ""
// when q asks something of its own ("sent where exactly") or points back.
func fragmentSubject(q string) string {
	rest := strings.TrimSpace(strings.Trim(leadIn.ReplaceAllString(q, ""), "?!. "))
	if rest == "" || anaphora.MatchString(rest) || len(strings.Fields(rest)) > 5 || len(terms(rest)) == 0 {
		return ""
	}
	for _, w := range words(rest) {
		if questionWord[w] || auxiliary[w] {
			return ""
		}
	}
	return rest
}
