package rpcserver

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// TokenFile is the name of the API token file in the node home directory.
const TokenFile = "api.token"

// LoadOrCreateToken returns the API token in <home>/api.token, creating the
// file (mode 0600, 32 random bytes in hex) when it is missing. A file that
// its group or others can access is refused, as is one that does not hold a
// 64-digit hex token.
func LoadOrCreateToken(home string) (string, error) {
	path := filepath.Join(home, TokenFile)
	tok, err := loadToken(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return tok, err
	}
	if err := os.MkdirAll(home, 0o700); err != nil {
		return "", fmt.Errorf("rpcserver: create home: %w", err)
	}
	var b [32]byte
	_, _ = rand.Read(b[:])
	tok = hex.EncodeToString(b[:])
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return loadToken(path) // created concurrently
	}
	if err != nil {
		return "", fmt.Errorf("rpcserver: create API token: %w", err)
	}
	if _, err := f.WriteString(tok + "\n"); err != nil {
		f.Close()
		return "", fmt.Errorf("rpcserver: write API token: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("rpcserver: write API token: %w", err)
	}
	return tok, nil
}

func loadToken(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return "", fmt.Errorf("rpcserver: %s is readable by other users (mode %04o); run: chmod 600 %s", path, perm, path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("rpcserver: read API token: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if raw, err := hex.DecodeString(tok); err != nil || len(raw) != 32 {
		return "", fmt.Errorf("rpcserver: %s does not hold a 64-digit hex token; delete it to create a new one", path)
	}
	return tok, nil
}
