// Package config holds newsbot's one Config struct: its documented defaults,
// an optional TOML file, the environment and command-line flags, in that
// order of precedence (flags win), with the source of every value recorded
// and secrets redacted by type. Only cmd/newsbot imports it; it copies the
// values into the constructor arguments of the other packages.
package config

import (
	"fmt"
	"log/slog"
	"reflect"
	"runtime"
	"strings"
	"time"
)

// Secret is a string that must never be shown: it prints, logs and marshals
// as "***". Use Reveal to get the value for the one call that needs it.
type Secret string

// Redacted is what a Secret shows instead of its value.
const Redacted = "***"

// String returns "***", so fmt and %v never print the value.
func (Secret) String() string { return Redacted }

// GoString returns a redacted Go literal, so %#v does not print the value.
func (Secret) GoString() string { return `config.Secret("***")` }

// LogValue returns "***", so log/slog never prints the value.
func (Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalJSON returns "***" as a JSON string.
func (Secret) MarshalJSON() ([]byte, error) { return []byte(`"***"`), nil }

// MarshalText returns "***", for encoders (TOML, YAML) that use it.
func (Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

// Reveal returns the secret's value. Call it only where the value is sent to
// the service it is for.
func (s Secret) Reveal() string { return string(s) }

// Embedders that NEWSBOT_EMBEDDER accepts.
const (
	EmbedderLocal  = "local"
	EmbedderOpenAI = "openai"
)

// Answer modes that NEWSBOT_ANSWER_MODE accepts.
const (
	AnswerAuto       = "auto"       // llm when OPENAI_API_KEY is set, else extractive
	AnswerLLM        = "llm"        // always the chat model (keyless local servers too)
	AnswerExtractive = "extractive" // never a chat model
)

// Log formats that NEWSBOT_LOG_FORMAT accepts.
const (
	LogFormatAuto = "auto" // text on a terminal, JSON otherwise
	LogFormatText = "text"
	LogFormatJSON = "json"
)

// Defaults of the settings whose default does not depend on the machine.
const (
	DefaultOpenAIBaseURL = "https://api.openai.com/v1"
	DefaultChatModel     = "gpt-4o-mini"
	DefaultEmbedModel    = "text-embedding-3-small"
	DefaultDiscordAPIURL = "https://discord.com/api/v10/"
	DefaultHTTPAddr      = ":8080"
)

// The relevance decision's measured defaults: the same numbers as
// answer.DefaultMinRelevance and answer.DefaultModelMinRelevance (config
// imports nothing of the module; a test in cmd/newsbot keeps them equal).
const (
	answerMinRelevance      = 0.6
	answerModelMinRelevance = 0.25
)

// Config is every setting of newsbot. Each field's tags name its TOML key
// (also the flag name, with '-' for '_'), its environment variable and the
// one-line description printed by `newsbot config` and in the docs; the
// default is set in Default. A field tagged noflag cannot be set by a flag
// (secrets: command lines are visible to every user of the machine).
//
// A new field needs the three tags and a default in Default; the parsing,
// sources and docs follow from them. Supported kinds: string, Secret, int,
// float64, bool, time.Duration, []string.
type Config struct {
	// CorpusDir is the folder of article files; "" means the bundled coverage.
	CorpusDir string `toml:"corpus_dir" env:"NEWSBOT_CORPUS_DIR" doc:"folder of article files (.md/.txt); empty means the coverage bundled in the binary"`
	// DataDir holds the index, the answer log and the summary cache.
	DataDir string `toml:"data_dir" env:"NEWSBOT_DATA_DIR" doc:"where the index, the answer log and the summary cache live"`

	// OpenAIAPIKey is the key of the OpenAI-compatible endpoint; "" means
	// local embeddings and extractive answers.
	OpenAIAPIKey Secret `toml:"openai_api_key" env:"OPENAI_API_KEY" noflag:"" doc:"key for the OpenAI-compatible endpoint; empty means local embeddings and extractive answers"`
	// OpenAIBaseURL is the base URL of the OpenAI-compatible endpoint.
	OpenAIBaseURL string `toml:"openai_base_url" env:"OPENAI_BASE_URL" doc:"base URL of the OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 for Ollama"`
	// ChatModel is the chat model's name.
	ChatModel string `toml:"chat_model" env:"NEWSBOT_CHAT_MODEL" doc:"chat model name"`
	// AnswerMode is AnswerAuto, AnswerLLM or AnswerExtractive.
	AnswerMode string `toml:"answer_mode" env:"NEWSBOT_ANSWER_MODE" doc:"auto (a chat model when OPENAI_API_KEY is set, else extractive), llm (also for keyless local servers) or extractive"`
	// EmbedModel is the embedding model's name (openai embedder).
	EmbedModel string `toml:"embed_model" env:"NEWSBOT_EMBED_MODEL" doc:"embedding model name (openai embedder)"`
	// Embedder is EmbedderLocal or EmbedderOpenAI; "" until resolved by Load.
	Embedder string `toml:"embedder" env:"NEWSBOT_EMBEDDER" doc:"local (offline, hashed) or openai; default openai when OPENAI_API_KEY is set, else local"`
	// EmbedDimensions asks for vectors of this size; 0 means the model's own
	// size (openai) or the local embedder's default.
	EmbedDimensions int `toml:"embed_dimensions" env:"NEWSBOT_EMBED_DIMENSIONS" doc:"embedding vector size; 0 means the model's own (openai) or the local embedder's default"`
	// MinRelevance is the relevance an extractive answer needs.
	MinRelevance float64 `toml:"min_relevance" env:"NEWSBOT_MIN_RELEVANCE" doc:"relevance (0-1: the question's words, meaning and kind of answer found in the best sentence) an extractive answer needs; below it the bot says the coverage does not say; measured default, see docs/DECIDING.md"`
	// ModelMinRelevance is the relevance below which a question is not put
	// to the chat model.
	ModelMinRelevance float64 `toml:"model_min_relevance" env:"NEWSBOT_MODEL_MIN_RELEVANCE" doc:"relevance (0-1) below which a question is refused before the chat model sees it; above it the model judges the passages; measured default, see docs/DECIDING.md"`
	// RequestTimeout bounds each call to the OpenAI-compatible endpoint.
	RequestTimeout time.Duration `toml:"request_timeout" env:"NEWSBOT_REQUEST_TIMEOUT" doc:"timeout of each call to the OpenAI-compatible endpoint (retries included)"`

	// DiscordToken is the bot token; only serve needs it.
	DiscordToken Secret `toml:"discord_token" env:"DISCORD_TOKEN" noflag:"" doc:"Discord bot token (needed by serve only)"`
	// DiscordAPIURL is the base of the Discord REST API (a REST proxy).
	DiscordAPIURL string `toml:"discord_api_url" env:"NEWSBOT_DISCORD_API_URL" doc:"base of the Discord REST API, for a REST proxy; every REST call keeps its path under it"`
	// GuildID registers the commands in one server only; "" means globally.
	GuildID string `toml:"guild_id" env:"NEWSBOT_GUILD_ID" doc:"register commands in this server only (instant) instead of globally"`
	// AnswerChannels are channels where every message is a question.
	AnswerChannels []string `toml:"answer_channels" env:"NEWSBOT_ANSWER_CHANNELS" doc:"comma-separated channel ids where every message is a question"`
	// ModeratorRoles are role ids that count as moderators; none means
	// members with Manage Messages.
	ModeratorRoles []string `toml:"moderator_roles" env:"NEWSBOT_MODERATOR_ROLES" doc:"comma-separated role ids that count as moderators; empty means members with Manage Messages"`
	// HTTPAddr is the listen address of /healthz, /readyz and /metrics.
	HTTPAddr string `toml:"http_addr" env:"NEWSBOT_HTTP_ADDR" doc:"listen address for /healthz, /readyz and /metrics (serve)"`

	// TopK is how many passages retrieval gives the answerer.
	TopK int `toml:"top_k" env:"NEWSBOT_TOP_K" doc:"passages retrieved per question and given to the model (1-50); the extractive answer reads the best 6"`
	// AnswerTimeout bounds one whole answer, retrieval and model included.
	AnswerTimeout time.Duration `toml:"answer_timeout" env:"NEWSBOT_ANSWER_TIMEOUT" doc:"deadline of one whole answer (retrieval, model, verification)"`
	// RateLimit is the questions per minute one user may ask; 0 means no limit.
	RateLimit float64 `toml:"rate_limit" env:"NEWSBOT_RATE_LIMIT" doc:"questions per minute one Discord user may ask; 0 means no limit"`
	// RateBurst is how many questions a user may ask at once before RateLimit applies.
	RateBurst int `toml:"rate_burst" env:"NEWSBOT_RATE_BURST" doc:"questions a user may ask in a burst before rate_limit applies"`
	// MaxConcurrent is how many answers are made at the same time.
	MaxConcurrent int `toml:"max_concurrent" env:"NEWSBOT_MAX_CONCURRENT" doc:"answers made at the same time; more questions wait in the queue"`
	// MaxQueue is how many questions may wait; more are turned away as busy.
	MaxQueue int `toml:"max_queue" env:"NEWSBOT_MAX_QUEUE" doc:"questions that may wait for a free slot; more are answered 'busy, try again'"`
	// MaxQuestionLength is the longest question accepted, in characters.
	MaxQuestionLength int `toml:"max_question_length" env:"NEWSBOT_MAX_QUESTION_LENGTH" doc:"longest question accepted, in characters"`
	// Feeds are the RSS, Atom or JSON Feed URLs serve polls and fetch reads.
	Feeds []string `toml:"feeds" env:"NEWSBOT_FEEDS" doc:"comma-separated RSS 2.0, Atom or JSON Feed URLs; serve polls them and newsbot fetch reads them once; new articles go to NEWSBOT_DATA_DIR/articles"`
	// FeedInterval is how often serve polls the feeds; 0 turns polling off.
	FeedInterval time.Duration `toml:"feed_interval" env:"NEWSBOT_FEED_INTERVAL" doc:"how often serve polls NEWSBOT_FEEDS (conditional requests: an unchanged feed costs a 304); 0 turns polling off"`
	// FetchAllowPrivate lets fetching reach loopback, private and
	// link-local addresses (intranets, tests).
	FetchAllowPrivate bool `toml:"fetch_allow_private" env:"NEWSBOT_FETCH_ALLOW_PRIVATE" doc:"let feeds and links reach loopback, private, link-local and metadata addresses (intranet sites, tests); off, such URLs are refused"`
	// AnnounceChannel is the channel serve posts each new article to.
	AnnounceChannel string `toml:"announce_channel" env:"NEWSBOT_ANNOUNCE_CHANNEL" doc:"channel id where serve posts each new fetched article (title, outlet, date, link), without pings; empty means no announcements"`
	// ReloadInterval is how often serve checks the corpus folder for changes; 0 turns it off.
	ReloadInterval time.Duration `toml:"reload_interval" env:"NEWSBOT_RELOAD_INTERVAL" doc:"how often serve checks NEWSBOT_CORPUS_DIR for changed files and syncs the index; 0 turns it off"`

	// LogFormat is LogFormatAuto, LogFormatText or LogFormatJSON.
	LogFormat string `toml:"log_format" env:"NEWSBOT_LOG_FORMAT" doc:"auto (text on a terminal, JSON otherwise), text or json"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `toml:"log_level" env:"NEWSBOT_LOG_LEVEL" doc:"debug, info, warn or error"`
	// LogQuestions allows question text in info-level logs (personal data).
	LogQuestions bool `toml:"log_questions" env:"NEWSBOT_LOG_QUESTIONS" doc:"log question text at info level (users' questions are personal data)"`
	// AnswerRetention is how long the answer log keeps answers; 0 keeps them forever.
	AnswerRetention time.Duration `toml:"answer_retention" env:"NEWSBOT_ANSWER_RETENTION" doc:"how long the answer log keeps answers (Show sources, feedback); 0 keeps them forever"`
	// SummaryCache keeps model summaries in DataDir, keyed by corpus hash,
	// prompt version and model.
	SummaryCache bool `toml:"summary_cache" env:"NEWSBOT_SUMMARY_CACHE" doc:"cache summaries by corpus hash, prompt version and model"`

	sources map[string]Source // by TOML key
	file    string            // the config file read, "" when none
}

// Default returns the configuration with every default applied. getenv is
// read only for the per-user data folder (XDG_DATA_HOME, HOME, LOCALAPPDATA).
// Embedder stays "" until Load resolves it from the API key.
func Default(getenv func(string) string) *Config {
	return &Config{
		DataDir:           defaultDataDir(getenv, runtime.GOOS),
		OpenAIBaseURL:     DefaultOpenAIBaseURL,
		ChatModel:         DefaultChatModel,
		EmbedModel:        DefaultEmbedModel,
		AnswerMode:        AnswerAuto,
		RequestTimeout:    60 * time.Second,
		DiscordAPIURL:     DefaultDiscordAPIURL,
		HTTPAddr:          DefaultHTTPAddr,
		TopK:              12,
		MinRelevance:      answerMinRelevance,
		ModelMinRelevance: answerModelMinRelevance,
		AnswerTimeout:     90 * time.Second,
		RateLimit:         6,
		RateBurst:         3,
		MaxConcurrent:     4,
		MaxQueue:          32,
		MaxQuestionLength: 1000,
		ReloadInterval:    30 * time.Second,
		FeedInterval:      15 * time.Minute,
		LogFormat:         LogFormatAuto,
		LogLevel:          "info",
		AnswerRetention:   30 * 24 * time.Hour,
		SummaryCache:      true,
		sources:           map[string]Source{},
	}
}

// defaultDataDir is the per-user data folder: $XDG_DATA_HOME/newsbot or
// ~/.local/share/newsbot on Unix, ~/Library/Application Support/newsbot on
// macOS, %LOCALAPPDATA%\newsbot on Windows; "" when none can be found (then
// Validate asks for NEWSBOT_DATA_DIR).
func defaultDataDir(getenv func(string) string, goos string) string {
	switch goos {
	case "windows":
		if d := getenv("LOCALAPPDATA"); d != "" {
			return d + `\newsbot`
		}
		return ""
	case "darwin", "ios":
		if h := getenv("HOME"); h != "" {
			return h + "/Library/Application Support/newsbot"
		}
		return ""
	}
	if d := getenv("XDG_DATA_HOME"); d != "" && strings.HasPrefix(d, "/") {
		return d + "/newsbot"
	}
	if h := getenv("HOME"); h != "" {
		return h + "/.local/share/newsbot"
	}
	return ""
}

// UseChatModel reports whether answers come from the chat model (true) or
// are extractive (false), after AnswerMode and the API key.
func (c *Config) UseChatModel() bool {
	switch c.AnswerMode {
	case AnswerLLM:
		return true
	case AnswerExtractive:
		return false
	}
	return c.OpenAIAPIKey != ""
}

// File returns the path of the config file that was read, "" when none.
func (c *Config) File() string { return c.file }

// Source returns where the setting with this TOML key got its value.
func (c *Config) Source(key string) Source {
	if s, ok := c.sources[key]; ok {
		return s
	}
	return Source{Kind: FromDefault}
}

// LogValue logs the configuration as a group of key=value pairs, secrets
// redacted, so slog.Any("config", cfg) is safe.
func (c *Config) LogValue() slog.Value {
	var attrs []slog.Attr
	for _, s := range c.Settings() {
		attrs = append(attrs, slog.String(s.Key, s.Value))
	}
	return slog.GroupValue(attrs...)
}

// defaultText describes defaults that depend on the machine or on other settings.
var defaultText = map[string]string{
	"corpus_dir": "(the bundled coverage)",
	"data_dir":   "(per-user data folder: $XDG_DATA_HOME/newsbot or ~/.local/share/newsbot)",
	"embedder":   "(openai when OPENAI_API_KEY is set, else local)",
	"guild_id":   "(global commands)",
}

// Setting describes one setting and its effective value, for display.
type Setting struct {
	Key     string // TOML key
	Env     string // environment variable
	Flag    string // flag name without dashes, "" when no flag sets it
	Doc     string // one line: what it means
	Default string // default value as text (secrets "")
	Value   string // effective value as text, secrets "***"
	Secret  bool
	Source  Source
}

// Settings lists every setting in declaration order with its effective
// value (secrets "***") and source.
func (c *Config) Settings() []Setting {
	def := Default(func(string) string { return "" })
	var out []Setting
	rv, dv := reflect.ValueOf(c).Elem(), reflect.ValueOf(def).Elem()
	for _, f := range fields() {
		s := Setting{
			Key:    f.key,
			Env:    f.env,
			Flag:   f.flag,
			Doc:    f.doc,
			Secret: f.secret,
			Value:  format(rv.Field(f.index)),
			Source: c.Source(f.key),
		}
		if f.secret {
			if s.Value != "" {
				s.Value = Redacted
			}
		} else {
			s.Default = format(dv.Field(f.index))
		}
		if d, ok := defaultText[f.key]; ok {
			s.Default = d
		}
		out = append(out, s)
	}
	return out
}

// format renders a field's value as the text the environment would take.
func format(v reflect.Value) string {
	switch x := v.Interface().(type) {
	case Secret:
		return string(x)
	case time.Duration:
		return x.String()
	case []string:
		return strings.Join(x, ",")
	case float64:
		return fmt.Sprint(x)
	default:
		return fmt.Sprint(x)
	}
}
