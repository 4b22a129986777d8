package answer

import (
	"testing"

	"github.com/newsbot/newsbot/corpus"
)

// TestSupport judges claims a model might write about hand-built passages:
// faithful paraphrases are supported; changed numbers, foreign names and
// flipped negations are not.
func TestSupport(t *testing.T) {
	for _, tt := range []struct {
		name  string
		claim string
		ps    []corpus.Passage
		want  bool
	}{
		{"paraphrase with number", "South Korea's spy agency said the North would send about 12,000 troops.", []corpus.Passage{pYonhap}, true},
		{"number without separator", "The spy agency put the figure at 12000 troops.", []corpus.Passage{pYonhap}, true},
		{"wrong number", "South Korea's spy agency said the North would send 15,000 troops.", []corpus.Passage{pYonhap}, false},
		{"number from the other passage", "The envoy said 11,000 regular troops would go to Russia.", []corpus.Passage{pYonhap}, false},
		{"joint support", "The spy agency said 12,000 troops while the envoy said 11,000.", []corpus.Passage{pYonhap, pKyiv}, true},
		{"foreign name", "China's foreign ministry said the troops would go to Russia.", []corpus.Passage{pYonhap}, false},
		{"demonym", "A Ukrainian envoy said Pyongyang plans to send 11,000 troops.", []corpus.Passage{pKyiv}, true},
		{"United Nations spelled out", "The envoy spoke at the United Nations First Committee.", []corpus.Passage{pKyiv}, true},
		{"negation kept", "The Kremlin did not confirm the reports.", []corpus.Passage{pYonhap}, true},
		{"negation flipped", "The Kremlin confirmed the reports of North Korean troops.", []corpus.Passage{pYonhap}, false},
		{"relative date resolved", "On October 21, 2024, the Kremlin declined to confirm the reports.", []corpus.Passage{pYonhap}, true},
		{"outlet named from metadata", "Yonhap reported that the Kremlin declined to confirm the reports.", []corpus.Passage{pYonhap}, true},
		{"unrelated", "The tram line extension was approved by the city council.", []corpus.Passage{pYonhap}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ok, _, best := support(tt.claim, tt.ps)
			if ok != tt.want {
				t.Errorf("support(%q) = %v; want %v (best %q)", tt.claim, ok, tt.want, best)
			}
		})
	}
}
