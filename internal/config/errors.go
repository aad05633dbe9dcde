package config

import (
	"fmt"
	"strconv"
	"strings"
)

// ErrorKind classifies configuration errors; test with errors.Is.
type ErrorKind string

// Error kinds.
const (
	ErrNotFound   = ErrorKind("configuration file not found")
	ErrSyntax     = ErrorKind("TOML syntax error")
	ErrUnknownKey = ErrorKind("unknown key")
	ErrBadValue   = ErrorKind("invalid value")
)

// Error implements the error interface.
func (k ErrorKind) Error() string { return string(k) }

// Error is a configuration problem: where the value came from, which key, and
// what is wrong with it.
type Error struct {
	Kind ErrorKind
	File string // the TOML file, when the value came from it
	Line int    // line in File, 0 when unknown
	Env  string // the environment variable, when the value came from one
	Flag string // the flag name without dashes, when the value came from one
	Key  string // dotted TOML key, e.g. "p2p.listen"; empty for syntax errors
	// Detail says what is wrong, e.g. `invalid address "x": missing port`.
	Detail string
}

// Error formats the problem as "where: key: detail", for example
// "/home/u/.local/share/stegos/stegos.toml:7: p2p.listen: missing port in address "x"".
func (e *Error) Error() string {
	var b strings.Builder
	switch {
	case e.File != "":
		b.WriteString(e.File)
		if e.Line > 0 {
			b.WriteString(":" + strconv.Itoa(e.Line))
		}
	case e.Env != "":
		b.WriteString("environment variable " + e.Env)
	case e.Flag != "":
		b.WriteString("flag --" + e.Flag)
	default:
		b.WriteString("configuration")
	}
	b.WriteString(": ")
	if e.Kind == ErrUnknownKey {
		fmt.Fprintf(&b, "unknown key %q", e.Key)
		if e.Detail != "" {
			b.WriteString(" (" + e.Detail + ")")
		}
		return b.String()
	}
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Detail)
	return b.String()
}

// Unwrap returns the error's kind, so errors.Is(err, ErrBadValue) works.
func (e *Error) Unwrap() error { return e.Kind }
