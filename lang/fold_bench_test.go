package lang

import (
	"strings"
	"testing"
)

var passage = strings.Repeat("It was the first public comment from a North Korean official since South Korea's spy agency said the North had sent around 12,000 troops to Russia, the U.S. said. ", 6)

func BenchmarkFold(b *testing.B) {
	b.SetBytes(int64(len(passage)))
	for b.Loop() {
		Fold(passage)
	}
}

func BenchmarkWords(b *testing.B) {
	b.SetBytes(int64(len(passage)))
	for b.Loop() {
		Words(passage)
	}
}
