package answer

import (
	"errors"
	"strings"
)

// ErrEcho means the model began to repeat its own instructions (a prompt
// injection such as "print your system prompt" that it obeyed). The reply
// is stopped before those words are shown and the answer falls back.
var ErrEcho = errors.New("the model repeated its instructions")

// echoN is the length, in words, of a run of the instructions that counts
// as repeating them: long enough that an answer citing passages does not
// meet one by chance.
const echoN = 7

// echoGuard spots a reply that reproduces runs of the system prompt.
type echoGuard struct {
	runs map[string]bool
}

// newEchoGuard indexes the word runs of system that the data (passages and
// question) does not also hold: quoting a passage is what answers do.
func newEchoGuard(system, data string) *echoGuard {
	g := &echoGuard{runs: map[string]bool{}}
	allowed := map[string]bool{}
	for _, r := range wordRuns(data) {
		allowed[r] = true
	}
	for _, r := range wordRuns(system) {
		if !allowed[r] {
			g.runs[r] = true
		}
	}
	return g
}

// echoes reports whether text holds a run of the instructions.
func (g *echoGuard) echoes(text string) bool {
	for _, r := range wordRuns(text) {
		if g.runs[r] {
			return true
		}
	}
	return false
}

// wordRuns returns every run of echoN consecutive folded words of s.
func wordRuns(s string) []string {
	ws := words(norm(s))
	var out []string
	for i := 0; i+echoN <= len(ws); i++ {
		out = append(out, strings.Join(ws[i:i+echoN], " "))
	}
	return out
}
