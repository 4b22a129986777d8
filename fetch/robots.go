package fetch

import (
	"bufio"
	"bytes"
	"strings"
)

// robots is the part of a robots.txt (RFC 9309) that applies to newsbot:
// the rules of the group naming its product token, else of the "*" group.
type robots struct {
	rules []robotsRule
}

type robotsRule struct {
	allow bool
	path  string // prefix; may hold '*' wildcards and end in '$'
}

// parseRobots reads a robots.txt for the product token agent ("newsbot").
func parseRobots(data []byte, agent string) robots {
	agent = strings.ToLower(agent)
	type group struct {
		agents []string
		rules  []robotsRule
	}
	var groups []*group
	var cur *group
	lastWasAgent := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 512*1024)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		switch key {
		case "user-agent":
			if cur == nil || !lastWasAgent {
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(val))
			lastWasAgent = true
		case "allow", "disallow":
			lastWasAgent = false
			if cur == nil || val == "" && key == "disallow" { // "Disallow:" allows all
				continue
			}
			cur.rules = append(cur.rules, robotsRule{allow: key == "allow", path: val})
		default:
			lastWasAgent = false
		}
	}
	var star *group
	var mine []robotsRule
	found := false
	for _, g := range groups {
		for _, a := range g.agents {
			switch {
			case a == "*":
				if star == nil {
					star = g
				}
			case a != "" && strings.HasPrefix(agent, a):
				mine = append(mine, g.rules...) // RFC 9309: matching groups combine
				found = true
			}
		}
	}
	if found {
		return robots{rules: mine}
	}
	if star != nil {
		return robots{rules: star.rules}
	}
	return robots{}
}

// allowed reports whether path (with its query) may be fetched: the longest
// matching rule wins, allow winning a tie; no match allows.
func (r robots) allowed(path string) bool {
	if path == "/robots.txt" {
		return true
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if n := matchRobots(rule.path, path); n > best || n == best && rule.allow {
			if n >= 0 {
				best, allow = n, rule.allow
			}
		}
	}
	return allow
}

// matchRobots returns the pattern's length if it matches path from its
// start ('*' any run, a final '$' the end), else -1.
func matchRobots(pattern, path string) int {
	anchored := strings.HasSuffix(pattern, "$")
	p := strings.TrimSuffix(pattern, "$")
	parts := strings.Split(p, "*")
	pos := 0
	for i, part := range parts {
		if i == 0 {
			if !strings.HasPrefix(path, part) {
				return -1
			}
			pos = len(part)
			continue
		}
		j := strings.Index(path[pos:], part)
		if j < 0 {
			return -1
		}
		pos += j + len(part)
	}
	if anchored && pos != len(path) {
		if len(parts) > 1 && strings.HasSuffix(path, parts[len(parts)-1]) {
			return len(pattern)
		}
		return -1
	}
	return len(pattern)
}
