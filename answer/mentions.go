package answer

import (
	"regexp"
	"slices"
)

// liveMentionRE matches the text Discord turns into a ping or a live
// link: @everyone and @here (in any case, to be safe), and user, nickname,
// role and channel mentions (<@id>, <@!id>, <@&id>, <#id>).
var liveMentionRE = regexp.MustCompile(`(?i)@(?:everyone|here)|<(?:@[!&]?|#)\d+>`)

// DefuseMentions returns s with every live Discord mention made plain
// text: its at sign or number sign becomes the full-width form (＠, ＃), so
// "@everyone <@&123>" reads "＠everyone <＠&123>" and pings no one, in
// Discord or in any tool the JSON output is passed to. The text still
// shows what the source or the model wrote. Applying it twice changes
// nothing more.
func DefuseMentions(s string) string {
	if !liveMentionRE.MatchString(s) {
		return s
	}
	return liveMentionRE.ReplaceAllStringFunc(s, func(m string) string {
		if m[0] == '@' {
			return "\uff20" + m[1:]
		}
		if m[1] == '#' {
			return "<\uff03" + m[2:]
		}
		return "<\uff20" + m[2:]
	})
}

// defuseMentions makes the texts of an answer that reach users free of
// live mentions: a hostile article or an obedient model can put
// "@everyone" into them. Slices are copied, never written in place: a
// cached summary shares them with the cache.
func (ans *Answer) defuseMentions() {
	if ans == nil {
		return
	}
	ans.Text = DefuseMentions(ans.Text)
	ans.Unsupported = defuseAll(ans.Unsupported)
}

// defusePoints does for each outlet's quoted points of a comparison what
// defuseMentions does for its Answer (run defuses that, as every answer's).
func (c *Comparison) defusePoints() {
	outlets := slices.Clone(c.Outlets)
	for i, o := range outlets {
		pts := slices.Clone(o.Points)
		for j := range pts {
			pts[j].Text = DefuseMentions(pts[j].Text)
		}
		outlets[i].Points = pts
	}
	c.Outlets = outlets
}

func defuseAll(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = DefuseMentions(s)
	}
	return out
}
