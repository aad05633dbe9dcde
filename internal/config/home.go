package config

import (
	"errors"
	"path/filepath"
)

// DefaultHome returns the home directory used when --home is not given:
// $STEGOS_HOME, else $XDG_DATA_HOME/stegos, else ~/.local/share/stegos. As
// the XDG specification asks, a relative $XDG_DATA_HOME is ignored.
// lookupEnv is os.LookupEnv in the daemon; userHome is os.UserHomeDir.
func DefaultHome(lookupEnv func(string) (string, bool), userHome func() (string, error)) (string, error) {
	if h, ok := lookupEnv(EnvHome); ok && h != "" {
		return filepath.Clean(h), nil
	}
	if x, ok := lookupEnv("XDG_DATA_HOME"); ok && filepath.IsAbs(x) {
		return filepath.Join(x, "stegos"), nil
	}
	u, err := userHome()
	if err != nil || u == "" {
		return "", errors.New("cannot find a home directory: set --home, STEGOS_HOME or XDG_DATA_HOME")
	}
	return filepath.Join(u, ".local", "share", "stegos"), nil
}
