package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// SettingError is one bad setting: which, its value, where it came from and
// what would be valid.
type SettingError struct {
	Setting string // environment variable (or flag) name
	Value   string // the bad value as given, "***" for secrets
	Source  Source
	Want    string // what would be valid
}

// Error reads: NEWSBOT_TOP_K="0" (from env NEWSBOT_TOP_K): want 1 to 50.
func (e *SettingError) Error() string {
	return fmt.Sprintf("%s=%q (from %s): %s", e.Setting, e.Value, e.Source, e.Want)
}

// Validate checks every setting and returns all problems at once, joined;
// each is a *SettingError naming the setting, the bad value and what is valid.
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, want string) {
		f := fieldByKey(key)
		errs = append(errs, &SettingError{
			Setting: f.env,
			Value:   shown(f, format(c.field(key))),
			Source:  c.Source(key),
			Want:    want,
		})
	}
	if c.DataDir == "" {
		bad("data_dir", "want a folder; no per-user data folder was found (set HOME or NEWSBOT_DATA_DIR)")
	}
	switch c.Embedder {
	case EmbedderLocal, EmbedderOpenAI:
	default:
		bad("embedder", "want local or openai")
	}
	if c.Embedder == EmbedderOpenAI && c.OpenAIAPIKey == "" && isOpenAI(c.OpenAIBaseURL) {
		bad("embedder", "openai needs OPENAI_API_KEY for "+c.OpenAIBaseURL+" (or OPENAI_BASE_URL of a local server, or NEWSBOT_EMBEDDER=local)")
	}
	switch c.AnswerMode {
	case AnswerAuto, AnswerExtractive:
	case AnswerLLM:
		if c.OpenAIAPIKey == "" && isOpenAI(c.OpenAIBaseURL) {
			bad("answer_mode", "llm needs OPENAI_API_KEY for "+c.OpenAIBaseURL+" (or OPENAI_BASE_URL of a local server)")
		}
	default:
		bad("answer_mode", "want auto, llm or extractive")
	}
	if err := checkURL(c.OpenAIBaseURL); err != nil {
		bad("openai_base_url", err.Error())
	}
	if err := checkURL(c.DiscordAPIURL); err != nil {
		bad("discord_api_url", err.Error())
	}
	if c.ChatModel == "" {
		bad("chat_model", "want a model name")
	}
	if c.Embedder == EmbedderOpenAI && c.EmbedModel == "" {
		bad("embed_model", "want a model name")
	}
	if c.EmbedDimensions < 0 || c.EmbedDimensions > 65536 {
		bad("embed_dimensions", "want 0 (the model's own size) or a size up to 65536")
	}
	if c.MinRelevance <= 0 || c.MinRelevance >= 1 {
		bad("min_relevance", "want a relevance between 0 and 1, such as 0.5")
	}
	if c.ModelMinRelevance <= 0 || c.ModelMinRelevance >= 1 {
		bad("model_min_relevance", "want a relevance between 0 and 1, such as 0.25")
	}
	if c.GuildID != "" && !isSnowflake(c.GuildID) {
		bad("guild_id", "want a Discord server id: digits only, like 123456789012345678")
	}
	for _, id := range c.AnswerChannels {
		if !isSnowflake(id) {
			bad("answer_channels", fmt.Sprintf("%q is not a channel id; want comma-separated Discord ids, digits only, like 123456789012345678", id))
		}
	}
	for _, id := range c.ModeratorRoles {
		if !isSnowflake(id) {
			bad("moderator_roles", fmt.Sprintf("%q is not a role id; want comma-separated Discord ids, digits only, like 123456789012345678", id))
		}
	}
	if err := checkAddr(c.HTTPAddr); err != nil {
		bad("http_addr", err.Error())
	}
	if c.TopK < 1 || c.TopK > 50 {
		bad("top_k", "want 1 to 50")
	}
	if c.RequestTimeout <= 0 {
		bad("request_timeout", "want a positive duration such as 60s")
	}
	if c.AnswerTimeout <= 0 {
		bad("answer_timeout", "want a positive duration such as 90s")
	}
	if c.RateLimit < 0 {
		bad("rate_limit", "want 0 (no limit) or a positive number of questions per minute")
	}
	if c.RateBurst < 1 {
		bad("rate_burst", "want 1 or more")
	}
	if c.MaxConcurrent < 1 {
		bad("max_concurrent", "want 1 or more")
	}
	if c.MaxQueue < 0 {
		bad("max_queue", "want 0 (no waiting) or more")
	}
	if c.MaxQuestionLength < 1 {
		bad("max_question_length", "want 1 or more characters")
	}
	for _, f := range c.Feeds {
		if err := checkFeedURL(f); err != nil {
			bad("feeds", fmt.Sprintf("%q: %v", f, err))
		}
	}
	if c.FeedInterval < 0 || c.FeedInterval > 0 && c.FeedInterval < time.Minute {
		bad("feed_interval", "want 0 (off) or a duration of a minute or more, such as 15m (feeds are polled politely)")
	}
	if c.AnnounceChannel != "" && !isSnowflake(c.AnnounceChannel) {
		bad("announce_channel", "want a Discord channel id: digits only, like 123456789012345678")
	}
	if c.ReloadInterval < 0 {
		bad("reload_interval", "want 0 (off) or a positive duration such as 30s")
	}
	switch c.LogFormat {
	case LogFormatAuto, LogFormatText, LogFormatJSON:
	default:
		bad("log_format", "want auto, text or json")
	}
	switch strings.ToLower(c.LogLevel) {
	case "debug", "info", "warn", "error":
	default:
		bad("log_level", "want debug, info, warn or error")
	}
	if c.AnswerRetention < 0 {
		bad("answer_retention", "want 0 (keep forever) or a positive duration such as 720h")
	}
	return errors.Join(errs...)
}

// ValidateServe is Validate plus what only `serve` needs: a Discord token.
func (c *Config) ValidateServe() error {
	err := c.Validate()
	if c.DiscordToken == "" {
		err = errors.Join(err, &SettingError{
			Setting: "DISCORD_TOKEN",
			Value:   "",
			Source:  c.Source("discord_token"),
			Want:    "serve needs the bot token from the Discord developer portal",
		})
	}
	return err
}

// field returns the struct field of a TOML key.
func (c *Config) field(key string) reflect.Value {
	return reflect.ValueOf(c).Elem().Field(fieldByKey(key).index)
}

func isOpenAI(base string) bool {
	u, err := url.Parse(base)
	return err == nil && strings.HasSuffix(u.Hostname(), "openai.com")
}

// checkURL accepts an absolute http or https URL with a host.
func checkURL(s string) error {
	u, err := url.Parse(s)
	switch {
	case !strings.Contains(s, "://"):
		return fmt.Errorf("want an absolute URL with scheme and host, such as https://%s", strings.TrimPrefix(s, "//"))
	case err != nil:
		return fmt.Errorf("want an absolute http(s) URL such as https://host/v1 (%v)", err)
	case u.Scheme == "" || u.Host == "":
		return fmt.Errorf("want an absolute URL with scheme and host, such as https://%s", strings.TrimPrefix(s, "//"))
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("want an http or https URL, not %s", u.Scheme)
	}
	return nil
}

// checkAddr accepts host:port with a numeric port (host may be empty).
func checkAddr(s string) error {
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		return fmt.Errorf("want a listen address host:port such as :8080 or 127.0.0.1:8080")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("want a port number 0-65535 after the colon, such as :8080")
	}
	return nil
}

// isSnowflake reports whether s is a Discord id: 1 to 20 digits that fit in
// an unsigned 64-bit integer.
func isSnowflake(s string) bool {
	if len(s) == 0 || len(s) > 20 {
		return false
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil && !strings.HasPrefix(s, "+")
}

// checkFeedURL accepts an absolute http or https URL.
func checkFeedURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("not a URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return errors.New("want an http:// or https:// feed URL")
	}
	if u.Host == "" {
		return errors.New("the URL has no host")
	}
	return nil
}
