package keystore

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// FileMode is the permission of keystore files: owner read and write only.
const FileMode = 0o600

// WriteFile stores an encrypted keystore file at path atomically: it writes
// a temporary file in the same directory with mode 0600, syncs it, renames
// it over path and syncs the directory. If any step before the rename
// fails, path keeps its old content and the temporary file is removed; if
// only the final directory sync fails, the new file is in place but may not
// survive a crash. The file is checked first, so WriteFile never stores
// bytes Decrypt would reject as invalid.
func WriteFile(path string, file []byte) error {
	return writeFile(path, file, nil)
}

// writeFile is WriteFile with a hook that runs just before the rename, for
// tests to inject a failure there.
func writeFile(path string, file []byte, beforeRename func(tmp string) error) (err error) {
	if _, _, err := parseFile(file); err != nil {
		return fmt.Errorf("keystore: refusing to write: %w", err)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("keystore: writing %s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err := f.Chmod(FileMode); err != nil {
		return fmt.Errorf("keystore: writing %s: %w", path, err)
	}
	if _, err := f.Write(file); err != nil {
		return fmt.Errorf("keystore: writing %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("keystore: writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("keystore: writing %s: %w", path, err)
	}
	if beforeRename != nil {
		if err := beforeRename(tmp); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("keystore: writing %s: %w", path, err)
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("keystore: syncing %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("keystore: syncing %s: %w", dir, err)
	}
	return nil
}

// ReadFile reads a keystore file and checks its structure and checksum
// (not the password). It refuses files larger than MaxFileSize without
// reading them.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("keystore: reading %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("keystore: reading %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("keystore: reading %s: not a regular file", path)
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("keystore: reading %s: %w (%d bytes)", path, ErrTooLarge, st.Size())
	}
	// Read one byte past the size seen, so a file that grew is noticed.
	b, err := io.ReadAll(io.LimitReader(f, st.Size()+1))
	if err != nil {
		return nil, fmt.Errorf("keystore: reading %s: %w", path, err)
	}
	if int64(len(b)) > MaxFileSize {
		return nil, fmt.Errorf("keystore: reading %s: %w", path, ErrTooLarge)
	}
	if _, _, err := parseFile(b); err != nil {
		return nil, fmt.Errorf("keystore: reading %s: %w", path, err)
	}
	return b, nil
}
