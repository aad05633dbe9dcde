package app

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/stegos-go/stegos/internal/state"
)

// State sync (ADR 0021): this node takes a snapshot of the ledger state
// every SnapshotConfig.Interval blocks, serves the last Keep to joining
// nodes, and restores one when CometBFT state-syncs it. Blocks older than
// the payload retention are pruned unless the node is an archive
// (retainHeight).

// SnapshotConfig is this node's snapshot policy. It is local: it never
// changes what a block may contain.
type SnapshotConfig struct {
	// Dir holds the snapshots, one directory per height. Empty: no
	// snapshots are taken or served (restoring one still works).
	Dir string
	// Interval takes a snapshot after every block whose height is a
	// multiple of it; 0 takes none.
	Interval int64
	// Keep is how many snapshots stay on disk (at least 1 when Interval
	// is set; 0 means DefaultSnapshotKeep).
	Keep int
}

// DefaultSnapshotKeep is SnapshotConfig.Keep's default.
const DefaultSnapshotKeep = 2

// Files of a snapshot directory.
const (
	manifestFile = "manifest"
	chunkPrefix  = "chunk-"
	tmpSuffix    = ".tmp"
)

// errClosing stops an export when the app closes.
var errClosing = errors.New("app: closing")

// snapshots takes, lists and serves this node's snapshots, and holds the
// restore in progress.
type snapshots struct {
	log *slog.Logger
	cfg SnapshotConfig
	st  *state.State
	// retention is params.PayloadRetention: a snapshot ships only the
	// payloads still inside the window when it is deleted.
	retention int64

	mu      sync.Mutex
	have    []*state.SnapshotManifest // complete snapshots on disk, oldest first
	running bool                      // an export is being written
	closing bool
	wg      sync.WaitGroup
	restore *state.Restore
}

// newSnapshots reads the snapshots in cfg.Dir and removes what an
// interrupted export left.
func newSnapshots(cfg SnapshotConfig, st *state.State, log *slog.Logger) (*snapshots, error) {
	if cfg.Interval < 0 || cfg.Keep < 0 {
		return nil, fmt.Errorf("app: snapshot interval %d, keep %d", cfg.Interval, cfg.Keep)
	}
	if cfg.Keep == 0 {
		cfg.Keep = DefaultSnapshotKeep
	}
	s := &snapshots{log: log, cfg: cfg, st: st}
	if cfg.Dir == "" {
		return s, nil
	}
	if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("app: snapshots: %w", err)
	}
	entries, err := os.ReadDir(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("app: snapshots: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(cfg.Dir, name)
		if strings.HasSuffix(name, tmpSuffix) {
			if err := os.RemoveAll(path); err != nil {
				return nil, fmt.Errorf("app: snapshots: removing an interrupted export: %w", err)
			}
			continue
		}
		h, err := strconv.ParseInt(name, 10, 64)
		if err != nil || !e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(path, manifestFile))
		var m *state.SnapshotManifest
		if err == nil {
			m, err = state.DecodeSnapshotManifest(b)
		}
		if err != nil || m.Height != h {
			// An older format or a damaged snapshot: not served.
			log.Warn("removing an unreadable snapshot", "dir", path, "err", err)
			if err := os.RemoveAll(path); err != nil {
				return nil, fmt.Errorf("app: snapshots: %w", err)
			}
			continue
		}
		s.have = append(s.have, m)
	}
	slices.SortFunc(s.have, func(a, b *state.SnapshotManifest) int { return cmpI64(a.Height, b.Height) })
	return s, nil
}

func cmpI64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// enabled reports whether this node takes snapshots.
func (s *snapshots) enabled() bool { return s.cfg.Dir != "" && s.cfg.Interval > 0 }

// oldest returns the height of the oldest snapshot served, 0 if none.
func (s *snapshots) oldest() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.have) == 0 {
		return 0
	}
	return s.have[0].Height
}

// committed starts a snapshot of block h in the background if h is due.
// The store view is taken now, so the snapshot is of h whatever commits
// while it is written. An export still running skips this one.
func (s *snapshots) committed(h int64) {
	if !s.enabled() || h <= 0 || h%s.cfg.Interval != 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running || s.closing {
		if s.running {
			s.log.Warn("snapshot skipped: the previous one is still being written", "height", h)
		}
		return
	}
	e, err := s.st.NewExport()
	if err != nil {
		s.log.Error("snapshot failed", "height", h, "err", err)
		return
	}
	// Kept until Keep more snapshots are taken: the payloads of a block c
	// ship only if c + retention > h + Keep·Interval (ADR 0020).
	e.SkipPayloadsBefore(h + int64(s.cfg.Keep)*s.cfg.Interval - s.retention + 1)
	s.running = true
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		err := s.write(e)
		e.Close()
		s.mu.Lock()
		s.running = false
		s.mu.Unlock()
		if err != nil && !errors.Is(err, errClosing) {
			s.log.Error("snapshot failed", "height", h, "err", err)
		}
	}()
}

// write exports e into <dir>/<height>.tmp, renames it <dir>/<height> and
// drops the snapshots past Keep.
func (s *snapshots) write(e *state.Export) error {
	start := time.Now()
	final := filepath.Join(s.cfg.Dir, strconv.FormatInt(e.Height(), 10))
	tmp := final + tmpSuffix
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		return err
	}
	var size int64
	m, err := e.Write(func(i uint32, chunk []byte) error {
		s.mu.Lock()
		closing := s.closing
		s.mu.Unlock()
		if closing {
			return errClosing
		}
		size += int64(len(chunk))
		return writeFileSync(filepath.Join(tmp, chunkName(i)), chunk)
	})
	if err == nil {
		err = writeFileSync(filepath.Join(tmp, manifestFile), m.Encode())
	}
	if err == nil {
		err = os.RemoveAll(final) // a snapshot of the same height from before a restart
	}
	if err == nil {
		err = os.Rename(tmp, final)
	}
	if err != nil {
		_ = os.RemoveAll(tmp)
		return err
	}
	s.mu.Lock()
	s.have = slices.DeleteFunc(s.have, func(x *state.SnapshotManifest) bool { return x.Height == m.Height })
	s.have = append(s.have, m)
	var drop []*state.SnapshotManifest
	if n := len(s.have) - s.cfg.Keep; n > 0 {
		drop = slices.Clone(s.have[:n])
		s.have = s.have[n:]
	}
	s.mu.Unlock()
	for _, d := range drop {
		if err := os.RemoveAll(filepath.Join(s.cfg.Dir, strconv.FormatInt(d.Height, 10))); err != nil {
			s.log.Warn("removing an old snapshot", "height", d.Height, "err", err)
		}
	}
	s.log.Info("snapshot taken", "height", m.Height, "chunks", m.Chunks, "bytes", size,
		"hash", hex.EncodeToString(m.Hash[:8]), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

func chunkName(i uint32) string { return fmt.Sprintf("%s%06d", chunkPrefix, i) }

func writeFileSync(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// close stops a running export and waits for it.
func (s *snapshots) close() {
	s.mu.Lock()
	s.closing = true
	s.mu.Unlock()
	s.wg.Wait()
}

// wait waits for a running export (tests).
func (s *snapshots) wait() { s.wg.Wait() }

// Close stops a snapshot being written and waits for it. Call it before
// closing the state; the App is not usable afterwards.
func (a *App) Close() { a.snaps.close() }

// WaitSnapshots waits until no snapshot is being written (tests).
func (a *App) WaitSnapshots() { a.snaps.wait() }

// Snapshots returns the manifests of the snapshots this node serves,
// oldest first.
func (a *App) Snapshots() []state.SnapshotManifest {
	a.snaps.mu.Lock()
	defer a.snaps.mu.Unlock()
	out := make([]state.SnapshotManifest, len(a.snaps.have))
	for i, m := range a.snaps.have {
		out[i] = *m
	}
	return out
}

// retainHeight is the RetainHeight Commit returns after block h: blocks
// below it are pruned from CometBFT's block store (ADR 0021). An archive
// node keeps everything; otherwise blocks older than the payload
// retention go, but never one a served snapshot still needs (the blocks
// after the oldest snapshot served let a node that restored it catch up).
func (a *App) retainHeight(h int64) int64 {
	if a.archive || a.params.PayloadRetention <= 0 {
		return 0
	}
	r := h - a.params.PayloadRetention + 1
	if a.snaps.enabled() {
		r = min(r, a.snaps.oldest())
	}
	return max(r, 0)
}

// ListSnapshots lists the snapshots this node serves.
func (a *App) ListSnapshots(context.Context, *abci.RequestListSnapshots) (*abci.ResponseListSnapshots, error) {
	resp := &abci.ResponseListSnapshots{}
	for _, m := range a.Snapshots() {
		resp.Snapshots = append(resp.Snapshots, &abci.Snapshot{
			Height: uint64(m.Height), Format: m.Format, Chunks: m.Chunks, Hash: m.Hash, Metadata: m.Metadata,
		})
	}
	return resp, nil
}

// LoadSnapshotChunk returns a chunk of a snapshot this node serves; an
// empty one if it has no such snapshot (any more).
func (a *App) LoadSnapshotChunk(_ context.Context, req *abci.RequestLoadSnapshotChunk) (*abci.ResponseLoadSnapshotChunk, error) {
	a.snaps.mu.Lock()
	var m *state.SnapshotManifest
	for _, x := range a.snaps.have {
		if uint64(x.Height) == req.Height && x.Format == req.Format {
			m = x
		}
	}
	a.snaps.mu.Unlock()
	if m == nil || req.Chunk >= m.Chunks {
		return &abci.ResponseLoadSnapshotChunk{}, nil
	}
	b, err := os.ReadFile(filepath.Join(a.snaps.cfg.Dir, strconv.FormatInt(m.Height, 10), chunkName(req.Chunk)))
	if err != nil {
		// Dropped past Keep meanwhile: the peer asks another node.
		a.log.Debug("snapshot chunk not served", "height", req.Height, "chunk", req.Chunk, "err", err)
		return &abci.ResponseLoadSnapshotChunk{}, nil
	}
	return &abci.ResponseLoadSnapshotChunk{Chunk: b}, nil
}

// OfferSnapshot starts restoring a snapshot whose app hash CometBFT's light
// client verified (req.AppHash).
func (a *App) OfferSnapshot(_ context.Context, req *abci.RequestOfferSnapshot) (*abci.ResponseOfferSnapshot, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if req.Snapshot == nil {
		return &abci.ResponseOfferSnapshot{Result: abci.ResponseOfferSnapshot_REJECT}, nil
	}
	sn := req.Snapshot
	m := &state.SnapshotManifest{Height: int64(sn.Height), Format: sn.Format, Chunks: sn.Chunks, Hash: sn.Hash, Metadata: sn.Metadata}
	r, err := a.st.BeginRestore(m, req.AppHash)
	switch {
	case err == nil:
	case errors.Is(err, state.ErrSnapshotFormat):
		a.log.Info("snapshot refused", "height", sn.Height, "format", sn.Format, "reason", err)
		return &abci.ResponseOfferSnapshot{Result: abci.ResponseOfferSnapshot_REJECT_FORMAT}, nil
	case errors.Is(err, state.ErrSnapshotMalformed), errors.Is(err, state.ErrSnapshotAppHash):
		a.log.Warn("snapshot refused", "height", sn.Height, "reason", err)
		return &abci.ResponseOfferSnapshot{Result: abci.ResponseOfferSnapshot_REJECT}, nil
	default:
		a.log.Error("state sync aborted", "height", sn.Height, "err", err)
		return &abci.ResponseOfferSnapshot{Result: abci.ResponseOfferSnapshot_ABORT}, nil
	}
	a.snaps.mu.Lock()
	a.snaps.restore = r
	a.snaps.mu.Unlock()
	a.log.Info("restoring a snapshot", "height", sn.Height, "chunks", sn.Chunks, "app_hash", hex.EncodeToString(req.AppHash))
	return &abci.ResponseOfferSnapshot{Result: abci.ResponseOfferSnapshot_ACCEPT}, nil
}

// ApplySnapshotChunk verifies a chunk against the trusted app hash and
// writes it (state.Restore.Apply). What happens to a chunk that fails:
//
//   - its bytes are not the ones the snapshot lists (a peer tampered with
//     a chunk of a good snapshot): RETRY, the chunk refetched, the sender
//     rejected;
//   - it is the listed chunk but does not verify (the snapshot itself is
//     bad: its metadata lists a bad chunk, or its head does not hash to
//     the app hash): REJECT_SNAPSHOT, and its sender rejected — refetching
//     it from anyone would give the same bytes;
//   - out of order: RETRY_SNAPSHOT (the restore starts over).
//
// Nothing of a failed chunk is written.
func (a *App) ApplySnapshotChunk(_ context.Context, req *abci.RequestApplySnapshotChunk) (*abci.ResponseApplySnapshotChunk, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.snaps.mu.Lock()
	r := a.snaps.restore
	a.snaps.mu.Unlock()
	if r == nil {
		a.log.Error("snapshot chunk without a snapshot offered", "chunk", req.Index)
		return &abci.ResponseApplySnapshotChunk{Result: abci.ResponseApplySnapshotChunk_ABORT}, nil
	}
	err := r.Apply(req.Index, req.Chunk)
	resp := &abci.ResponseApplySnapshotChunk{Result: abci.ResponseApplySnapshotChunk_ACCEPT}
	switch {
	case err == nil:
		if r.Done() {
			a.snaps.mu.Lock()
			a.snaps.restore = nil
			a.snaps.mu.Unlock()
			m := a.st.Meta()
			a.pool.newBlock(m.Height)
			a.log.Info("state sync: ledger state restored", "height", m.Height, "app_hash", hex.EncodeToString(m.AppHash()))
		}
		return resp, nil
	case errors.Is(err, state.ErrSnapshotChunkHash):
		resp.Result = abci.ResponseApplySnapshotChunk_RETRY
		resp.RefetchChunks = []uint32{req.Index}
		resp.RejectSenders = senders(req.Sender)
	case errors.Is(err, state.ErrSnapshotOrder):
		resp.Result = abci.ResponseApplySnapshotChunk_RETRY_SNAPSHOT
	case errors.Is(err, state.ErrSnapshotAppHash), errors.Is(err, state.ErrSnapshotMalformed),
		errors.Is(err, state.ErrSnapshotMismatch), errors.Is(err, state.ErrSnapshotAudit):
		resp.Result = abci.ResponseApplySnapshotChunk_REJECT_SNAPSHOT
		resp.RejectSenders = senders(req.Sender)
	default:
		a.log.Error("state sync aborted", "height", r.Height(), "chunk", req.Index, "err", err)
		return &abci.ResponseApplySnapshotChunk{Result: abci.ResponseApplySnapshotChunk_ABORT}, nil
	}
	a.log.Warn("snapshot chunk refused", "height", r.Height(), "chunk", req.Index, "sender", req.Sender, "result", resp.Result, "reason", err)
	return resp, nil
}

func senders(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
