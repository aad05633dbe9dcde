package rpcserver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadOrCreateToken(t *testing.T) {
	t.Parallel()
	home := filepath.Join(t.TempDir(), "home")
	tok, err := LoadOrCreateToken(home)
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) != 64 {
		t.Fatalf("token %q: want 64 hex digits", tok)
	}
	fi, err := os.Stat(filepath.Join(home, TokenFile))
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Fatalf("mode = %04o, want 0600", perm)
	}
	again, err := LoadOrCreateToken(home)
	if err != nil {
		t.Fatal(err)
	}
	if again != tok {
		t.Fatalf("reloaded token %q, want %q", again, tok)
	}
	other, err := LoadOrCreateToken(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if other == tok {
		t.Fatal("two homes got the same token")
	}
}

func TestLoadTokenRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
		mode    os.FileMode
		wantErr string
	}{
		{"world readable", testToken + "\n", 0o644, "chmod 600"},
		{"group readable", testToken, 0o640, "chmod 600"},
		{"not hex", strings.Repeat("z", 64), 0o600, "64-digit hex"},
		{"too short", "abcd", 0o600, "64-digit hex"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			home := t.TempDir()
			path := filepath.Join(home, TokenFile)
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tt.mode); err != nil {
				t.Fatal(err)
			}
			_, err := LoadOrCreateToken(home)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}

func TestNewNeedsToken(t *testing.T) {
	t.Parallel()
	if _, err := New(Config{}); err == nil {
		t.Fatal("New with an empty token succeeded")
	}
}
