package evaluate

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// WriteText prints the overall metrics, a table of them by question kind,
// then one line per question that missed something, for a terminal or a
// log. The overall lines keep their labels and order (scripts read them);
// new figures go after them.
func (r *Report) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "questions\t%d (%d answerable, %d unanswerable)\n", r.Questions, r.Answerable, r.Unanswerable)
	fmt.Fprintf(tw, "evidence recall (cited)\t%s\n", r.EvidenceRecall)
	fmt.Fprintf(tw, "context recall (retrieved)\t%s\n", r.ContextRecall)
	fmt.Fprintf(tw, "answer hit rate\t%s\n", r.AnswerHitRate)
	fmt.Fprintf(tw, "refusal accuracy\t%s\n", r.RefusalAccuracy)
	fmt.Fprintf(tw, "answerable but refused\t%d\n", r.AnswerableRefused)
	fmt.Fprintf(tw, "citation integrity\t%s\n", r.CitationIntegrity)
	fmt.Fprintf(tw, "unsupported sentences\t%d\n", r.UnsupportedCount)
	fmt.Fprintf(tw, "errors\t%d\n", r.Errors)
	fmt.Fprintf(tw, "mass-mention safety\t%s\n", r.MassMentionSafety)
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.ByKind) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "kind\tquestions\tanswer hit\tevidence recall\tcontext recall\trefusal accuracy\tanswerable refused")
		for _, k := range r.ByKind {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%d\n", k.Kind, k.Questions, k.AnswerHitRate, k.EvidenceRecall, k.ContextRecall, k.RefusalAccuracy, k.AnswerableRefused)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	var misses []string
	for _, res := range r.Results {
		if m := res.misses(); m != "" {
			misses = append(misses, fmt.Sprintf("  %s: %s (%s)", res.ID, m, res.Question))
		}
	}
	if len(misses) > 0 {
		fmt.Fprintf(w, "\nmisses:\n%s\n", strings.Join(misses, "\n"))
	}
	return nil
}

// misses says what this question got wrong, "" when nothing.
func (res Result) misses() string {
	if res.Error != "" {
		return "error: " + res.Error
	}
	var m []string
	if res.Answerable {
		if res.Refused {
			m = append(m, "refused")
		}
		if res.ChecksEvidence && !res.EvidenceRetrieved {
			m = append(m, "evidence not retrieved")
		} else if res.ChecksEvidence && !res.EvidenceCited {
			m = append(m, "evidence not cited")
		}
		if res.ChecksAnswer && !res.AnswerHit {
			m = append(m, "answer lacks expected words")
		}
	} else if !res.Refused {
		m = append(m, "answered an unanswerable question")
	}
	if len(res.Mentions) > 0 {
		m = append(m, "live mention "+strings.Join(res.Mentions, " "))
	}
	m = append(m, res.CitationProblems...)
	if res.Unsupported > 0 {
		m = append(m, fmt.Sprintf("%d unsupported sentences", res.Unsupported))
	}
	return strings.Join(m, "; ")
}
