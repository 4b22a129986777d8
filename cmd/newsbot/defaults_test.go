package main

import (
	"testing"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/config"
)

// TestDefaultsAgree: config keeps its own copy of the answerer's defaults
// (it imports nothing of the module) for `newsbot config` to show; they
// must be the answerer's. (The bot keeps none: bot.Limits comes from
// config alone.)
func TestDefaultsAgree(t *testing.T) {
	c := config.Default(func(string) string { return "" })
	if c.TopK != answer.DefaultTopK {
		t.Errorf("config top_k default %d; answer's %d", c.TopK, answer.DefaultTopK)
	}
	if c.MinRelevance != answer.DefaultMinRelevance || c.ModelMinRelevance != answer.DefaultModelMinRelevance {
		t.Errorf("config defaults %v/%v; answer's %v/%v", c.MinRelevance, c.ModelMinRelevance,
			answer.DefaultMinRelevance, answer.DefaultModelMinRelevance)
	}
}
