package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// Options says where Load looks for configuration.
type Options struct {
	// Home is the directory holding stegos.toml.
	Home string
	// RequireFile makes a missing stegos.toml an error (ErrNotFound) rather
	// than a run on defaults.
	RequireFile bool
	// LookupEnv reads environment variables; os.LookupEnv in the daemon, nil
	// for none.
	LookupEnv func(string) (string, bool)
	// Flags holds the flags registered by RegisterFlags; those the user set
	// override everything else. Nil for none.
	Flags *pflag.FlagSet
}

// origin records which layer last set a key, for error messages.
type origin struct {
	file string // the file, when the value came from it
	env  string
	flag string
}

// Load builds the configuration from defaults, the file, the environment and
// the flags, in rising precedence, and validates the result. Every error is
// an *Error naming the source and the key.
func Load(opts Options) (*Config, error) {
	c := Default()
	origins := map[string]origin{}
	path := FilePath(opts.Home)

	text, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if opts.RequireFile {
			return nil, &Error{Kind: ErrNotFound, File: path, Detail: "no such file (run `stegosd init` first, or pass --home)"}
		}
	case err != nil:
		return nil, &Error{Kind: ErrNotFound, File: path, Detail: err.Error()}
	default:
		set, err := decodeFile(&c, path, string(text))
		if err != nil {
			return nil, err
		}
		for _, k := range set {
			origins[k] = origin{file: path}
		}
	}

	if err := applyEnv(&c, opts.LookupEnv, origins); err != nil {
		return nil, err
	}
	if err := applyFlags(&c, opts.Flags, origins); err != nil {
		return nil, err
	}
	if err := validate(&c, origins, string(text)); err != nil {
		return nil, err
	}
	normalize(&c)
	return &c, nil
}

// Parse reads a configuration from TOML text alone (no environment, no
// flags); file names the text in errors.
func Parse(file string, text []byte) (*Config, error) {
	c := Default()
	origins := map[string]origin{}
	set, err := decodeFile(&c, file, string(text))
	if err != nil {
		return nil, err
	}
	for _, k := range set {
		origins[k] = origin{file: file}
	}
	if err := validate(&c, origins, string(text)); err != nil {
		return nil, err
	}
	normalize(&c)
	return &c, nil
}

// Validate checks every value of c. Errors carry the key but no source.
func (c *Config) Validate() error {
	return validate(c, nil, "")
}

// applyEnv applies STEGOS_* variables.
func applyEnv(c *Config, lookup func(string) (string, bool), origins map[string]origin) error {
	if lookup == nil {
		return nil
	}
	for _, s := range settings {
		name := s.env()
		if name == "" {
			continue
		}
		v, ok := lookup(name)
		if !ok {
			continue
		}
		if err := setText(s.field(c), v); err != nil {
			return &Error{Kind: ErrBadValue, Env: name, Key: s.key, Detail: err.Error()}
		}
		origins[s.key] = origin{env: name}
	}
	return nil
}

// applyFlags applies the flags the user set.
func applyFlags(c *Config, fs *pflag.FlagSet, origins map[string]origin) error {
	if fs == nil {
		return nil
	}
	for _, s := range settings {
		name := s.flag()
		if name == "" {
			continue
		}
		f := fs.Lookup(name)
		if f == nil || !f.Changed {
			continue
		}
		if err := setText(s.field(c), f.Value.String()); err != nil {
			return &Error{Kind: ErrBadValue, Flag: name, Key: s.key, Detail: err.Error()}
		}
		origins[s.key] = origin{flag: name}
	}
	return nil
}

// validate runs every check and returns the problems joined, each located by
// the layer that set the key (text is the file's content, to find lines).
func validate(c *Config, origins map[string]origin, text string) error {
	var errs []error
	bad := func(key string, err error) {
		e := &Error{Kind: ErrBadValue, Key: key, Detail: err.Error()}
		o := origins[key]
		switch {
		case o.file != "":
			e.File = o.file
			e.Line = keyLine(text, strings.Split(key, "."))
		case o.env != "":
			e.Env = o.env
		case o.flag != "":
			e.Flag = o.flag
		}
		errs = append(errs, e)
	}
	for _, s := range settings {
		if s.check == nil {
			continue
		}
		if err := s.check(c); err != nil {
			bad(s.key, err)
		}
	}
	if len(errs) == 0 {
		if a, b, ok := conflict(c); ok {
			// Blame the key the user set rather than a default.
			if origins[a.key] == (origin{}) && origins[b.key] != (origin{}) {
				a, b = b, a
			}
			bad(a.key, fmt.Errorf("%s is already used by %s", a.addr, b.key))
		}
	}
	return errors.Join(errs...)
}

// normalize strips the tcp:// scheme CometBFT users tend to write.
func normalize(c *Config) {
	for _, p := range []*string{&c.P2P.Listen, &c.P2P.ExternalAddress, &c.RPC.Listen, &c.API.Listen, &c.API.WebListen} {
		*p = strings.TrimPrefix(*p, "tcp://")
	}
}

// UnknownEnv returns the STEGOS_* variables in environ (os.Environ format)
// that stegosd does not read: likely typos, worth a warning. They are not
// errors, since other Stegos tools may define their own.
func UnknownEnv(environ []string) []string {
	known := map[string]bool{EnvHome: true}
	for _, s := range settings {
		known[s.env()] = true
	}
	var out []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, EnvPrefix) && !known[name] {
			out = append(out, name)
		}
	}
	return out
}

// RegisterFlags adds a flag for every key that has one (--p2p-listen,
// --log-level, ...) to fs. Their values are read by Load through
// Options.Flags; unset flags do not override the file.
func RegisterFlags(fs *pflag.FlagSet) {
	for _, s := range settings {
		name := s.flag()
		if name == "" {
			continue
		}
		f := &textFlag{typ: flagType(s.field(&Config{}))}
		fs.Var(f, name, fmt.Sprintf("%s (env %s)", strings.TrimSuffix(s.doc, "."), s.env()))
		if f.typ == "bool" {
			fs.Lookup(name).NoOptDefVal = "true" // --p2p-pex means --p2p-pex=true
		}
	}
}

// textFlag is a flag that keeps its text; Load parses it like an
// environment variable, so that both report errors the same way.
type textFlag struct {
	text string
	typ  string // shown in --help: string, strings, bool, int, duration
}

func (f *textFlag) String() string     { return f.text }
func (f *textFlag) Set(s string) error { f.text = s; return nil }
func (f *textFlag) Type() string       { return f.typ }

// flagType names the kind of value a field holds, for --help.
func flagType(ptr any) string {
	switch ptr.(type) {
	case *[]string:
		return "strings"
	case *bool:
		return "bool"
	case *int64:
		return "int"
	case *time.Duration:
		return "duration"
	}
	return "string"
}
