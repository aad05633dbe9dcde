package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readRepoFile reads a file at the repository root.
func readRepoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestReadme keeps the README true to the repository: its package table
// lists every package, the tour states the demo password, every binary it
// builds has a name (a `go build` of two packages writes none) and is
// ignored by git, and nothing runs in the background under `go run`
// (which does not pass signals on to the program it runs).
func TestReadme(t *testing.T) {
	readme := readRepoFile(t, "README.md")

	for _, dir := range goPackageDirs(t, filepath.Join("..", "..")) {
		if !strings.Contains(readme, "`"+dir+"`") {
			t.Errorf("the README's package table does not list %s", dir)
		}
	}
	for _, want := range []string{"go run ./cmd/stegosd dev\n", "\ngo test ./...\n", "password `" + demoPassword + "`"} {
		if !strings.Contains(readme, want) {
			t.Errorf("the README lacks %q", want)
		}
	}

	ignored := map[string]bool{}
	for _, line := range strings.Split(readRepoFile(t, ".gitignore"), "\n") {
		ignored[strings.TrimSpace(line)] = true
	}
	build := regexp.MustCompile(`go build( -o (\S+))? \./cmd/\S+`)
	for _, m := range build.FindAllStringSubmatch(readme, -1) {
		switch {
		case m[2] == "":
			t.Errorf("%q: name the binary with -o (a go build of several packages writes none)", m[0])
		case !strings.Contains(m[2], "/") && !ignored["/"+m[2]]:
			t.Errorf("%q writes ./%s, which .gitignore does not ignore", m[0], m[2])
		}
	}
	for _, line := range codeLines(readme) {
		if strings.HasPrefix(line, "go run ") && strings.HasSuffix(line, "&") {
			t.Errorf("%q: a go run in the background cannot be stopped with Ctrl-C or kill; build the binary", line)
		}
	}
}

// codeLines returns the lines of the fenced code blocks of a Markdown
// text, trimmed.
func codeLines(md string) []string {
	var out []string
	in := false
	for _, line := range strings.Split(md, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "```") {
			in = !in
			continue
		}
		if in {
			out = append(out, line)
		}
	}
	return out
}

// goPackageDirs returns the module's package directories (holding Go
// files) relative to root, without testdata, hidden directories and
// node_modules.
func goPackageDirs(t *testing.T, root string) []string {
	t.Helper()
	seen := map[string]bool{}
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".") || strings.HasPrefix(d.Name(), "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		dir, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		if dir != "." && !seen[dir] {
			seen[dir] = true
			dirs = append(dirs, filepath.ToSlash(dir))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dirs
}
