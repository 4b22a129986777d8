package answer

import (
	"strings"
	"testing"
)

func TestDefuseMentions(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"everyone", "@everyone look", "\uff20everyone look"},
		{"here, any case", "@Here and @HERE", "\uff20Here and \uff20HERE"},
		{"user", "ask <@123456789012345678>", "ask <\uff20123456789012345678>"},
		{"nickname", "<@!42> said", "<\uff20!42> said"},
		{"role", "@everyone <@&123> The troops", "\uff20everyone <\uff20&123> The troops"},
		{"channel", "see <#987>", "see <\uff03987>"},
		{"not a mention", "email a@b.org, <@abc>, <#general>, 5 @ 3", "email a@b.org, <@abc>, <#general>, 5 @ 3"},
		{"plain text", "The troops arrived [1].", "The troops arrived [1]."},
		{"already defused", "\uff20everyone <\uff20&1>", "\uff20everyone <\uff20&1>"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := DefuseMentions(tt.in)
			if got != tt.want {
				t.Errorf("DefuseMentions(%q) = %q; want %q", tt.in, got, tt.want)
			}
			if liveMentionRE.MatchString(got) {
				t.Errorf("DefuseMentions(%q) = %q still mentions", tt.in, got)
			}
			if DefuseMentions(got) != got {
				t.Errorf("DefuseMentions is not idempotent on %q", tt.in)
			}
		})
	}
}

// TestDefuseMentionsCopies: defusing a cached answer's copy leaves the
// cache's slices as they were.
func TestDefuseMentionsCopies(t *testing.T) {
	shared := []string{"@everyone unsupported"}
	cached := Answer{Text: "@here [1]", Unsupported: shared}
	cp := cached
	cp.defuseMentions()
	if shared[0] != "@everyone unsupported" || cached.Text != "@here [1]" {
		t.Errorf("defusing a copy wrote into the original: %q, %q", shared[0], cached.Text)
	}
	if strings.Contains(cp.Text+cp.Unsupported[0], "@") {
		t.Errorf("copy not defused: %q, %q", cp.Text, cp.Unsupported)
	}
	c := &Comparison{Outlets: []OutletReport{{Outlet: "X", Points: []Point{{Text: "@everyone", N: 1}}}}}
	orig := c.Outlets[0].Points
	c.defusePoints()
	if orig[0].Text != "@everyone" || c.Outlets[0].Points[0].Text != "\uff20everyone" {
		t.Errorf("comparison: %+v (original points %+v)", c, orig)
	}
}
