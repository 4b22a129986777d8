package config_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsbot/newsbot/internal/golden"

	"github.com/newsbot/newsbot/config"
)

// env is a fake environment.
type env map[string]string

func (e env) get(k string) string { return e[k] }

func writeFile(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "newsbot.toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func load(t *testing.T, e env, args ...string) (*config.Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fl := config.RegisterFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return config.Load(e.get, fl)
}

func TestDefaults(t *testing.T) {
	c, err := load(t, env{"HOME": "/home/ann"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("defaults do not validate: %v", err)
	}
	for _, tt := range []struct{ name, got, want string }{
		{"data dir", c.DataDir, "/home/ann/.local/share/newsbot"},
		{"embedder", c.Embedder, "local"},
		{"chat model", c.ChatModel, "gpt-4o-mini"},
		{"embed model", c.EmbedModel, "text-embedding-3-small"},
		{"http addr", c.HTTPAddr, ":8080"},
		{"discord api", c.DiscordAPIURL, "https://discord.com/api/v10/"},
		{"base url", c.OpenAIBaseURL, "https://api.openai.com/v1"},
		{"source", c.Source("top_k").String(), "default"},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %q; want %q", tt.name, tt.got, tt.want)
		}
	}
	c, err = load(t, env{"HOME": "/home/ann", "XDG_DATA_HOME": "/xdg"})
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "/xdg/newsbot" {
		t.Errorf("DataDir with XDG_DATA_HOME = %q", c.DataDir)
	}
}

func TestEmbedderDefaultFollowsKey(t *testing.T) {
	c, err := load(t, env{"HOME": "/h", "OPENAI_API_KEY": "sk-x"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Embedder != "openai" || c.Source("embedder").Kind != config.FromDefault {
		t.Errorf("Embedder = %q from %s; want openai from default", c.Embedder, c.Source("embedder"))
	}
	c, err = load(t, env{"HOME": "/h", "OPENAI_API_KEY": "sk-x", "NEWSBOT_EMBEDDER": "local"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Embedder != "local" {
		t.Errorf("Embedder = %q; want local as set", c.Embedder)
	}
}

func TestPrecedence(t *testing.T) {
	file := writeFile(t, `
top_k = 3
chat_model = "from-file"
embed_model = "embed-from-file"
answer_timeout = "20s"
answer_channels = ["111111111111111111", "222222222222222222"]
log_questions = true
`)
	e := env{
		"HOME":               "/h",
		"NEWSBOT_CONFIG":     file,
		"NEWSBOT_TOP_K":      "4",
		"NEWSBOT_CHAT_MODEL": "from-env",
	}
	c, err := load(t, e, "--top-k", "5")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		key, got, want, source string
	}{
		{"top_k", fmt.Sprint(c.TopK), "5", "flag --top-k"},
		{"chat_model", c.ChatModel, "from-env", "env NEWSBOT_CHAT_MODEL"},
		{"embed_model", c.EmbedModel, "embed-from-file", "file " + file},
		{"answer_timeout", c.AnswerTimeout.String(), "20s", "file " + file},
		{"answer_channels", strings.Join(c.AnswerChannels, ","), "111111111111111111,222222222222222222", "file " + file},
		{"log_questions", fmt.Sprint(c.LogQuestions), "true", "file " + file},
		{"max_queue", fmt.Sprint(c.MaxQueue), "32", "default"},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %s; want %s", tt.key, tt.got, tt.want)
		}
		if got := c.Source(tt.key).String(); got != tt.source {
			t.Errorf("source of %s = %q; want %q", tt.key, got, tt.source)
		}
	}
	if c.File() != file {
		t.Errorf("File() = %q; want %q", c.File(), file)
	}

	// --config beats NEWSBOT_CONFIG.
	other := writeFile(t, "top_k = 9\n")
	c, err = load(t, e, "--config", other)
	if err != nil {
		t.Fatal(err)
	}
	if c.TopK != 4 || c.EmbedModel != "text-embedding-3-small" {
		t.Errorf("with --config: TopK %d (want env's 4), EmbedModel %q (want default)", c.TopK, c.EmbedModel)
	}
}

func TestFeedSettings(t *testing.T) {
	c, err := load(t, env{"HOME": "/h", "NEWSBOT_FEEDS": "https://a.example/rss.xml, http://b.example/atom", "NEWSBOT_FETCH_ALLOW_PRIVATE": "true", "NEWSBOT_ANNOUNCE_CHANNEL": "123456789012345678"})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Feeds, "|"); got != "https://a.example/rss.xml|http://b.example/atom" || c.FeedInterval != 15*time.Minute || !c.FetchAllowPrivate || c.AnnounceChannel != "123456789012345678" {
		t.Errorf("feeds %q, interval %s, allow private %v, announce %q", got, c.FeedInterval, c.FetchAllowPrivate, c.AnnounceChannel)
	}
	c, err = load(t, env{"HOME": "/h", "NEWSBOT_FEED_INTERVAL": "0"})
	if err != nil || c.FeedInterval != 0 || c.FetchAllowPrivate {
		t.Errorf("interval 0: %v, %v; allow private by default %v", c.FeedInterval, err, c.FetchAllowPrivate)
	}
}

func TestEnvironmentLists(t *testing.T) {
	c, err := load(t, env{"HOME": "/h", "NEWSBOT_MODERATOR_ROLES": " 1, 22 ,,333 "})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.ModeratorRoles, "|"); got != "1|22|333" {
		t.Errorf("ModeratorRoles = %q", got)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		file string // TOML; "" means no file
		env  env
		args []string
		want []string // substrings of the error
	}{
		{"unknown key", "top_k = 3\nanswer_chanels = []\n", nil, nil,
			[]string{"unknown setting answer_chanels", "answer_channels"}},
		{"unknown table key", "[discord]\ntoken = \"x\"\n", nil, nil,
			[]string{"unknown setting discord"}},
		{"wrong type in file", "top_k = \"three\"\n", nil, nil,
			[]string{"top_k"}},
		{"bad toml", "top_k = \n", nil, nil,
			[]string{"newsbot.toml", "line 1"}},
		{"env not a number", "", env{"NEWSBOT_TOP_K": "six"}, nil,
			[]string{`NEWSBOT_TOP_K="six" (from env NEWSBOT_TOP_K): want a whole number`}},
		{"env bad duration", "", env{"NEWSBOT_ANSWER_TIMEOUT": "90"}, nil,
			[]string{`NEWSBOT_ANSWER_TIMEOUT="90"`, "want a duration"}},
		{"env bad bool", "", env{"NEWSBOT_LOG_QUESTIONS": "yes please"}, nil,
			[]string{`NEWSBOT_LOG_QUESTIONS="yes please"`, "want true or false"}},
		{"flag bad number", "", nil, []string{"--rate-limit", "fast"},
			[]string{`--rate-limit="fast" (from flag --rate-limit): want a number`}},
		{"missing file", "", env{"NEWSBOT_CONFIG": "/nonexistent/newsbot.toml"}, nil,
			[]string{"config file /nonexistent/newsbot.toml (from NEWSBOT_CONFIG): not found"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := env{"HOME": "/h"}
			for k, v := range tt.env {
				e[k] = v
			}
			if tt.file != "" {
				e["NEWSBOT_CONFIG"] = writeFile(t, tt.file)
			}
			_, err := load(t, e, tt.args...)
			if err == nil {
				t.Fatal("Load succeeded; want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestValidate(t *testing.T) {
	for _, tt := range []struct {
		name string
		env  env
		want string // the whole message of the one expected problem
	}{
		{"negative rate limit", env{"NEWSBOT_RATE_LIMIT": "-1"},
			`NEWSBOT_RATE_LIMIT="-1" (from env NEWSBOT_RATE_LIMIT): want 0 (no limit) or a positive number of questions per minute`},
		{"malformed channel id", env{"NEWSBOT_ANSWER_CHANNELS": "123456789012345678,#general"},
			`NEWSBOT_ANSWER_CHANNELS="123456789012345678,#general" (from env NEWSBOT_ANSWER_CHANNELS): "#general" is not a channel id; want comma-separated Discord ids, digits only, like 123456789012345678`},
		{"malformed role id", env{"NEWSBOT_MODERATOR_ROLES": "mods"},
			`NEWSBOT_MODERATOR_ROLES="mods" (from env NEWSBOT_MODERATOR_ROLES): "mods" is not a role id; want comma-separated Discord ids, digits only, like 123456789012345678`},
		{"feed not http", env{"NEWSBOT_FEEDS": "https://a.example/rss,file:///etc/passwd"},
			`NEWSBOT_FEEDS="https://a.example/rss,file:///etc/passwd" (from env NEWSBOT_FEEDS): "file:///etc/passwd": want an http:// or https:// feed URL`},
		{"feed without host", env{"NEWSBOT_FEEDS": "https:///rss"},
			`NEWSBOT_FEEDS="https:///rss" (from env NEWSBOT_FEEDS): "https:///rss": the URL has no host`},
		{"feed interval too short", env{"NEWSBOT_FEED_INTERVAL": "5s"},
			`NEWSBOT_FEED_INTERVAL="5s" (from env NEWSBOT_FEED_INTERVAL): want 0 (off) or a duration of a minute or more, such as 15m (feeds are polled politely)`},
		{"announce channel not an id", env{"NEWSBOT_ANNOUNCE_CHANNEL": "#news"},
			`NEWSBOT_ANNOUNCE_CHANNEL="#news" (from env NEWSBOT_ANNOUNCE_CHANNEL): want a Discord channel id: digits only, like 123456789012345678`},
		{"malformed guild id", env{"NEWSBOT_GUILD_ID": "12x"},
			`NEWSBOT_GUILD_ID="12x" (from env NEWSBOT_GUILD_ID): want a Discord server id: digits only, like 123456789012345678`},
		{"base url without scheme", env{"OPENAI_BASE_URL": "127.0.0.1:11434/v1"},
			`OPENAI_BASE_URL="127.0.0.1:11434/v1" (from env OPENAI_BASE_URL): want an absolute URL with scheme and host, such as https://127.0.0.1:11434/v1`},
		{"base url other scheme", env{"OPENAI_BASE_URL": "ftp://example.org/v1"},
			`OPENAI_BASE_URL="ftp://example.org/v1" (from env OPENAI_BASE_URL): want an http or https URL, not ftp`},
		{"discord url without scheme", env{"NEWSBOT_DISCORD_API_URL": "proxy.local/api/v10/"},
			`NEWSBOT_DISCORD_API_URL="proxy.local/api/v10/" (from env NEWSBOT_DISCORD_API_URL): want an absolute URL with scheme and host, such as https://proxy.local/api/v10/`},
		{"unknown embedder", env{"NEWSBOT_EMBEDDER": "bert"},
			`NEWSBOT_EMBEDDER="bert" (from env NEWSBOT_EMBEDDER): want local or openai`},
		{"openai embedder without key", env{"NEWSBOT_EMBEDDER": "openai"},
			`NEWSBOT_EMBEDDER="openai" (from env NEWSBOT_EMBEDDER): openai needs OPENAI_API_KEY for https://api.openai.com/v1 (or OPENAI_BASE_URL of a local server, or NEWSBOT_EMBEDDER=local)`},
		{"unknown answer mode", env{"NEWSBOT_ANSWER_MODE": "chat"},
			`NEWSBOT_ANSWER_MODE="chat" (from env NEWSBOT_ANSWER_MODE): want auto, llm or extractive`},
		{"llm without key", env{"NEWSBOT_ANSWER_MODE": "llm"},
			`NEWSBOT_ANSWER_MODE="llm" (from env NEWSBOT_ANSWER_MODE): llm needs OPENAI_API_KEY for https://api.openai.com/v1 (or OPENAI_BASE_URL of a local server)`},
		{"min relevance out of range", env{"NEWSBOT_MIN_RELEVANCE": "1.5"},
			`NEWSBOT_MIN_RELEVANCE="1.5" (from env NEWSBOT_MIN_RELEVANCE): want a relevance between 0 and 1, such as 0.5`},
		{"model min relevance zero", env{"NEWSBOT_MODEL_MIN_RELEVANCE": "0"},
			`NEWSBOT_MODEL_MIN_RELEVANCE="0" (from env NEWSBOT_MODEL_MIN_RELEVANCE): want a relevance between 0 and 1, such as 0.25`},
		{"top k zero", env{"NEWSBOT_TOP_K": "0"},
			`NEWSBOT_TOP_K="0" (from env NEWSBOT_TOP_K): want 1 to 50`},
		{"zero concurrency", env{"NEWSBOT_MAX_CONCURRENT": "0"},
			`NEWSBOT_MAX_CONCURRENT="0" (from env NEWSBOT_MAX_CONCURRENT): want 1 or more`},
		{"negative timeout", env{"NEWSBOT_ANSWER_TIMEOUT": "-5s"},
			`NEWSBOT_ANSWER_TIMEOUT="-5s" (from env NEWSBOT_ANSWER_TIMEOUT): want a positive duration such as 90s`},
		{"bad listen address", env{"NEWSBOT_HTTP_ADDR": "8080"},
			`NEWSBOT_HTTP_ADDR="8080" (from env NEWSBOT_HTTP_ADDR): want a listen address host:port such as :8080 or 127.0.0.1:8080`},
		{"bad log format", env{"NEWSBOT_LOG_FORMAT": "xml"},
			`NEWSBOT_LOG_FORMAT="xml" (from env NEWSBOT_LOG_FORMAT): want auto, text or json`},
		{"bad log level", env{"NEWSBOT_LOG_LEVEL": "loud"},
			`NEWSBOT_LOG_LEVEL="loud" (from env NEWSBOT_LOG_LEVEL): want debug, info, warn or error`},
		{"no data dir", env{"HOME": ""},
			`NEWSBOT_DATA_DIR="" (from default): want a folder; no per-user data folder was found (set HOME or NEWSBOT_DATA_DIR)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := env{"HOME": "/h"}
			for k, v := range tt.env {
				e[k] = v
			}
			c, err := config.Load(e.get, nil)
			if err != nil {
				t.Fatal(err)
			}
			err = c.Validate()
			if err == nil || err.Error() != tt.want {
				t.Errorf("Validate() = %v\nwant          %s", err, tt.want)
			}
			var se *config.SettingError
			if !errors.As(err, &se) {
				t.Errorf("error is not a *config.SettingError")
			}
		})
	}
}

func TestOpenAIEmbedderWithoutKeyOnLocalServer(t *testing.T) {
	c, err := config.Load(env{"HOME": "/h", "NEWSBOT_EMBEDDER": "openai", "OPENAI_BASE_URL": "http://127.0.0.1:11434/v1"}.get, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("Validate() = %v; a local server needs no key", err)
	}
}

func TestValidateServe(t *testing.T) {
	c, err := config.Load(env{"HOME": "/h"}.get, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `DISCORD_TOKEN="" (from default): serve needs the bot token from the Discord developer portal`
	if err := c.ValidateServe(); err == nil || err.Error() != want {
		t.Errorf("ValidateServe() = %v; want %s", err, want)
	}
	c, err = config.Load(env{"HOME": "/h", "DISCORD_TOKEN": "tok"}.get, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ValidateServe(); err != nil {
		t.Errorf("ValidateServe() with a token = %v", err)
	}
}

func TestValidateReportsAll(t *testing.T) {
	c, err := config.Load(env{"HOME": "/h", "NEWSBOT_TOP_K": "0", "NEWSBOT_RATE_LIMIT": "-2"}.get, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = c.Validate()
	if err == nil || !strings.Contains(err.Error(), "NEWSBOT_TOP_K") || !strings.Contains(err.Error(), "NEWSBOT_RATE_LIMIT") {
		t.Errorf("Validate() = %v; want both problems", err)
	}
}

const (
	apiKey = "sk-test-0123456789abcdef"
	token  = "MTIzNDU2Nzg5.discord.token"
)

// TestSecretsNeverShown logs and prints the configuration every way the code
// does (and a few it might) and checks that neither secret appears.
func TestSecretsNeverShown(t *testing.T) {
	file := writeFile(t, `discord_token = "`+token+`"`+"\n")
	c, err := config.Load(env{"HOME": "/h", "OPENAI_API_KEY": apiKey, "NEWSBOT_CONFIG": file, "NEWSBOT_TOP_K": "0"}.get, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.OpenAIAPIKey.Reveal() != apiKey || c.DiscordToken.Reveal() != token {
		t.Fatal("secrets not loaded")
	}
	var buf bytes.Buffer
	for _, h := range []slog.Handler{
		slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}),
		slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}),
	} {
		log := slog.New(h)
		log.Info("config", "config", c)
		log.Info("config struct", "config", *c)
		log.Debug("key", "key", c.OpenAIAPIKey, "token", c.DiscordToken)
		log.Info("validate", "err", c.Validate())
		log.Info("serve", "err", c.ValidateServe())
	}
	fmt.Fprintf(&buf, "%v %+v %#v %s\n", c, c, c, c.DiscordToken)
	fmt.Fprintf(&buf, "%v %+v %#v\n", *c, *c, *c)
	j, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	buf.Write(j)
	for _, s := range c.Settings() {
		fmt.Fprintln(&buf, s.Key, s.Value, s.Default, s.Source)
	}
	for _, secret := range []string{apiKey, token} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("secret %q shown in:\n%s", secret, buf.String())
		}
	}
	if !strings.Contains(buf.String(), "***") {
		t.Error("no *** in the output: redaction not exercised")
	}
}

func TestSecretsAreNotFlags(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	config.RegisterFlags(fs)
	for _, name := range []string{"openai-api-key", "discord-token"} {
		if fs.Lookup(name) != nil {
			t.Errorf("flag --%s exists; secrets on a command line are visible to every user", name)
		}
	}
	if fs.Lookup("top-k") == nil || fs.Lookup("config") == nil {
		t.Error("flags --top-k and --config missing")
	}
}

// TestSettingsTable keeps the documented settings table (copied into
// README.md) in step with the code.
func TestSettingsTable(t *testing.T) {
	c, err := config.Load(env{"HOME": "/h"}.get, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("| variable | TOML key / flag | meaning | default |\n|---|---|---|---|\n")
	for _, s := range c.Settings() {
		flagName := "(no flag: secret)"
		if s.Flag != "" {
			flagName = "`--" + s.Flag + "`"
		}
		def := s.Default
		switch {
		case s.Secret:
			def = "none"
		case def == "":
			def = "none"
		default:
			def = "`" + def + "`"
			if strings.HasPrefix(s.Default, "(") {
				def = strings.Trim(s.Default, "()")
			}
		}
		fmt.Fprintf(&b, "| `%s` | `%s` %s | %s | %s |\n", s.Env, s.Key, flagName, s.Doc, def)
	}
	golden.Check(t, "settings.md", []byte(b.String()))
}

func TestDurationsInFile(t *testing.T) {
	file := writeFile(t, "answer_retention = \"48h\"\nreload_interval = \"0s\"\n")
	c, err := config.Load(env{"HOME": "/h", "NEWSBOT_CONFIG": file}.get, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.AnswerRetention != 48*time.Hour || c.ReloadInterval != 0 {
		t.Errorf("AnswerRetention %v ReloadInterval %v", c.AnswerRetention, c.ReloadInterval)
	}
}

func TestUseChatModel(t *testing.T) {
	for _, tt := range []struct {
		env  env
		want bool
	}{
		{env{}, false},
		{env{"OPENAI_API_KEY": "k"}, true},
		{env{"OPENAI_API_KEY": "k", "NEWSBOT_ANSWER_MODE": "extractive"}, false},
		{env{"NEWSBOT_ANSWER_MODE": "llm", "OPENAI_BASE_URL": "http://127.0.0.1:11434/v1"}, true},
	} {
		tt.env["HOME"] = "/h"
		c, err := config.Load(tt.env.get, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.UseChatModel(); got != tt.want {
			t.Errorf("UseChatModel() with %v = %v; want %v", tt.env, got, tt.want)
		}
	}
}
