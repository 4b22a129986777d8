package answer

import (
	"slices"
	"testing"
)

func TestStripPreamble(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"can you tell me", "can you tell me who leads the agency", "who leads the agency"},
		{"tell everyone in the server", "tell everyone in the server whats the latest on the troops", "whats the latest on the troops"},
		{"greeting and does anyone know", "hey, does anyone know when the talks start?", "when the talks start?"},
		{"i want to know", "I want to know how many workers the plant has", "how many workers the plant has"},
		{"pls tell me", "pls tell me what the minister said", "what the minister said"},
		{"plain question unchanged", "who leads the agency", "who leads the agency"},
		{"tell me about is a request, kept", "tell me about the deal", "tell me about the deal"},
		{"nothing would be left", "can you tell me", "can you tell me"},
		{"a yes/no question about knowing is kept whole", "do you know", "do you know"},
		{"greeting alone", "hey when did the deal close", "when did the deal close"},
		{"quick q and thanks", "quick q: did the board accept the offer pls", "did the board accept the offer"},
		{"i was wondering", "i was wondering did the authorities approve the deal thx", "did the authorities approve the deal"},
		{"bot and lol", "hi bot, what will the company be called lol", "what will the company be called"},
		{"question label", "question: which officials are quoted in the coverage??", "which officials are quoted in the coverage??"},
		{"a mention", "<@123456> who leads the agency", "who leads the agency"},
		{"ok so", "ok so did the response get much notice", "did the response get much notice"},
		{"so is a word of the question too", "so what happened next", "what happened next"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stripPreamble(tt.in); got != tt.want {
				t.Errorf("stripPreamble(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCompareTopic(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Do all the outlets say the company has agreed to the bid, or do some hedge?", "say the company has agreed to the bid, ?"},
		{"does every article spell the minister's name the same way", "spell the minister's name"},
		{"how far apart are the two bids", "are the two bids"},
		{"do the outlets agree", "do the outlets agree"}, // nothing left: the question whole
	}
	for _, tt := range tests {
		if got := compareTopic(tt.in); got != tt.want {
			t.Errorf("compareTopic(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOnTopic(t *testing.T) {
	ds := []Discrepancy{
		{Subject: "troops", Figures: []Figure{{Value: "12,000", Unit: "troops"}, {Value: "10,000", Unit: "soldiers"}}},
		{Subject: "shares", Figures: []Figure{{Value: "40", Unit: "shares"}, {Value: "42", Unit: "shares"}}},
	}
	tests := []struct {
		topic string
		want  []string
	}{
		{"troop numbers", []string{"troops", "shares"}},        // a topic about figures keeps all
		{"did they deny sending soldiers", []string{"troops"}}, // names a unit of one
		{"how do they quote the diplomat", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, d := range onTopic(ds, tt.topic) {
			got = append(got, d.Subject)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("onTopic(%q) = %v, want %v", tt.topic, got, tt.want)
		}
	}
}
