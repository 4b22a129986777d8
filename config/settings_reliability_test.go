package config_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsbot/newsbot/config"
)

const fuzzSecret = "sk-fuzz-SECRET-9f3a"

// FuzzSettings feeds Load any settings file and any value for one setting
// from the environment. Load never panics; a bad file or value is an error
// that names where it came from; and no error, setting list, log line or
// JSON ever shows the API key or the Discord token, whatever else is set.
func FuzzSettings(f *testing.F) {
	f.Add("top_k = 3\nchat_model = \"m\"\n", 0, "5")
	f.Add("answer_timeout = \"20s\"\nanswer_channels = [\"1\", \"2\"]\n", 3, "90s")
	f.Add("discord_token = 5\n", 1, "")
	f.Add("[table]\nx = 1\n", 2, "not a number")
	f.Add("top_k = \"three\"\n", 5, "-1")
	f.Add("openai_api_key = 5\n", 7, "x")
	f.Add("log_level = \"\u202edebug\"\n\x00", 9, "\xff\xfe")
	keys := config.Keys()
	settings := map[string]config.Setting{}
	if c := config.Default(func(string) string { return "" }); c != nil {
		for _, s := range c.Settings() {
			settings[s.Key] = s
		}
	}
	f.Fuzz(func(t *testing.T, file string, which int, value string) {
		path := filepath.Join(t.TempDir(), "newsbot.toml")
		if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
			t.Fatal(err)
		}
		key := keys[(which%len(keys)+len(keys))%len(keys)]
		envName := settings[key].Env
		env := map[string]string{"NEWSBOT_CONFIG": path, "OPENAI_API_KEY": fuzzSecret, "DISCORD_TOKEN": fuzzSecret}
		if envName != "" && envName != "NEWSBOT_CONFIG" {
			env[envName] = value
		}
		// A value typed into a plain setting is shown as typed: the check
		// is that the real secrets, from the environment, never are.
		checkLeak := !strings.Contains(file, fuzzSecret) && !strings.Contains(value, fuzzSecret)
		c, err := config.Load(func(k string) string { return env[k] }, nil)
		if err != nil {
			msg := err.Error()
			if !strings.Contains(msg, path) && !strings.Contains(msg, envName) {
				t.Errorf("error %q names neither the file %s nor %s", msg, path, envName)
			}
			if checkLeak && strings.Contains(msg, fuzzSecret) {
				t.Errorf("error shows the secret: %q", msg)
			}
			return
		}
		var out strings.Builder
		fmt.Fprintf(&out, "%v %+v %#v\n", c, c, *c)
		if err := c.Validate(); err != nil {
			out.WriteString(err.Error())
		}
		if err := c.ValidateServe(); err != nil {
			out.WriteString(err.Error())
		}
		for _, s := range c.Settings() {
			fmt.Fprintln(&out, s.Key, s.Value, s.Default, s.Source)
		}
		j, _ := json.Marshal(c)
		out.Write(j)
		if checkLeak && strings.Contains(out.String(), fuzzSecret) {
			t.Errorf("the secret is shown:\n%s", out.String())
		}
	})
}
