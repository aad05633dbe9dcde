package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/devproc"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/params"
)

func TestParseSTG(t *testing.T) {
	tests := []struct {
		in   string
		want uint64
		err  bool
	}{
		{"1", 1_000_000, false},
		{"1.5", 1_500_000, false},
		{"0.000001", 1, false},
		{" 2.25 ", 2_250_000, false},
		{".5", 500_000, false},
		{"1500000", 1_500_000_000_000, false},
		{"", 0, true},
		{"1.2345678", 0, true},
		{"-1", 0, true},
		{"1e6", 0, true},
		{"1,5", 0, true},
		{"10000000000", 0, true},
	}
	for _, tt := range tests {
		got, err := parseSTG(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("parseSTG(%q) = %d, %v; want %d (error %v)", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestDevTokenFile(t *testing.T) {
	user := func() (string, error) { return "/home/u", nil }
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"STEGOS_HOME", map[string]string{"STEGOS_HOME": "/srv/s", "XDG_DATA_HOME": "/x"}, "/srv/s/dev/api.token"},
		{"XDG_DATA_HOME", map[string]string{"XDG_DATA_HOME": "/x"}, "/x/stegos/dev/api.token"},
		{"relative XDG ignored", map[string]string{"XDG_DATA_HOME": "x"}, "/home/u/.local/share/stegos/dev/api.token"},
		{"user home", nil, "/home/u/.local/share/stegos/dev/api.token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := devTokenFile(lookup(tt.env), user); got != tt.want {
				t.Errorf("token file %q, want %q", got, tt.want)
			}
		})
	}
}

func lookup(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// TestSendAndWatchAgainstStegosdDev runs the example as a reader would,
// against a real stegosd dev: it finds the token through STEGOS_HOME, pays
// an amount given in STG, and exits once the payment is confirmed.
func TestSendAndWatchAgainstStegosdDev(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs stegosd")
	}
	root := t.TempDir()
	// The home comes from STEGOS_HOME, as the example finds it.
	n := devproc.Start(t, devproc.Build(t), devproc.Options{
		Env: []string{"STEGOS_HOME=" + root}, TokenFile: filepath.Join(root, "dev", api.TokenFile),
		TimeoutCommit: "200ms", Wait: 60 * time.Second,
	})
	apiURL := n.URL
	to, err := genesis.DemoKeys(1)
	if err != nil {
		t.Fatal(err)
	}
	env := lookup(map[string]string{"STEGOS_HOME": root, "STEGOS_API": apiURL})
	noHome := func() (string, error) { return "", errors.New("no home") }

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"-to", to.Address().String(params.Dev), "-amount", "1.5", "-memo", "hi"}, env, noHome, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
	for _, want := range []string{"demo: ", "sent 1.5 STG (fee ", "confirmed in block "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}

	// Without -to it prints the balance and exits.
	out.Reset()
	if code := run(ctx, nil, env, noHome, &out, &errOut); code != 0 || !strings.HasPrefix(out.String(), "demo: ") {
		t.Fatalf("exit %d:\n%s%s", code, out.String(), errOut.String())
	}
}
