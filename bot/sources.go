package bot

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/newsbot/newsbot/corpus"
)

// isModerator reports whether the member who made i may use moderator
// commands: Manage Messages or Administrator in the channel, or one of
// Options.ModeratorRoles. Discord's default_member_permissions can be
// overridden by server admins, so the bot checks itself.
func (b *Bot) isModerator(i *discordgo.Interaction) bool {
	if i.Member == nil || i.GuildID == "" {
		return false
	}
	if i.Member.Permissions&(discordgo.PermissionManageMessages|discordgo.PermissionAdministrator) != 0 {
		return true
	}
	for _, r := range i.Member.Roles {
		if slices.Contains(b.opts.ModeratorRoles, r) {
			return true
		}
	}
	return false
}

func (b *Bot) onShowSources(i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	if !b.isModerator(i) {
		b.reply(i, msgNotMod, true)
		return
	}
	ctx, cancel := context.WithTimeout(b.base, 2*time.Second)
	defer cancel()
	rec := b.lookup(ctx, i, "show sources", data.TargetID, Store.ByMessage)
	if rec == nil {
		return
	}
	b.replyMessages(i, renderPassages(rec, true), true)
}

// onSources is the moderator command: list, article, search, add, remove
// (the last two in coverage.go).
func (b *Bot) onSources(i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData) {
	if !b.isModerator(i) {
		b.reply(i, msgNotMod, true)
		return
	}
	if b.opts.Library == nil && (len(data.Options) == 0 || data.Options[0].Name != "add") {
		b.reply(i, msgNoCoverage, true)
		return
	}
	if len(data.Options) == 0 {
		b.reply(i, msgSourcesHelp, true)
		return
	}
	sub := data.Options[0]
	switch sub.Name {
	case "list":
		b.deferThen(i, true, func(context.Context) ([]message, error) { return b.renderList(), nil })
	case "article":
		id := strings.TrimSpace(optString(sub.Options, "id"))
		b.deferThen(i, true, func(context.Context) ([]message, error) { return b.renderArticle(id), nil })
	case "search":
		q := strings.TrimSpace(optString(sub.Options, "query"))
		// A lookup, not a question: no rate limit or queue, but the same
		// text checks.
		if q == "" {
			b.reply(i, pleaseAsk("`/sources search query: "+cmp.Or(b.exampleTopic(), "a few words from an article")+"`"), true)
			return
		}
		if msg := b.tooLong(q); msg != "" {
			b.reply(i, msg, true)
			return
		}
		b.deferThen(i, true, func(ctx context.Context) ([]message, error) { return b.renderSearch(ctx, q) })
	case "add":
		b.onSourcesAdd(i, optString(sub.Options, "url"))
	case "remove":
		b.onSourcesRemove(i, optString(sub.Options, "id"))
	default:
		b.reply(i, msgUnknownSub, true)
	}
}

// article is one article as the Library's passages describe it.
type article struct {
	ID, Title, Outlet, Date, URL string
	Passages                     []corpus.Passage
}

// articles groups the library's passages by article, sorted by id. It is
// cached for a minute, since autocomplete asks on every keystroke.
func (b *Bot) articles() []article {
	if b.opts.Library == nil {
		return nil
	}
	b.artMu.Lock()
	defer b.artMu.Unlock()
	if b.artList != nil && time.Since(b.artTime) < time.Minute {
		return b.artList
	}
	byID := map[string]*article{}
	for _, p := range b.opts.Library.Passages() {
		a := byID[p.ArticleID]
		if a == nil {
			a = &article{ID: p.ArticleID, Title: p.Title, Outlet: p.Outlet, Date: p.Date(), URL: p.URL}
			byID[p.ArticleID] = a
		}
		a.Passages = append(a.Passages, p)
	}
	list := make([]article, 0, len(byID))
	for _, a := range byID {
		sort.Slice(a.Passages, func(x, y int) bool { return a.Passages[x].Ordinal < a.Passages[y].Ordinal })
		list = append(list, *a)
	}
	sort.Slice(list, func(x, y int) bool { return list[x].ID < list[y].ID })
	b.artList, b.artTime = list, time.Now()
	return list
}

// articleCache holds Bot.articles' result.
type articleCache struct {
	artMu   sync.Mutex
	artList []article
	artTime time.Time
}

// exampleTopic is a topic from the coverage loaded now, for the examples
// users are shown: the title of the most recently published article
// (ties broken by id), on one line, without backticks (the examples are
// code spans) and trimmed. It is "" when no coverage is loaded, and then
// the examples are neutral.
func (b *Bot) exampleTopic() string {
	title, date := "", ""
	for _, a := range b.articles() { // sorted by id
		if strings.TrimSpace(a.Title) != "" && (title == "" || a.Date > date) {
			title, date = a.Title, a.Date
		}
	}
	return trim(oneLine(strings.ReplaceAll(title, "`", "'")), 80)
}

// exampleQuestion is an example question about the coverage loaded now,
// or a neutral one when none is.
func (b *Bot) exampleQuestion() string {
	if t := b.exampleTopic(); t != "" {
		return "What does the coverage say about “" + t + "”?"
	}
	return "What are the main stories in the coverage?"
}

// onAutocomplete offers article titles for /summary article and /sources
// article id: at most 25, matching what was typed, answered at once (an
// autocomplete cannot be deferred).
func (b *Bot) onAutocomplete(i *discordgo.Interaction) {
	data := i.ApplicationCommandData()
	focused := focusedOption(data.Options)
	typed := ""
	if focused != nil {
		typed, _ = focused.Value.(string)
	}
	typed = strings.ToLower(strings.TrimSpace(typed))
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	for _, a := range b.articles() {
		if len(choices) == maxChoices {
			break
		}
		if runes(a.ID) > maxChoiceLen {
			continue
		}
		if typed != "" && !strings.Contains(strings.ToLower(a.Title+" "+a.ID+" "+a.Outlet), typed) {
			continue
		}
		name := a.Title
		if name == "" {
			name = a.ID
		}
		if meta := outletDate(a.Outlet, a.Date); a.Outlet != "" || a.Date != "" {
			name += " (" + meta + ")"
		}
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: trim(name, maxChoiceLen), Value: a.ID})
	}
	if err := b.api.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}); err != nil {
		b.log.Error("autocomplete", "interaction", i.ID, "err", err)
	}
}

func focusedOption(opts []*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range opts {
		if o.Focused {
			return o
		}
		if f := focusedOption(o.Options); f != nil {
			return f
		}
	}
	return nil
}

// maxListMessages bounds the messages one moderator listing sends.
const maxListMessages = 4

func capMessages(msgs []message, what string) []message {
	if len(msgs) <= maxListMessages {
		return msgs
	}
	msgs = msgs[:maxListMessages]
	last := &msgs[maxListMessages-1]
	last.Content = trim(last.Content, maxContent-60) + "\n… (more " + what + " not shown)"
	return msgs
}

func (b *Bot) renderList() []message {
	arts := b.articles()
	var sb strings.Builder
	fmt.Fprintf(&sb, "**%d articles**\n", len(arts))
	for _, a := range arts {
		fmt.Fprintf(&sb, "`%s` %s (%s, %d passages)\n", a.ID, oneLine(a.Title), outletDate(a.Outlet, a.Date), len(a.Passages))
	}
	var msgs []message
	for _, part := range split(sb.String(), maxContent) {
		msgs = append(msgs, message{Content: part})
	}
	return capMessages(msgs, "articles")
}

func (b *Bot) renderArticle(id string) []message {
	for _, a := range b.articles() {
		if a.ID != id {
			continue
		}
		e := &discordgo.MessageEmbed{Title: a.Title, URL: safeURL(a.URL), Fields: []*discordgo.MessageEmbedField{
			{Name: "id", Value: "`" + a.ID + "`", Inline: true},
			{Name: "outlet", Value: nonEmpty(a.Outlet), Inline: true},
			{Name: "published", Value: nonEmpty(a.Date), Inline: true},
			{Name: "passages", Value: fmt.Sprint(len(a.Passages)), Inline: true},
		}}
		var sb strings.Builder
		for _, p := range a.Passages {
			fmt.Fprintf(&sb, "**#%d** `%s` %s\n\n", p.Ordinal, p.ID, trim(oneLine(p.Text), 400))
		}
		msgs := []message{{Embeds: []*discordgo.MessageEmbed{fitEmbed(e)}}}
		for _, part := range split(sb.String(), maxContent) {
			msgs = append(msgs, message{Content: part})
		}
		return capMessages(msgs, "passages")
	}
	return []message{{Content: fmt.Sprintf("No article with id `%s`. Try `/sources list`.", trim(id, 100))}}
}

func nonEmpty(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (b *Bot) renderSearch(ctx context.Context, q string) ([]message, error) {
	hits, err := b.opts.Library.Search(ctx, q, 10)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q, err)
	}
	if len(hits) == 0 {
		return []message{{Content: "No passages match."}}, nil
	}
	var embeds []*discordgo.MessageEmbed
	for n, h := range hits {
		p := h.Passage
		embeds = append(embeds, &discordgo.MessageEmbed{
			Title:       fmt.Sprintf("%d. %s", n+1, nonEmpty(p.Title)),
			URL:         safeURL(p.URL),
			Description: trim(p.Text, 1000),
			Footer: &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("%s · %s · score %.4f (dense %.3f #%d, lexical %.2f #%d)",
				outletDate(p.Outlet, p.Date()), p.ID, h.Score, h.DenseScore, h.DenseRank, h.LexicalScore, h.LexicalRank)},
		})
	}
	return pack([]string{fmt.Sprintf("**%d passages** for: %s", len(hits), trim(q, 300))}, embeds, nil), nil
}
