package bot

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/newsbot/newsbot/answer"
	"github.com/newsbot/newsbot/answerlog"
)

// Discord's message limits, counted in characters (runes).
const (
	maxContent     = 2000
	maxEmbeds      = 10
	maxEmbedTitle  = 256
	maxEmbedDesc   = 4096
	maxEmbedFooter = 2048
	maxEmbedAuthor = 256
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxEmbedTotal  = 6000 // all embeds of one message together
	maxComponents  = 5    // action rows
	maxChoices     = 25   // autocomplete
	maxChoiceLen   = 100  // autocomplete choice name and value

	quoteLen = 350 // trimmed quote of a cited passage under an answer
)

// noMentions parses nothing: no @everyone, role or user ping, ever. An empty
// struct would marshal as "parse": null, so the list is explicit.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// mentionDefuser rewrites the text of mentions so that Discord shows them as
// plain text: "@everyone", "@here" and "<@id>", "<@!id>", "<@&id>" get a
// full-width at sign. allowed_mentions already stops every ping; this is
// the second wall, for text that came from users, articles or a model, in
// case a message ever leaves without that list (or a client renders the
// mention anyway). The replacement keeps the character count, so Discord's
// limits, checked before, still hold.
var mentionDefuser = strings.NewReplacer("@everyone", "\uff20everyone", "@here", "\uff20here", "<@", "<\uff20")

// defuse returns s with every mention's text defused (see mentionDefuser).
func defuse(s string) string { return mentionDefuser.Replace(s) }

// message is one Discord message as the bot builds it, before it knows
// whether it goes out as an interaction edit, a follow-up or a channel
// message.
type message struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
}

func (m message) webhookEdit() *discordgo.WebhookEdit {
	embeds := m.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	comps := m.Components
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	c := defuse(m.Content)
	return &discordgo.WebhookEdit{Content: &c, Embeds: &embeds, Components: &comps, AllowedMentions: noMentions()}
}

func (m message) webhookParams(flags discordgo.MessageFlags) *discordgo.WebhookParams {
	return &discordgo.WebhookParams{Content: defuse(m.Content), Embeds: m.Embeds, Components: m.Components,
		AllowedMentions: noMentions(), Flags: flags}
}

func (m message) send(ref *discordgo.MessageReference) *discordgo.MessageSend {
	return &discordgo.MessageSend{Content: defuse(m.Content), Embeds: m.Embeds, Components: m.Components,
		AllowedMentions: noMentions(), Reference: ref}
}

func (m message) edit(channelID, messageID string) *discordgo.MessageEdit {
	e := discordgo.NewMessageEdit(channelID, messageID)
	c := defuse(m.Content)
	embeds := m.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	comps := m.Components
	if comps == nil {
		comps = []discordgo.MessageComponent{}
	}
	e.Content, e.Embeds, e.Components, e.AllowedMentions = &c, &embeds, &comps, noMentions()
	return e
}

func (m message) response(flags discordgo.MessageFlags) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: defuse(m.Content), Embeds: m.Embeds, Components: m.Components,
			AllowedMentions: noMentions(), Flags: flags}}
}

// runes counts characters as Discord does.
func runes(s string) int { return utf8.RuneCountInString(s) }

// trim shortens s to at most limit characters, cutting at a word boundary
// when one is near and marking the cut with "…".
func trim(s string, limit int) string {
	if runes(s) <= limit {
		return s
	}
	if limit <= 1 {
		return string([]rune(s)[:max(limit, 0)])
	}
	r := []rune(s)[:limit-1]
	cut := len(r)
	for i := len(r) - 1; i > len(r)*3/4; i-- {
		if unicode.IsSpace(r[i]) {
			cut = i
			break
		}
	}
	return strings.TrimRightFunc(string(r[:cut]), unicode.IsSpace) + "…"
}

// split cuts text into parts of at most limit characters each, at the last
// paragraph break, else line break, else sentence end, else space before the
// limit, else anywhere (never inside a UTF-8 sequence). Whitespace at a cut
// is dropped; nothing else is. A [n] marker is never cut in two when a space
// is available. Blank text gives no parts.
func split(text string, limit int) []string {
	if limit < 1 {
		limit = 1
	}
	var parts []string
	rest := strings.TrimSpace(text)
	for rest != "" {
		// byte offset just past the limit-th rune
		end := 0
		for n := 0; n < limit && end < len(rest); n++ {
			_, size := utf8.DecodeRuneInString(rest[end:])
			end += size
		}
		if end == len(rest) {
			parts = append(parts, rest)
			break
		}
		window := rest[:end]
		cut := -1
		for _, sep := range []string{"\n\n", "\n", ". ", "? ", "! ", " "} {
			i := strings.LastIndex(window, sep)
			if i <= 0 {
				continue
			}
			c := i + len(strings.TrimRightFunc(sep, unicode.IsSpace)) // keep the punctuation
			if c < len(window)/3 && sep != " " {
				continue // too early: try a finer separator
			}
			cut = c
			break
		}
		if cut <= 0 {
			cut = end
			// do not cut a [n] marker open: back up to its bracket
			if i := strings.LastIndexByte(window, '['); i > 0 && !strings.Contains(window[i:], "]") && end-i < 8 {
				cut = i
			}
		}
		part := strings.TrimRightFunc(rest[:cut], unicode.IsSpace)
		if part == "" { // only whitespace before the cut: cannot happen after TrimSpace, but never loop
			part, cut = rest[:end], end
		}
		parts = append(parts, part)
		rest = strings.TrimLeftFunc(rest[cut:], unicode.IsSpace)
	}
	return parts
}

// embedLen is the size of an embed as Discord counts it against the 6000
// characters of a message.
func embedLen(e *discordgo.MessageEmbed) int {
	n := runes(e.Title) + runes(e.Description)
	if e.Footer != nil {
		n += runes(e.Footer.Text)
	}
	if e.Author != nil {
		n += runes(e.Author.Name)
	}
	for _, f := range e.Fields {
		n += runes(f.Name) + runes(f.Value)
	}
	return n
}

// fitEmbed trims every part of e to Discord's limits, so that it alone fits
// in a message.
func fitEmbed(e *discordgo.MessageEmbed) *discordgo.MessageEmbed {
	e.Title = trim(e.Title, maxEmbedTitle)
	e.Description = trim(e.Description, maxEmbedDesc)
	if e.Footer != nil {
		e.Footer.Text = trim(e.Footer.Text, maxEmbedFooter)
	}
	if e.Author != nil {
		e.Author.Name = trim(e.Author.Name, maxEmbedAuthor)
	}
	if len(e.Fields) > maxFields {
		e.Fields = e.Fields[:maxFields]
	}
	for _, f := range e.Fields {
		f.Name = trim(f.Name, maxFieldName)
		f.Value = trim(f.Value, maxFieldValue)
	}
	if over := embedLen(e) - maxEmbedTotal; over > 0 {
		e.Description = trim(e.Description, max(runes(e.Description)-over, 1))
	}
	return e
}

// pack lays content parts and embeds out over as few messages as the limits
// allow: each content part opens a message, embeds follow on the last one
// while they fit (10 per message, 6000 characters together), then on
// messages of their own. components go on the last message.
func pack(content []string, embeds []*discordgo.MessageEmbed, components []discordgo.MessageComponent) []message {
	var msgs []message
	for _, c := range content {
		msgs = append(msgs, message{Content: c})
	}
	total := 0
	for _, e := range embeds {
		e = fitEmbed(e)
		n := embedLen(e)
		if len(msgs) == 0 || len(msgs[len(msgs)-1].Embeds) >= maxEmbeds || total+n > maxEmbedTotal {
			msgs = append(msgs, message{})
			total = 0
		}
		last := &msgs[len(msgs)-1]
		last.Embeds = append(last.Embeds, e)
		total += n
	}
	if len(msgs) == 0 {
		msgs = append(msgs, message{Content: "(no answer)"})
	}
	msgs[len(msgs)-1].Components = components
	return msgs
}

// checkLimits reports the first Discord limit m breaks, or nil.
func checkLimits(m message) error {
	if runes(m.Content) > maxContent {
		return fmt.Errorf("content %d > %d", runes(m.Content), maxContent)
	}
	if m.Content == "" && len(m.Embeds) == 0 {
		return fmt.Errorf("empty message")
	}
	if len(m.Embeds) > maxEmbeds {
		return fmt.Errorf("%d embeds > %d", len(m.Embeds), maxEmbeds)
	}
	total := 0
	for i, e := range m.Embeds {
		switch {
		case runes(e.Title) > maxEmbedTitle:
			return fmt.Errorf("embed %d title %d > %d", i, runes(e.Title), maxEmbedTitle)
		case runes(e.Description) > maxEmbedDesc:
			return fmt.Errorf("embed %d description %d > %d", i, runes(e.Description), maxEmbedDesc)
		case len(e.Fields) > maxFields:
			return fmt.Errorf("embed %d has %d fields > %d", i, len(e.Fields), maxFields)
		case e.Footer != nil && runes(e.Footer.Text) > maxEmbedFooter:
			return fmt.Errorf("embed %d footer too long", i)
		case e.Author != nil && runes(e.Author.Name) > maxEmbedAuthor:
			return fmt.Errorf("embed %d author too long", i)
		}
		for j, f := range e.Fields {
			if runes(f.Name) > maxFieldName || runes(f.Value) > maxFieldValue {
				return fmt.Errorf("embed %d field %d too long", i, j)
			}
		}
		total += embedLen(e)
	}
	if total > maxEmbedTotal {
		return fmt.Errorf("embeds total %d > %d", total, maxEmbedTotal)
	}
	if len(m.Components) > maxComponents {
		return fmt.Errorf("%d component rows > %d", len(m.Components), maxComponents)
	}
	return nil
}

// Custom ids of the buttons under an answer; the answer id keys them to the
// answer log, so they keep working after a restart.
const (
	idSources    = "nb:src:"
	idHelpful    = "nb:up:"
	idNotHelpful = "nb:down:"
)

// answerButtons are the buttons under an answer: Sources only when sources
// is set (a refusal or an answer citing nothing has no passages to show),
// and the two feedback buttons always, since a refusal can be rated too.
func answerButtons(answerID string, sources bool) []discordgo.MessageComponent {
	var row []discordgo.MessageComponent
	if sources {
		row = append(row, discordgo.Button{Label: "Sources", Style: discordgo.SecondaryButton, CustomID: idSources + answerID})
	}
	row = append(row,
		discordgo.Button{Label: "Helpful", Style: discordgo.SuccessButton, CustomID: idHelpful + answerID,
			Emoji: &discordgo.ComponentEmoji{Name: "👍"}},
		discordgo.Button{Label: "Not helpful", Style: discordgo.SecondaryButton, CustomID: idNotHelpful + answerID,
			Emoji: &discordgo.ComponentEmoji{Name: "👎"}},
	)
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: row}}
}

// Sentences a user sees in place of an answer.
const (
	labelExtractive = "*Extractive answer: no language model configured.*"
	labelFallback   = "*Extractive answer: the language model was unavailable.*"
	labelLexical    = "*Found by word search only: the embeddings service was unavailable.*"
	textRefused     = "The coverage I have does not answer that question."
)

// renderAnswer lays out a final answer: the text with its [n] markers (a
// mode label first when extractive), then one embed per cited source, and
// the buttons when the answer is logged under answerID ("" = no buttons).
// A refused answer, or one that cites nothing, gets no Sources button.
func renderAnswer(a *answer.Answer, answerID string) []message {
	var b strings.Builder
	switch {
	case a.Mode == answer.ModeExtractive && a.Fallback != "":
		b.WriteString(labelFallback + "\n")
	case a.Mode == answer.ModeExtractive && !a.Refused:
		b.WriteString(labelExtractive + "\n")
	}
	if a.LexicalOnly && !a.Refused {
		b.WriteString(labelLexical + "\n")
	}
	text := strings.TrimSpace(a.Text)
	if text == "" && a.Refused {
		text = textRefused
	}
	if text == "" {
		text = "(empty answer)"
	}
	b.WriteString(text)
	if len(a.Unsupported) > 0 && !a.Refused {
		// Claims no passage backs are marked, never silently left uncited.
		var qs []string
		for _, u := range a.Unsupported[:min(len(a.Unsupported), 5)] {
			qs = append(qs, "“"+trim(oneLine(u), 200)+"”")
		}
		if len(a.Unsupported) > 5 {
			qs = append(qs, fmt.Sprintf("and %d more", len(a.Unsupported)-5))
		}
		b.WriteString("\n\n-# ⚠️ Not supported by a cited passage: " + strings.Join(qs, " · "))
	}
	var embeds []*discordgo.MessageEmbed
	if !a.Refused {
		for _, c := range a.Citations {
			embeds = append(embeds, sourceEmbed(c))
		}
	}
	var comps []discordgo.MessageComponent
	if answerID != "" {
		comps = answerButtons(answerID, !a.Refused && len(a.Citations) > 0)
	}
	return pack(split(b.String(), maxContent), embeds, comps)
}

// sourceEmbed shows one cited source: [n] title (linked), outlet and date,
// and the supporting sentence or the start of the passage as a quote.
func sourceEmbed(c answer.Citation) *discordgo.MessageEmbed {
	p := c.Hit.Passage
	title := p.Title
	if title == "" {
		title = p.ArticleID
	}
	quote := c.Sentence
	if quote == "" {
		quote = p.Text
	}
	e := &discordgo.MessageEmbed{
		Title:       fmt.Sprintf("[%d] %s", c.N, title),
		URL:         safeURL(p.URL),
		Description: "> " + strings.ReplaceAll(trim(oneLine(quote), quoteLen), "\n", "\n> "),
		Footer:      &discordgo.MessageEmbedFooter{Text: outletDate(p.Outlet, p.Date()) + quoteDates(trim(oneLine(quote), quoteLen), p.Published)},
	}
	return fitEmbed(e)
}

// quoteDates reads the quote's relative dates ("on Monday") against the
// article's date, for the footer: " · on Monday = 2024-10-21".
func quoteDates(quote string, published time.Time) string {
	var b strings.Builder
	for _, d := range answer.ResolveDates(quote, published) {
		fmt.Fprintf(&b, " · %s = %s", d.Phrase, d.Date)
	}
	return b.String()
}

func outletDate(outlet, date string) string {
	switch {
	case outlet == "" && date == "":
		return "source"
	case outlet == "":
		return date
	case date == "":
		return outlet
	}
	return outlet + " · " + date
}

// safeURL keeps only http(s) links; Discord rejects an embed with anything
// else.
func safeURL(u string) string {
	if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		return u
	}
	return ""
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// renderStreaming shows a partial answer while the model writes: the text so
// far, cut to fit one message, with a marker that more is coming.
func renderStreaming(text string) message {
	text = strings.TrimSpace(text)
	if runes(text) > maxContent-40 {
		r := []rune(text)
		text = string(r[:maxContent-40])
	}
	return message{Content: text + " …\n-# writing…"}
}

// renderPassages shows a logged answer's passages in full for the Sources
// button and Show sources: one embed per passage, cited ones first, with its
// scores when detailed (moderators), plus a header with the model, prompt
// version and mode when detailed.
func renderPassages(rec *answerlog.Record, detailed bool) []message {
	cited := map[string]int{}
	for _, c := range rec.Citations {
		cited[c.ChunkID] = c.N
	}
	var embeds []*discordgo.MessageEmbed
	add := func(p answerlog.Passage, n int) {
		title := p.Title
		if title == "" {
			title = p.ArticleID
		}
		if n > 0 {
			title = fmt.Sprintf("[%d] %s", n, title)
		} else {
			title = "(not cited) " + title
		}
		e := &discordgo.MessageEmbed{Title: title, URL: safeURL(p.URL), Description: p.Text,
			Footer: &discordgo.MessageEmbedFooter{Text: outletDate(p.Outlet, p.Published)}}
		if detailed {
			e.Footer.Text += fmt.Sprintf(" · %s · score %.4f (dense %.3f, lexical %.2f)", p.ChunkID, p.Score, p.DenseScore, p.LexicalScore)
		}
		embeds = append(embeds, e)
	}
	for _, c := range rec.Citations {
		for _, p := range rec.Passages {
			if p.ChunkID == c.ChunkID {
				add(p, c.N)
				break
			}
		}
	}
	if detailed {
		for _, p := range rec.Passages {
			if _, ok := cited[p.ChunkID]; !ok {
				add(p, 0)
			}
		}
	}
	var head strings.Builder
	if detailed {
		model := rec.Model
		if model == "" {
			model = "none"
		}
		fmt.Fprintf(&head, "**Answer %s** · %s · %s\nmode %s · model %s · prompt %s · %d passages retrieved, %d cited · %s",
			rec.ID, rec.Kind, rec.Created.UTC().Format("2006-01-02 15:04 UTC"), rec.Mode, model, rec.PromptVersion,
			len(rec.Passages), len(rec.Citations), rec.Timings.Total.Round(1e6))
		if rec.Fallback != "" {
			fmt.Fprintf(&head, "\nfallback: %s", rec.Fallback)
		}
		if rec.Reason != "" {
			fmt.Fprintf(&head, "\ndecision: %s", rec.Reason)
		}
		if h, n := rec.Votes(); h+n > 0 {
			fmt.Fprintf(&head, "\nfeedback: %d helpful, %d not helpful", h, n)
		}
		q := rec.Question
		if rec.Standalone != "" && rec.Standalone != rec.Question {
			q += "\n(searched as: " + rec.Standalone + ")"
		}
		fmt.Fprintf(&head, "\nquestion: %s", q)
	} else if len(embeds) == 0 {
		head.WriteString("This answer cites no passages.")
	} else {
		head.WriteString("The passages this answer cites, in full:")
	}
	return pack(split(head.String(), maxContent), embeds, nil)
}
