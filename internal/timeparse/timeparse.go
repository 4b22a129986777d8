// Package timeparse reads a date written in one of several layouts, as
// feeds and web pages write them.
package timeparse

import (
	"strings"
	"time"
)

// First returns s parsed with the first of layouts that reads it, or the
// zero time when none does (or s is blank).
func First(s string, layouts []string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
