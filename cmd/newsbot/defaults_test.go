package main

import (
	"testing"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/config"
)

// TestRelevanceDefaultsAgree: config keeps its own copy of the relevance
// decision's defaults (it imports nothing of the module); they must be the
// answerer's.
func TestRelevanceDefaultsAgree(t *testing.T) {
	c := config.Default(func(string) string { return "" })
	if c.MinRelevance != answer.DefaultMinRelevance || c.ModelMinRelevance != answer.DefaultModelMinRelevance {
		t.Errorf("config defaults %v/%v; answer's %v/%v", c.MinRelevance, c.ModelMinRelevance,
			answer.DefaultMinRelevance, answer.DefaultModelMinRelevance)
	}
}
