package timeparse

import (
	"testing"
	"time"
)

func TestFirst(t *testing.T) {
	layouts := []string{time.RFC1123Z, time.RFC3339, time.DateOnly}
	for _, tt := range []struct {
		in   string
		want time.Time
	}{
		{"Mon, 21 Oct 2024 09:30:00 +0000", time.Date(2024, 10, 21, 9, 30, 0, 0, time.UTC)},
		{" 2024-10-22T08:00:00Z ", time.Date(2024, 10, 22, 8, 0, 0, 0, time.UTC)},
		{"2024-10-23", time.Date(2024, 10, 23, 0, 0, 0, 0, time.UTC)},
		{"last Tuesday", time.Time{}},
		{"", time.Time{}},
	} {
		if got := First(tt.in, layouts); !got.Equal(tt.want) {
			t.Errorf("First(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
