package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/newsbot/newsbot/corpus"
)

// Intake is what the moderator commands /sources add and /sources remove
// call. cmd/newsbot adapts package intake to it: fetch the page, extract
// the article, store it as an article file and sync the index.
type Intake interface {
	// AddLink fetches link and adds its article; addedBy names the
	// moderator (written into the article file).
	AddLink(ctx context.Context, link, addedBy string) (Added, error)
	// RemoveArticle takes a fetched article out of the coverage: its
	// file is deleted and its passages leave the index.
	RemoveArticle(ctx context.Context, id string) (corpus.Article, error)
}

// Added is the outcome of AddLink.
type Added struct {
	Outcome  string         // "added"; "duplicate": already held, nothing stored; "also": the same copy under another outlet, listed with it
	Article  corpus.Article // the article as stored (for a duplicate, the one already held)
	Passages int            // passages the article has in the index
}

// ErrNotFetched, wrapped, is what RemoveArticle returns for an article of
// the operator's own corpus folder: the bot only removes what was fetched.
var ErrNotFetched = errors.New("not a fetched article")

// addedBy names the member who ran an interaction, for the record and the
// reply: display name (user id), never a mention.
func addedBy(i *discordgo.Interaction) string {
	var u *discordgo.User
	name := ""
	if i.Member != nil {
		u = i.Member.User
		name = i.Member.Nick
	}
	if u == nil {
		u = i.User
	}
	if u == nil {
		return "unknown"
	}
	name = cmp.Or(strings.TrimSpace(name), strings.TrimSpace(u.GlobalName), strings.TrimSpace(u.Username), "member")
	return fmt.Sprintf("%s (%s)", oneLine(name), u.ID)
}

// firstLinesLen caps the opening text shown of an added article.
const firstLinesLen = 300

// onSourcesAdd is /sources add url:<link>: fetch, extract and store one
// article, then show the moderator what was extracted and who added it,
// and announce it.
func (b *Bot) onSourcesAdd(i *discordgo.Interaction, link string) {
	if b.opts.Intake == nil {
		b.reply(i, "Adding articles is not set up on this bot.", true)
		return
	}
	link = strings.TrimSpace(link)
	if !strings.HasPrefix(link, "http://") && !strings.HasPrefix(link, "https://") {
		b.reply(i, "Give the article's link, starting with https:// — for example `/sources add url: https://example.org/news/story`.", true)
		return
	}
	who := addedBy(i)
	b.deferThen(i, true, func(ctx context.Context) ([]message, error) {
		res, err := b.opts.Intake.AddLink(ctx, link, who)
		if err != nil {
			// The reason is the user's to see: it names the page and what
			// was wrong with it (not an article, a paywall, refused…).
			b.log.Warn("sources add failed", "url", link, "err", err)
			return []message{{Content: "Could not add that link: " + trim(oneLine(err.Error()), 1500)}}, nil
		}
		b.forgetArticles()
		var head string
		switch res.Outcome {
		case "duplicate":
			head = fmt.Sprintf("Already in the coverage as `%s`; nothing was added.", res.Article.ID)
		case "also":
			head = fmt.Sprintf("The same copy as `%s`: this outlet was added to its sources.", res.Article.ID)
		default:
			head = fmt.Sprintf("Added `%s`, added by %s.", res.Article.ID, who)
			if err := b.Announce(ctx, res.Article, who); err != nil {
				b.log.Error("announce article", "id", res.Article.ID, "err", err)
			}
		}
		return []message{{Content: head, Embeds: []*discordgo.MessageEmbed{articleEmbed(res.Article, res.Passages, who)}}}, nil
	})
}

// articleEmbed shows what was extracted from a page.
func articleEmbed(a corpus.Article, passages int, who string) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{
		Title:       defuse(nonEmpty(a.Title)),
		URL:         safeURL(a.URL),
		Description: defuse(trim(firstText(a.Text), firstLinesLen)),
		Fields: []*discordgo.MessageEmbedField{
			{Name: "outlet", Value: nonEmpty(a.Outlet), Inline: true},
			{Name: "published", Value: nonEmpty(a.Date()), Inline: true},
			{Name: "passages", Value: fmt.Sprint(passages), Inline: true},
		},
	}
	for _, o := range a.Also {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "also", Value: outletDate(o.Outlet, o.Date()), Inline: true})
	}
	if who != "" {
		e.Footer = &discordgo.MessageEmbedFooter{Text: "added by " + who}
	}
	return fitEmbed(e)
}

// firstText is the article's first paragraph that is not a caption.
func firstText(text string) string {
	for _, p := range strings.Split(text, "\n\n") {
		if !strings.HasPrefix(p, corpus.CaptionPrefix) {
			return oneLine(p)
		}
	}
	return ""
}

// onSourcesRemove is /sources remove id:<article>.
func (b *Bot) onSourcesRemove(i *discordgo.Interaction, id string) {
	if b.opts.Intake == nil {
		b.reply(i, "Removing articles is not set up on this bot.", true)
		return
	}
	id = strings.TrimSpace(id)
	who := addedBy(i)
	b.deferThen(i, true, func(ctx context.Context) ([]message, error) {
		a, err := b.opts.Intake.RemoveArticle(ctx, id)
		switch {
		case errors.Is(err, ErrNotFetched):
			return []message{{Content: fmt.Sprintf("`%s` is part of the bot's own article folder, not fetched from a link or feed; the operator removes it there.", trim(id, 100))}}, nil
		case err != nil:
			b.log.Warn("sources remove failed", "id", id, "err", err)
			return []message{{Content: "Could not remove it: " + trim(oneLine(err.Error()), 1500)}}, nil
		}
		b.forgetArticles()
		b.log.Info("article removed", "id", a.ID, "by", who)
		return []message{{Content: fmt.Sprintf("Removed `%s`: %s. Its passages left the index; answers already given keep their records.", a.ID, oneLine(a.Title))}}, nil
	})
}

// forgetArticles drops the cached article list after the coverage changed.
func (b *Bot) forgetArticles() {
	b.artMu.Lock()
	b.artList, b.artTime = nil, time.Time{}
	b.artMu.Unlock()
}

// Announce posts a new article to Options.AnnounceChannel: title, outlet,
// date and link, with no mention of anyone. addedBy is "" for an article
// from a feed. Without an announce channel it does nothing.
func (b *Bot) Announce(ctx context.Context, a corpus.Article, addedBy string) error {
	if b.opts.AnnounceChannel == "" {
		return nil
	}
	e := &discordgo.MessageEmbed{
		Title:       nonEmpty(a.Title),
		URL:         safeURL(a.URL),
		Description: defuse(trim(firstText(a.Text), firstLinesLen)),
		Footer:      &discordgo.MessageEmbedFooter{Text: outletDate(a.Outlet, a.Date())},
	}
	content := "New in the coverage: **" + trim(oneLine(a.Title), 200) + "** (" + outletDate(a.Outlet, a.Date()) + ")"
	if u := safeURL(a.URL); u != "" {
		content += "\n<" + u + ">"
	}
	if addedBy != "" {
		content += "\nadded by " + addedBy
	}
	m := message{Content: content, Embeds: []*discordgo.MessageEmbed{fitEmbed(e)}}
	_, err := b.api.ChannelMessageSendComplex(b.opts.AnnounceChannel, m.send(nil), discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("announce %s in channel %s: %w", a.ID, b.opts.AnnounceChannel, err)
	}
	return nil
}
