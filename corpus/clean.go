package corpus

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// CaptionPrefix marks a photo caption in cleaned text: Clean keeps captions
// (they often carry facts) but starts their paragraph with this marker so
// that answers can tell them from the article's own text. It is the only
// text Clean ever adds.
const CaptionPrefix = "[Caption] "

// Normalize folds text into the form Clean and the indexes work on: valid
// UTF-8 in NFKC, curly quotes and primes as ASCII ' and ", every dash as
// "-", no-break and other spaces as " ", zero-width characters and soft
// hyphens removed, line ends as "\n", runs of spaces folded to one, lines
// trimmed, and runs of blank lines folded to one blank line (a paragraph
// break stays "\n\n"). It never adds words.
func Normalize(s string) string {
	s = strings.ToValidUTF8(s, " ")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(mapRune, s) // before NFKC, so removed characters cannot block composition
	s = norm.NFKC.String(s)
	s = strings.Map(mapRune, s) // after NFKC, which turns some symbols into primes and spaces

	var b strings.Builder
	b.Grow(len(s))
	blank := 0 // blank lines seen since the last text line
	wrote := false
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.Join(strings.FieldsFunc(line, func(r rune) bool { return r == ' ' }), " ")
		if line == "" {
			blank++
			continue
		}
		if wrote {
			b.WriteByte('\n')
			if blank > 0 {
				b.WriteByte('\n')
			}
		}
		b.WriteString(line)
		wrote, blank = true, 0
	}
	return b.String()
}

// mapRune is Normalize's per-character mapping; -1 drops the rune.
func mapRune(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032', '\u2035', '\u02bc', '\uff07':
		return '\''
	case '\u201c', '\u201d', '\u201e', '\u201f', '\u2033', '\u2036', '\u00ab', '\u00bb', '\uff02':
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\ufe58', '\ufe63', '\uff0d':
		return '-'
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return -1
	case '\r', '\u2028', '\u2029', '\u0085':
		return '\n'
	case '\n':
		return r
	}
	if unicode.IsSpace(r) || unicode.IsControl(r) {
		return ' '
	}
	return r
}

// Clean turns a page's text into the article's text: it normalises it
// (Normalize), removes site chrome and keeps the article. Chrome is
// recognised by its shape, not by site:
//   - navigation and accessibility links ("Skip to content", "Quick access
//     to main page"), menus of short items split by "|";
//   - lists of other stories after a heading such as "Latest Stories",
//     "You May Also Like", "Popular Now", "Must-Reads", "Related",
//     "Read more", with their bullets, numbers and section labels, up to
//     the next line of prose;
//   - comment widgets ("Comments0", "3 comments", lone counters), share
//     buttons ("Share it on...", "Facebook Twitter Email"), ads,
//     newsletter and "follow us" prompts, copyright footers;
//   - bylines and sign-offs that are not text: lone agency or site names
//     ("Yonhap News", "inews24"), e-mail addresses, URLs, "By Jane Doe",
//     "(Reporting by ...)", photo credits ("Photo: 112.ua") and dateline
//     stamps such as a leading "date 2024-10-22";
//   - a credit such as "(Yonhap)" after the last sentence of the text.
//
// A photo caption (a paragraph, or the unterminated end of one, followed
// by a credit like "(UN Web TV)" or "- Copyright AFP/File") becomes its own
// paragraph starting with CaptionPrefix, its credit kept: who took or
// supplied the photo is something readers ask.
//
// Paragraphs are separated by "\n\n". A line break inside a paragraph is
// kept as a paragraph break, except a hard wrap (a line of 60 or more bytes
// not ending a sentence, or a line followed by one starting in lower case),
// which becomes a space. Clean never adds text other than CaptionPrefix:
// every word of its result is a word of Normalize(raw).
func Clean(raw string) string {
	lines := strings.Split(Normalize(raw), "\n")
	kept := make([]string, len(lines)) // "" for blank or dropped lines
	inList := false
	for i, l := range lines {
		if l == "" {
			continue
		}
		if isListHeading(l) {
			inList = true
			continue
		}
		if inList {
			if isProse(l) {
				inList = false
			} else {
				continue
			}
		}
		kept[i] = cleanLine(l)
	}

	// Paragraphs: lines split by a blank or dropped line, or a line break
	// that is not a hard wrap.
	var paras []string
	cur := ""
	for i, l := range kept {
		if l == "" {
			if cur != "" {
				paras = append(paras, cur)
				cur = ""
			}
			continue
		}
		switch {
		case cur == "":
			cur = l
		case i > 0 && kept[i-1] != "" && isHardWrap(kept[i-1], l):
			cur += " " + l
		default:
			paras = append(paras, cur)
			cur = l
		}
	}
	if cur != "" {
		paras = append(paras, cur)
	}

	var out []string
	for i, p := range paras {
		out = append(out, captionOrSignOff(p, i == len(paras)-1)...)
	}
	return strings.Join(out, "\n\n")
}

// agencies are news agencies whose name alone on a line, or in parentheses
// after the text, is a credit rather than text.
const agencies = `yonhap(?: news(?: agency)?)?|reuters|afp|ap|associated press|agence france-presse|xinhua|kyodo(?: news)?|tass|ria novosti|interfax|upi|efe|ansa|dpa|bloomberg|newsis|news1|bernama|antara|pti|ani|ians|anadolu(?: agency)?|kcna|kctv|unian|ukrinform|bbc|cnn|nhk`

var (
	reListHeading = regexp.MustCompile(`(?i)^(?:\[[^\]]{1,30}\]\s*)?(?:latest(?: stories| news| articles| headlines)?|you may (?:also )?like|you might (?:also )?like|popular(?: now| stories| news)?|most (?:popular|read|viewed|shared)|must[- ]?reads?|related(?: stories| articles| news| coverage| content| posts)?|read (?:more|also|next)|more (?:stories|news|from [\w .]{1,30})|recommended(?: stories| for you| articles)?|trending(?: now| stories| news)?|top (?:stories|news|headlines)|editor'?s'? picks?|also read|see also|what to read next|in other news|(?:more )?headlines)\s*:?$`)

	reNav      = regexp.MustCompile(`(?i)^(?:skip|jump|go|quick access|direct access|move|back)\s+to\s+(?:the\s+)?(?:main|content|contents|navigation|nav|top|bottom|search|footer|menu|home)\b`)
	reComments = regexp.MustCompile(`(?i)^(?:\d+\s*)?(?:comments?|replies|reactions)\s*[(\[]?\s*\d*\s*[)\]]?$|^(?:leave|add|post|write|view|show|hide|load|read)\s+(?:a\s+|all\s+|more\s+|the\s+)?(?:\d+\s+)?comments?$`)
	reCounter  = regexp.MustCompile(`^[\d,.]{1,9}[kKmM]?$|^\d{1,3}[.)]$`)
	reEmail    = regexp.MustCompile(`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`)
	reURL      = regexp.MustCompile(`^(?:https?://|www\.)\S+$`)
	reAgency   = regexp.MustCompile(`(?i)^\(?(?:` + agencies + `)\)?$`)
	reBrand    = regexp.MustCompile(`^(?:[a-z][a-z0-9-]*\d[a-z0-9-]*|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,6})$`)
	reByline   = regexp.MustCompile(`^(?i:by)\s+[A-Z][\w.'-]*,?(?:\s+(?:[A-Z][\w.'-]*,?|and|&|de|van|von|la|le))*$`)
	reStaff    = regexp.MustCompile(`(?i)^\(?(?:(?:additional )?reporting|writing|editing|compiled|translated|translation) by\b[^)]*\)?\.?$`)
	reCredit   = regexp.MustCompile(`(?i)^(?:photos?|photograph|image|picture|video|graphic|illustration|credit|source)\s*(?:by|:|courtesy of|credit\s*:?)\s*`)
	reRights   = regexp.MustCompile(`(?i)^(?:©|\(c\)|copyright\b)|all rights reserved|reproduction[\w ,-]*prohibited|redistribution[\w ,-]*prohibited|without (?:prior )?(?:written )?permission`)
	reFiller   = regexp.MustCompile(`(?i)^(?:advertisement|advertising|ad|sponsored(?: content)?|scroll to (?:continue|read)(?: with content)?|continue reading|read (?:more|the full (?:story|article))|subscribe(?: now| today)?|sign up\b.*|follow us\b.*|click here\b.*|listen to (?:this )?(?:article|story)\b.*|tags?\s*:.*|keywords?\s*:.*|topics?\s*:.*|font size\b.*|print(?: this)?(?: article| page)?|copy(?: the)? (?:link|url)|save(?: article)?|bookmark|close|menu|search|home)\.{0,3}$`)
	reRule     = regexp.MustCompile(`^[-=_*#~.|:/\\•·▪◦‣●○■□◆◇>]+$`)
	reLoneDate = regexp.MustCompile(`(?i)^(?:(?:date|published|updated|posted|last updated|first published|modified)\s*:?\s*)?` + dateTime + `$`)
	reDateline = regexp.MustCompile(`(?i)^(?:date|published|updated|posted|last updated|first published|modified)\s*:?\s*` + dateTime + `\s+`)
	reBullet   = regexp.MustCompile(`^[-*•·▪◦‣●○■□◆◇>]\s*`)

	reParenCredit = regexp.MustCompile(`\s*\(([^()]{1,60})\)$`)
	reCreditWord  = regexp.MustCompile(`(?i)\b(?:photo|photos|tv|images?|file|pool|handout|courtesy|getty|epa|screenshot|capture|footage|` + agencies + `)\b|/`)
	reDashCredit  = regexp.MustCompile(`(?i)(?:\s+[-|/]\s+|\s*)(?:copyright\b|©|\(c\)\s|photo\s*(?::|by\b)|image\s*(?::|by\b)|credit\s*:|source\s*:)[^.!?]{0,80}$`)
	reCaptionLbl  = regexp.MustCompile(`(?i)^(?:caption|photo|image|picture)\s*:\s*`)
)

// dateTime matches the date stamps of article pages: 2024-10-22, 2024.10.22,
// 22/10/2024, Oct. 22, 2024, 22 October 2024, optionally with a time.
const dateTime = `(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4})(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[ap]\.?m\.?|kst|gmt|utc|cet|est|edt|pst|[+-]\d{2}:?\d{2}))?)?`

// shareWords make up share-button lines; shareKeys are the words that must
// occur in one.
var (
	shareWords = setOf("share", "shares", "shared", "it", "this", "article", "story", "on", "via", "to", "facebook", "twitter", "x", "linkedin", "whatsapp", "telegram", "email", "e-mail", "mail", "print", "copy", "link", "url", "reddit", "pinterest", "kakaotalk", "kakao", "naver", "band", "line", "tweet", "messenger", "sms", "flipboard", "tumblr", "vk", "weibo", "wechat", "threads", "bluesky", "mastodon", "more", "save", "bookmark", "comment", "comments", "font", "size")
	shareKeys  = setOf("share", "tweet", "facebook", "twitter", "linkedin", "whatsapp", "telegram", "email", "e-mail", "kakaotalk", "reddit", "pinterest")
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// words splits a line into words: runs of letters, digits and the
// characters that join them inside words.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\''
	})
}

// isListHeading reports a heading that opens a list of other stories.
func isListHeading(l string) bool {
	return len(l) <= 60 && reListHeading.MatchString(l)
}

// isProse reports a line of running text: it ends a sentence with a full
// stop and is long enough to be more than a headline. Lists of other
// stories end at such a line.
func isProse(l string) bool {
	l = strings.TrimRight(l, `"')`)
	return strings.HasSuffix(l, ".") && !strings.HasSuffix(l, "...") && len(strings.Fields(l)) >= 8
}

// cleanLine returns the line without chrome, "" when it is all chrome.
func cleanLine(l string) string {
	if reLoneDate.MatchString(l) {
		return ""
	}
	if loc := reDateline.FindStringIndex(l); loc != nil {
		l = l[loc[1]:]
	}
	ws := strings.Fields(l)
	n := len(ws)
	switch {
	case reRule.MatchString(l),
		reComments.MatchString(l),
		reCounter.MatchString(l),
		reURL.MatchString(l),
		reAgency.MatchString(l),
		reStaff.MatchString(l) && n <= 30,
		reFiller.MatchString(l) && n <= 12,
		reNav.MatchString(l) && n <= 30 && !strings.Contains(l, ". "),
		reEmail.MatchString(l) && n <= 6,
		reByline.MatchString(l) && n <= 8,
		reRights.MatchString(l) && n <= 30,
		reCredit.MatchString(l) && len(words(l[len(reCredit.FindString(l)):])) <= 6,
		n <= 3 && reBrand.MatchString(ws[0]),
		isMenu(l),
		isShare(l):
		return ""
	}
	return l
}

// isMenu reports a line of at least three short items split by "|".
func isMenu(l string) bool {
	items := strings.Split(l, "|")
	if len(items) < 3 {
		return false
	}
	for _, it := range items {
		if len(strings.Fields(it)) > 3 {
			return false
		}
	}
	return true
}

// isShare reports a line made only of share-button words.
func isShare(l string) bool {
	ws := words(strings.ToLower(l))
	if len(ws) == 0 || len(ws) > 10 {
		return false
	}
	key := false
	for _, w := range ws {
		if !shareWords[w] {
			return false
		}
		key = key || shareKeys[w]
	}
	return key
}

// isHardWrap reports whether next continues prev's paragraph.
func isHardWrap(prev, next string) bool {
	if endsSentence(prev) || strings.HasPrefix(prev, CaptionPrefix) || reBullet.MatchString(next) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(next)
	return unicode.IsLower(r) || len(prev) >= 60
}

// endsSentence reports text ending with sentence punctuation, possibly
// followed by closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, `"')]`)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, ":") || strings.HasSuffix(s, ";")
}

// captionOrSignOff handles a paragraph's trailing credit: after the last
// paragraph's last sentence it is a sign-off and goes; elsewhere it marks
// a photo caption. It returns the paragraphs p becomes.
func captionOrSignOff(p string, last bool) []string {
	if strings.HasPrefix(p, CaptionPrefix) {
		return []string{p}
	}
	if loc := reCaptionLbl.FindStringIndex(p); loc != nil && len(strings.Fields(p[loc[1]:])) > 6 {
		return []string{CaptionPrefix + p[loc[1]:]}
	}
	body, credit, tail := "", false, ""
	if loc := reDashCredit.FindStringIndex(p); loc != nil && loc[0] > 0 {
		body, credit, tail = strings.TrimSpace(p[:loc[0]]), true, p[loc[0]:]
	} else if m := reParenCredit.FindStringSubmatchIndex(p); m != nil && m[0] > 0 && isCredit(p[m[2]:m[3]]) {
		body = strings.TrimSpace(p[:m[0]])
		if endsSentence(body) && (last || len(Sentences(body)) > 1) {
			return []string{body} // a sign-off such as "(Yonhap)"
		}
		credit, tail = true, p[m[0]:]
	}
	if !credit || body == "" {
		return []string{p}
	}
	tail = strings.TrimRight(tail, " \t")
	// The caption is the last sentence before the credit; any sentences
	// before it are text the caption was glued to.
	ss := Sentences(body)
	if len(ss) <= 1 {
		return []string{CaptionPrefix + body + tail}
	}
	cap := ss[len(ss)-1]
	return []string{strings.TrimSpace(body[:cap.Start]), CaptionPrefix + body[cap.Start:cap.End] + tail}
}

// isCredit reports parenthesised text that credits a photo or an agency:
// a few capitalised words naming an agency or a picture source.
func isCredit(s string) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 || len(ws) > 6 || strings.ContainsAny(s, ",;") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return (unicode.IsUpper(r) || unicode.IsDigit(r)) && reCreditWord.MatchString(s)
}
