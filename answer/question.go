package answer

import "strings"

// Empty reports whether q has no words to answer (blank, or only emoji,
// punctuation and symbols): Ask and Compare return ErrEmptyQuestion for
// it, so a caller can turn it away before any work.
func Empty(q string) bool {
	return len(words(clip(strings.TrimSpace(q), maxQuestion))) == 0
}
