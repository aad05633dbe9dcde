package lint

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// moduleRoot walks up from the package directory to the directory holding go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// packageDirs returns every directory under root that holds non-test Go files,
// skipping testdata, vendor-like and hidden directories and nested modules.
func packageDirs(t *testing.T, root string) []string {
	t.Helper()
	seen := map[string]bool{}
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			if path != root {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir
				}
			}
			return nil
		}
		if strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			dir := filepath.Dir(path)
			if !seen[dir] {
				seen[dir] = true
				dirs = append(dirs, dir)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}

// hasPackageDoc reports whether any non-test file in dir has a package doc comment.
func hasPackageDoc(t *testing.T, dir string) bool {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil {
			t.Fatalf("parsing %s: %v", filepath.Join(dir, n), err)
		}
		if f.Doc != nil && strings.TrimSpace(f.Doc.Text()) != "" {
			return true
		}
	}
	return false
}

func TestEveryPackageHasDocComment(t *testing.T) {
	root := moduleRoot(t)
	dirs := packageDirs(t, root)
	if len(dirs) < 2 {
		t.Fatalf("found only %d package directories under %s; the walk is broken", len(dirs), root)
	}
	for _, dir := range dirs {
		if !hasPackageDoc(t, dir) {
			rel, _ := filepath.Rel(root, dir)
			t.Errorf("package in %s has no package doc comment (add a doc.go starting with \"// Package ...\")", rel)
		}
	}
}

func TestHasPackageDocDetectsMissingComment(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want bool
	}{
		{"documented", "// Package x does things.\npackage x\n", true},
		{"undocumented", "package x\n", false},
		{"detached comment", "// Copyright.\n\npackage x\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(tt.src), 0o600); err != nil {
				t.Fatal(err)
			}
			if got := hasPackageDoc(t, dir); got != tt.want {
				t.Fatalf("hasPackageDoc = %v, want %v", got, tt.want)
			}
		})
	}
}
