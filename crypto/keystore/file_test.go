package keystore

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

var errInjected = errors.New("injected failure")

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteReadFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "wallet.key")
	f := sealed(t, []byte("seed"))

	// An existing, too permissive file is replaced by a 0600 one.
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, f); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != FileMode {
		t.Fatalf("mode = %v, want %v", st.Mode().Perm(), os.FileMode(FileMode))
	}
	got, err := ReadFile(path)
	if err != nil || !bytes.Equal(got, f) {
		t.Fatalf("ReadFile = %d bytes, %v", len(got), err)
	}
	if pt, err := Decrypt(testPassword, got); err != nil || string(pt) != "seed" {
		t.Fatalf("Decrypt after ReadFile: %q, %v", pt, err)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Fatalf("directory holds %v, want only the keystore", names)
	}
}

// TestWriteFileRelativePath writes to a bare file name, whose directory is
// the working directory. It changes directory, so it is not parallel.
func TestWriteFileRelativePath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	f := sealed(t, []byte("seed"))
	if err := WriteFile("wallet.key", f); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadFile(filepath.Join(dir, "wallet.key")); err != nil || !bytes.Equal(got, f) {
		t.Fatalf("ReadFile: %v", err)
	}
}

// TestWriteFileFailureKeepsOldFile fails each kind of write and checks that
// the previous file survives and no temporary file is left.
func TestWriteFileFailureKeepsOldFile(t *testing.T) {
	t.Parallel()
	old := sealed(t, []byte("old seed"))
	next := sealed(t, []byte("new seed"))

	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) string // returns the target path
		hook  func(tmp string) error
		check func(t *testing.T, path string)
	}{
		{
			name: "failure before rename",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "wallet.key")
				if err := WriteFile(p, old); err != nil {
					t.Fatal(err)
				}
				return p
			},
			hook: func(tmp string) error {
				if _, err := os.Stat(tmp); err != nil {
					t.Errorf("temporary file missing at the hook: %v", err)
				}
				return errInjected
			},
			check: func(t *testing.T, path string) {
				got, err := ReadFile(path)
				if err != nil || !bytes.Equal(got, old) {
					t.Fatalf("old file changed: %v", err)
				}
			},
		},
		{
			name: "rename onto a directory",
			setup: func(t *testing.T, dir string) string {
				p := filepath.Join(dir, "wallet.key")
				if err := os.MkdirAll(filepath.Join(p, "inside"), 0o700); err != nil {
					t.Fatal(err)
				}
				return p
			},
			check: func(t *testing.T, path string) {
				if _, err := os.Stat(filepath.Join(path, "inside")); err != nil {
					t.Fatalf("directory damaged: %v", err)
				}
			},
		},
		{
			name: "missing directory",
			setup: func(t *testing.T, dir string) string {
				return filepath.Join(dir, "absent", "wallet.key")
			},
			check: func(t *testing.T, path string) {
				if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
					t.Fatalf("file appeared: %v", err)
				}
			},
		},
		{
			name: "read-only directory",
			setup: func(t *testing.T, dir string) string {
				if os.Geteuid() == 0 {
					t.Skip("root ignores directory permissions")
				}
				p := filepath.Join(dir, "wallet.key")
				if err := WriteFile(p, old); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(dir, 0o500); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
				return p
			},
			check: func(t *testing.T, path string) {
				got, err := ReadFile(path)
				if err != nil || !bytes.Equal(got, old) {
					t.Fatalf("old file changed: %v", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := tt.setup(t, dir)
			before := dirNames(t, dir)
			err := writeFile(path, next, tt.hook)
			if err == nil {
				t.Fatal("write succeeded")
			}
			if tt.hook != nil && !errors.Is(err, errInjected) {
				t.Fatalf("error = %v, want the injected one", err)
			}
			tt.check(t, path)
			if after := dirNames(t, dir); len(after) != len(before) {
				t.Fatalf("directory went from %v to %v: temporary file left", before, after)
			}
		})
	}
}

func TestWriteFileRefusesInvalid(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "wallet.key")
	f := sealed(t, []byte("seed"))
	for _, bad := range [][]byte{nil, []byte("plaintext seed"), f[:len(f)-1]} {
		if err := WriteFile(path, bad); !errors.Is(err, ErrInvalidFile) {
			t.Fatalf("WriteFile error = %v, want ErrInvalidFile", err)
		}
	}
	if names := dirNames(t, dir); len(names) != 0 {
		t.Fatalf("files written: %v", names)
	}
}

func TestReadFileRejects(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	f := sealed(t, []byte("seed"))

	damaged := filepath.Join(dir, "damaged")
	if err := os.WriteFile(damaged, mutate(f, func(b []byte) []byte { b[HeaderSize] ^= 1; return b }), 0o600); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(dir, "huge")
	h, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	// Sparse: ReadFile must refuse it from its size, without reading.
	if err := h.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	h.Close()

	tests := []struct {
		name string
		path string
		want error
	}{
		{"missing", filepath.Join(dir, "absent"), fs.ErrNotExist},
		{"damaged", damaged, ErrChecksum},
		{"too large", huge, ErrTooLarge},
		{"directory", dir, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := ReadFile(tt.path)
			if err == nil || b != nil {
				t.Fatal("ReadFile succeeded")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("error = %v, want %v", err, tt.want)
			}
		})
	}
}
