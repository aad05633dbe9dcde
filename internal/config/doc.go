// Package config loads and writes stegosd's configuration file,
// <home>/stegos.toml, and merges it with STEGOS_* environment variables and
// command-line flags.
//
// Precedence, highest first: flags, environment variables, the file, the
// built-in defaults ([Default]). Every key has one entry in a table of
// settings that names its TOML key (p2p.listen), its environment variable
// (STEGOS_P2P_LISTEN) and its flag (--p2p-listen), parses it and validates
// it; the file format, the flags and the error messages all come from that
// table.
//
// A bad configuration is reported as an [*Error] naming where the value came
// from (the file and line, the environment variable or the flag), the key and
// the problem. Unknown keys in the file are errors, so a typo never silently
// falls back to a default. Loading never panics.
//
// The default home directory ([DefaultHome]) follows the XDG base directory
// specification: $STEGOS_HOME, else $XDG_DATA_HOME/stegos, else
// ~/.local/share/stegos.
package config
