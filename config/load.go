package config

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
)

// Kinds of Source, from lowest to highest precedence.
const (
	FromDefault = "default"
	FromFile    = "file"
	FromEnv     = "env"
	FromFlag    = "flag"
)

// Source says where a setting's value came from.
type Source struct {
	Kind   string // FromDefault, FromFile, FromEnv or FromFlag
	Detail string // the file path, variable name or flag ("--top-k"); for a default, why it was chosen
}

// String renders the source for `newsbot config`: "env OPENAI_API_KEY",
// "file newsbot.toml", "flag --top-k", "default".
func (s Source) String() string {
	if s.Detail == "" {
		return s.Kind
	}
	return s.Kind + " " + s.Detail
}

// field is one settable field of Config, read from its struct tags.
type field struct {
	index  int
	key    string // TOML key
	env    string
	flag   string // "" when not settable by flag
	doc    string
	kind   string // what the value is, for flag help: text, int, number, duration, bool, list
	secret bool
}

var fields = sync.OnceValue(func() []field {
	t := reflect.TypeFor[Config]()
	var fs []field
	for i := range t.NumField() {
		sf := t.Field(i)
		key := sf.Tag.Get("toml")
		if key == "" || !sf.IsExported() {
			continue
		}
		f := field{
			index:  i,
			key:    key,
			env:    sf.Tag.Get("env"),
			doc:    sf.Tag.Get("doc"),
			secret: sf.Type == reflect.TypeFor[Secret](),
			kind:   kindOf(sf.Type),
		}
		if _, noflag := sf.Tag.Lookup("noflag"); !noflag {
			f.flag = strings.ReplaceAll(key, "_", "-")
		}
		fs = append(fs, f)
	}
	return fs
})

func kindOf(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[time.Duration]():
		return "duration"
	case reflect.TypeFor[[]string]():
		return "list"
	}
	switch t.Kind() {
	case reflect.Int:
		return "int"
	case reflect.Float64:
		return "number"
	case reflect.Bool:
		return "bool"
	}
	return "text"
}

// Flags collects the settings given on a command line. Register it on a
// FlagSet with RegisterFlags, parse the FlagSet, then pass it to Load.
type Flags struct {
	config string            // --config
	values map[string]string // by TOML key, as typed
	order  []string          // keys in the order given
}

// RegisterFlags adds --config FILE and one flag per setting (except
// secrets) to fs, named after the TOML key with '-' for '_' (--top-k,
// --corpus-dir, ...). A flag's value is parsed and checked by Load, so a bad
// value is reported the same way as one from the environment.
func RegisterFlags(fs *flag.FlagSet) *Flags {
	fl := &Flags{values: map[string]string{}}
	fs.Func("config", "read settings from this TOML `file` (also NEWSBOT_CONFIG)", func(s string) error {
		fl.config = s
		return nil
	})
	for _, f := range fields() {
		if f.flag == "" {
			continue
		}
		fs.Func(f.flag, f.doc+" [env "+f.env+", `"+f.kind+"`]", func(s string) error {
			if _, seen := fl.values[f.key]; !seen {
				fl.order = append(fl.order, f.key)
			}
			fl.values[f.key] = s
			return nil
		})
	}
	return fl
}

// Load builds the configuration: defaults, then the TOML file (flags'
// --config, else NEWSBOT_CONFIG, else none), then the environment read
// through getenv, then the flags (fl may be nil). An unknown key in the
// file, or a value that does not parse, is an error naming it; Load does not
// call Validate.
func Load(getenv func(string) string, fl *Flags) (*Config, error) {
	c := Default(getenv)
	path := getenv("NEWSBOT_CONFIG")
	pathSrc := "NEWSBOT_CONFIG"
	if fl != nil && fl.config != "" {
		path, pathSrc = fl.config, "--config"
	}
	if path != "" {
		if err := c.loadFile(path); err != nil {
			return nil, fmt.Errorf("config file %s (from %s): %w", path, pathSrc, err)
		}
	}
	var errs []error
	rv := reflect.ValueOf(c).Elem()
	for _, f := range fields() {
		v, ok := lookup(getenv, f.env)
		if !ok {
			continue
		}
		src := Source{Kind: FromEnv, Detail: f.env}
		if err := set(rv.Field(f.index), v); err != nil {
			errs = append(errs, &SettingError{Setting: f.env, Value: shown(f, v), Source: src, Want: err.Error()})
			continue
		}
		c.sources[f.key] = src
	}
	if fl != nil {
		for _, key := range fl.order {
			f := fieldByKey(key)
			v := fl.values[key]
			src := Source{Kind: FromFlag, Detail: "--" + f.flag}
			if err := set(rv.Field(f.index), v); err != nil {
				errs = append(errs, &SettingError{Setting: "--" + f.flag, Value: v, Source: src, Want: err.Error()})
				continue
			}
			c.sources[f.key] = src
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if c.Embedder == "" {
		c.Embedder = EmbedderLocal
		c.sources["embedder"] = Source{Kind: FromDefault, Detail: "(OPENAI_API_KEY not set)"}
		if c.OpenAIAPIKey != "" {
			c.Embedder = EmbedderOpenAI
			c.sources["embedder"] = Source{Kind: FromDefault, Detail: "(OPENAI_API_KEY set)"}
		}
	}
	return c, nil
}

// lookup reads an environment variable; an empty value counts as unset,
// since getenv cannot tell the two apart.
func lookup(getenv func(string) string, name string) (string, bool) {
	v := getenv(name)
	return v, v != ""
}

// shown is the value as an error message may show it.
func shown(f field, v string) string {
	if f.secret {
		return Redacted
	}
	return v
}

func fieldByKey(key string) field {
	for _, f := range fields() {
		if f.key == key {
			return f
		}
	}
	panic("config: no setting " + key) // wiring bug: keys come from fields()
}

// loadFile decodes the TOML file into c, records the keys it set and
// rejects keys that name no setting.
func (c *Config) loadFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("not found")
		}
		return err
	}
	md, err := toml.Decode(string(data), c)
	if err != nil {
		return err
	}
	if und := md.Undecoded(); len(und) > 0 {
		var keys []string
		for _, k := range und {
			keys = append(keys, k.String())
		}
		return fmt.Errorf("unknown setting %s (known: %s)", strings.Join(keys, ", "), strings.Join(Keys(), ", "))
	}
	for _, f := range fields() {
		if md.IsDefined(f.key) {
			c.sources[f.key] = Source{Kind: FromFile, Detail: path}
		}
	}
	c.file = path
	return nil
}

// Keys returns every TOML key, in declaration order.
func Keys() []string {
	var ks []string
	for _, f := range fields() {
		ks = append(ks, f.key)
	}
	return ks
}

// set parses s into the field v. The error says what is valid.
func set(v reflect.Value, s string) error {
	switch v.Interface().(type) {
	case string, Secret:
		v.SetString(s)
	case time.Duration:
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("want a duration such as 30s, 2m or 1h30m")
		}
		v.SetInt(int64(d))
	case int:
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("want a whole number")
		}
		v.SetInt(int64(n))
	case float64:
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return fmt.Errorf("want a number")
		}
		v.SetFloat(x)
	case bool:
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("want true or false")
		}
		v.SetBool(b)
	case []string:
		var list []string
		for part := range strings.SplitSeq(s, ",") {
			if part = strings.TrimSpace(part); part != "" {
				list = append(list, part)
			}
		}
		v.Set(reflect.ValueOf(slices.Clip(list)))
	default:
		panic(fmt.Sprintf("config: unsupported field type %s", v.Type())) // wiring bug
	}
	return nil
}
