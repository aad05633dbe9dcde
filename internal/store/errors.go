package store

import (
	"errors"
	"fmt"
	"strings"
)

// Error kinds callers branch on with errors.Is.
var (
	// ErrLocked: the database directory is held by another process or by
	// another open DB in this one.
	ErrLocked = errors.New("store: database is locked")

	// ErrCorrupt: the directory holds a database whose files cannot be read
	// back (a damaged or truncated manifest, options or table file).
	ErrCorrupt = errors.New("store: database is corrupt or unreadable")

	// ErrClosed: the DB, batch or snapshot was closed (or the batch already
	// committed).
	ErrClosed = errors.New("store: use after close")

	// ErrReadOnly: a write through a Prefixed view over a reader that cannot
	// write (a DB or a Snapshot).
	ErrReadOnly = errors.New("store: read-only view")
)

// OpenError is the error Open returns. It names the directory; Kind is
// ErrLocked, ErrCorrupt or nil (any other failure: permissions, a file where
// the directory should be, ...), and Err is the underlying cause.
// errors.Is matches both Kind and Err.
type OpenError struct {
	Path string
	Kind error
	Err  error
}

// Error implements error.
func (e *OpenError) Error() string {
	if e.Kind == nil {
		return fmt.Sprintf("store: opening database in %s: %v", e.Path, e.Err)
	}
	kind := strings.TrimPrefix(e.Kind.Error(), "store: ")
	return fmt.Sprintf("store: opening database in %s: %s: %v", e.Path, kind, e.Err)
}

// Unwrap returns the kind (if any) and the cause.
func (e *OpenError) Unwrap() []error {
	if e.Kind == nil {
		return []error{e.Err}
	}
	return []error{e.Kind, e.Err}
}
