package answer

import (
	"strings"
	"testing"
)

func TestSpeechLists(t *testing.T) {
	for w := range speakingVerbs {
		if !reSpeech.MatchString("Ms Roe " + w + " so") {
			t.Errorf("reSpeech misses %q, one of speakingVerbs", w)
		}
	}
	src := speech.String() // (?i)\b(said|says|…)\b
	for w := range strings.SplitSeq(src[strings.Index(src, `\b(`)+3:strings.LastIndex(src, `)\b`)], "|") {
		if !speakingVerbs[w] {
			t.Errorf("speech has %q, which speakingVerbs lacks: speech is a subset", w)
		}
	}
	for _, tt := range []struct {
		s               string
		speaking, quote bool // reSpeech, speech
	}{
		{`"We will not stop," Roe said.`, true, true},
		{`Pyongyang, according to Seoul, sent troops.`, true, false},
		{`The envoy denied the reports.`, true, false},
		{`"As for the so-called military cooperation with Russia…"`, true, false},
		{`The council adjourned.`, false, false},
	} {
		if got := reSpeech.MatchString(tt.s); got != tt.speaking {
			t.Errorf("reSpeech(%q) = %v; want %v", tt.s, got, tt.speaking)
		}
		if got := speech.MatchString(tt.s); got != tt.quote {
			t.Errorf("speech(%q) = %v; want %v", tt.s, got, tt.quote)
		}
	}
}
