package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOperationsGuideListsEverySetting keeps docs/operations.md in step with
// the settings table: every key, environment variable and flag appears.
func TestOperationsGuideListsEverySetting(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "operations.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	for _, s := range settings {
		want := []string{"`" + s.key + "`"}
		if s.env() != "" {
			want = append(want, "`"+s.env()+"`", "`--"+s.flag()+"`")
		}
		for _, w := range want {
			if !strings.Contains(doc, w) {
				t.Errorf("docs/operations.md does not mention %s", w)
			}
		}
	}
	if !strings.Contains(doc, EnvHome) {
		t.Errorf("docs/operations.md does not mention %s", EnvHome)
	}
}
