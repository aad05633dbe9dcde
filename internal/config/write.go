package config

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// header opens every written configuration file.
const header = `# stegosd configuration.
#
# Precedence, highest first: command-line flags, STEGOS_* environment
# variables, this file, built-in defaults. Each key below names its variable
# and flag. Unknown keys are errors. Durations are strings such as "1s" or
# "500ms"; addresses are host:port.
`

// Encode renders c as a commented TOML document.
func (c *Config) Encode() []byte {
	var b bytes.Buffer
	b.WriteString(header)
	for _, sec := range sections {
		fmt.Fprintf(&b, "\n[%s]\n", sec)
		for _, s := range settings {
			if s.section() != sec {
				continue
			}
			fmt.Fprintf(&b, "# %s\n", s.doc)
			if s.env() != "" {
				fmt.Fprintf(&b, "# env %s, flag --%s\n", s.env(), s.flag())
			}
			fmt.Fprintf(&b, "%s = %s\n", s.name(), tomlValue(s.field(c)))
		}
	}
	return b.Bytes()
}

// Write validates c and writes it to path atomically (a temporary file
// renamed into place), replacing any existing file.
func Write(path string, c *Config) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".stegos.toml-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if _, err := tmp.Write(c.Encode()); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// tomlValue renders the field ptr points to as a TOML value.
func tomlValue(ptr any) string {
	switch p := ptr.(type) {
	case *string:
		return tomlString(*p)
	case *[]string:
		q := make([]string, len(*p))
		for i, s := range *p {
			q[i] = tomlString(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	case *bool:
		return fmt.Sprint(*p)
	case *int64:
		return fmt.Sprint(*p)
	case *time.Duration:
		return tomlString(p.String())
	}
	return `""`
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
