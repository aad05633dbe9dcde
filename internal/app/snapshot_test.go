package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/stegos-go/stegos/internal/state"
)

// snapshotApp is newApp taking a snapshot every interval blocks into dir,
// with a payload retention of window blocks.
func snapshotApp(t *testing.T, dir string, interval, window int64, archive bool) *App {
	t.Helper()
	st, err := state.Open(t.TempDir(), discard())
	if err != nil {
		t.Fatal(err)
	}
	p := testParams()
	p.PayloadRetention = window
	a, err := New(Config{Params: p, State: st, Logger: discard(), Archive: archive,
		Snapshots: SnapshotConfig{Dir: dir, Interval: interval, Keep: 2}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close(); st.Close() })
	return a
}

// emptyApp is an app over an empty state, ready to restore.
func emptyApp(t *testing.T) *App {
	t.Helper()
	return snapshotApp(t, "", 0, 600, false)
}

func commitBlocks(t *testing.T, a *App, n int) []*abci.ResponseCommit {
	t.Helper()
	var out []*abci.ResponseCommit
	ctx := context.Background()
	for i := 0; i < n; i++ {
		h := a.st.Meta().Height + 1
		hash := blockHash(h, nil)
		if _, err := a.FinalizeBlock(ctx, &abci.RequestFinalizeBlock{Hash: hash, Height: h}); err != nil {
			t.Fatal(err)
		}
		c, err := a.Commit(ctx, &abci.RequestCommit{})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
		a.WaitSnapshots() // deterministic for the test
	}
	return out
}

// TestSnapshotsServedAndRestored takes snapshots through Commit, serves
// them through ListSnapshots and LoadSnapshotChunk, and restores the
// latest into an empty app through OfferSnapshot and ApplySnapshotChunk:
// Info then reports the height and app hash, and both apps agree on the
// next block.
func TestSnapshotsServedAndRestored(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := snapshotApp(t, dir, 5, 600, false)
	initChain(t, src)
	ws := walletsFor(t, src)
	block(t, src, [][]byte{pay(t, ws[0], ws[1].Address(), 5, "to the snapshot")}, ws...)
	commitBlocks(t, src, 11) // heights 2..12: snapshots at 5 and 10
	list, err := src.ListSnapshots(ctx, &abci.RequestListSnapshots{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Snapshots) != 2 || list.Snapshots[0].Height != 5 || list.Snapshots[1].Height != 10 {
		t.Fatalf("snapshots %v, want heights 5 and 10", list.Snapshots)
	}
	commitBlocks(t, src, 3) // 15: the one of height 5 goes (keep 2)
	list, _ = src.ListSnapshots(ctx, &abci.RequestListSnapshots{})
	if len(list.Snapshots) != 2 || list.Snapshots[0].Height != 10 || list.Snapshots[1].Height != 15 {
		t.Fatalf("snapshots %v, want heights 10 and 15", list.Snapshots)
	}
	if _, err := os.Stat(filepath.Join(dir, "5")); !os.IsNotExist(err) {
		t.Fatalf("the dropped snapshot's directory is still there: %v", err)
	}
	sn := list.Snapshots[1]
	appHash := src.st.Meta().AppHash() // at height 15 = the snapshot's

	dst := emptyApp(t)
	offer, err := dst.OfferSnapshot(ctx, &abci.RequestOfferSnapshot{Snapshot: sn, AppHash: appHash})
	if err != nil || offer.Result != abci.ResponseOfferSnapshot_ACCEPT {
		t.Fatalf("OfferSnapshot = %v, %v", offer, err)
	}
	for i := uint32(0); i < sn.Chunks; i++ {
		c, err := src.LoadSnapshotChunk(ctx, &abci.RequestLoadSnapshotChunk{Height: sn.Height, Format: sn.Format, Chunk: i})
		if err != nil || len(c.Chunk) == 0 {
			t.Fatalf("LoadSnapshotChunk %d: %v", i, err)
		}
		r, err := dst.ApplySnapshotChunk(ctx, &abci.RequestApplySnapshotChunk{Index: i, Chunk: c.Chunk, Sender: "peer"})
		if err != nil || r.Result != abci.ResponseApplySnapshotChunk_ACCEPT {
			t.Fatalf("ApplySnapshotChunk %d = %v, %v", i, r, err)
		}
	}
	info, err := dst.Info(ctx, &abci.RequestInfo{})
	if err != nil {
		t.Fatal(err)
	}
	if info.LastBlockHeight != 15 || !bytes.Equal(info.LastBlockAppHash, appHash) {
		t.Fatalf("Info after the restore: height %d app hash %x, want 15 %x", info.LastBlockHeight, info.LastBlockAppHash, appHash)
	}
	// The restored app executes the next block like the source.
	tx := pay(t, ws[1], ws[0].Address(), 1, "after the snapshot")
	a := block(t, src, [][]byte{tx})
	b := block(t, dst, [][]byte{tx})
	if !bytes.Equal(a.AppHash, b.AppHash) {
		t.Fatalf("block 16: app hash %x on the source, %x on the restored app", a.AppHash, b.AppHash)
	}
	// A chunk of a snapshot not served is empty.
	c, _ := src.LoadSnapshotChunk(ctx, &abci.RequestLoadSnapshotChunk{Height: 5, Format: sn.Format, Chunk: 0})
	if len(c.Chunk) != 0 {
		t.Fatal("served a chunk of a dropped snapshot")
	}
}

// TestApplySnapshotChunkResults checks what CometBFT is told for each kind
// of failure.
func TestApplySnapshotChunkResults(t *testing.T) {
	ctx := context.Background()
	src := snapshotApp(t, t.TempDir(), 3, 600, false)
	initChain(t, src)
	commitBlocks(t, src, 3)
	list, _ := src.ListSnapshots(ctx, &abci.RequestListSnapshots{})
	if len(list.Snapshots) != 1 {
		t.Fatalf("%d snapshots", len(list.Snapshots))
	}
	sn := list.Snapshots[0]
	appHash := src.st.Meta().AppHash()
	chunk := func(i uint32) []byte {
		c, _ := src.LoadSnapshotChunk(ctx, &abci.RequestLoadSnapshotChunk{Height: sn.Height, Format: sn.Format, Chunk: i})
		return c.Chunk
	}
	offer := func(a *App, s *abci.Snapshot, h []byte) abci.ResponseOfferSnapshot_Result {
		r, err := a.OfferSnapshot(ctx, &abci.RequestOfferSnapshot{Snapshot: s, AppHash: h})
		if err != nil {
			t.Fatal(err)
		}
		return r.Result
	}
	apply := func(a *App, i uint32, c []byte) *abci.ResponseApplySnapshotChunk {
		r, err := a.ApplySnapshotChunk(ctx, &abci.RequestApplySnapshotChunk{Index: i, Chunk: c, Sender: "badpeer"})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}

	t.Run("unknown format", func(t *testing.T) {
		s := *sn
		s.Format++
		if got := offer(emptyApp(t), &s, appHash); got != abci.ResponseOfferSnapshot_REJECT_FORMAT {
			t.Fatalf("result %v", got)
		}
	})
	t.Run("metadata not matching the hash", func(t *testing.T) {
		s := *sn
		s.Hash = bytes.Repeat([]byte{1}, 32)
		if got := offer(emptyApp(t), &s, appHash); got != abci.ResponseOfferSnapshot_REJECT {
			t.Fatalf("result %v", got)
		}
	})
	t.Run("wrong app hash", func(t *testing.T) {
		a := emptyApp(t)
		if got := offer(a, sn, bytes.Repeat([]byte{2}, 32)); got != abci.ResponseOfferSnapshot_ACCEPT {
			t.Fatalf("offer %v", got)
		}
		r := apply(a, 0, chunk(0))
		if r.Result != abci.ResponseApplySnapshotChunk_REJECT_SNAPSHOT {
			t.Fatalf("result %v", r.Result)
		}
	})
	t.Run("chunk tampered in transit", func(t *testing.T) {
		a := emptyApp(t)
		offer(a, sn, appHash)
		if r := apply(a, 0, chunk(0)); r.Result != abci.ResponseApplySnapshotChunk_ACCEPT {
			t.Fatalf("head: %v", r.Result)
		}
		bad := chunk(1)
		bad[len(bad)-1] ^= 1
		r := apply(a, 1, bad)
		if r.Result != abci.ResponseApplySnapshotChunk_RETRY || len(r.RefetchChunks) != 1 || r.RefetchChunks[0] != 1 ||
			len(r.RejectSenders) != 1 || r.RejectSenders[0] != "badpeer" {
			t.Fatalf("response %+v, want RETRY, refetch 1, reject badpeer", r)
		}
		// The good chunk from another peer completes the restore.
		for i := uint32(1); i < sn.Chunks; i++ {
			if r := apply(a, i, chunk(i)); r.Result != abci.ResponseApplySnapshotChunk_ACCEPT {
				t.Fatalf("chunk %d: %v", i, r.Result)
			}
		}
		if a.st.Meta() == nil || !bytes.Equal(a.st.Meta().AppHash(), appHash) {
			t.Fatal("not restored")
		}
	})
	t.Run("out of order", func(t *testing.T) {
		a := emptyApp(t)
		offer(a, sn, appHash)
		if r := apply(a, 1, chunk(1)); r.Result != abci.ResponseApplySnapshotChunk_RETRY_SNAPSHOT {
			t.Fatalf("result %v", r.Result)
		}
	})
	t.Run("no snapshot offered", func(t *testing.T) {
		if r := apply(emptyApp(t), 0, chunk(0)); r.Result != abci.ResponseApplySnapshotChunk_ABORT {
			t.Fatalf("result %v", r.Result)
		}
	})
}

// TestRetainHeight checks Commit's pruning rule: the payload retention,
// never past the oldest snapshot served, nothing on an archive node.
func TestRetainHeight(t *testing.T) {
	for _, tt := range []struct {
		name             string
		interval, window int64
		archive          bool
		blocks           int
		want             []int64 // RetainHeight after blocks 1..blocks
	}{
		{"retention only", 0, 4, false, 6, []int64{0, 0, 0, 1, 2, 3}},
		{"archive", 0, 4, true, 6, []int64{0, 0, 0, 0, 0, 0}},
		// Snapshots at 2 and 4 (keep 2), then 4 and 6: retain ≤ the oldest
		// complete one (the one Commit starts is not yet).
		{"capped by the oldest snapshot", 2, 2, false, 7, []int64{0, 0, 2, 2, 2, 2, 4}},
		{"snapshots behind the window", 3, 4, false, 8, []int64{0, 0, 0, 1, 2, 3, 3, 3}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := ""
			if tt.interval > 0 {
				dir = t.TempDir()
			}
			a := snapshotApp(t, dir, tt.interval, tt.window, tt.archive)
			initChain(t, a)
			var got []int64
			for _, c := range commitBlocks(t, a, tt.blocks) {
				got = append(got, c.RetainHeight)
			}
			if !slicesEqual(got, tt.want) {
				t.Fatalf("retain heights %v, want %v", got, tt.want)
			}
		})
	}
}

func slicesEqual(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestSnapshotsSurviveARestart checks that a restarted app serves the
// snapshots on disk and removes an export a crash interrupted.
func TestSnapshotsSurviveARestart(t *testing.T) {
	dir := t.TempDir()
	a := snapshotApp(t, dir, 2, 600, false)
	initChain(t, a)
	commitBlocks(t, a, 4)
	if err := os.MkdirAll(filepath.Join(dir, "6.tmp"), 0o700); err != nil {
		t.Fatal(err)
	}
	s, err := newSnapshots(SnapshotConfig{Dir: dir, Interval: 2, Keep: 2}, a.st, discard())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.have) != 2 || s.have[0].Height != 2 || s.have[1].Height != 4 {
		t.Fatalf("restarted with %d snapshots", len(s.have))
	}
	if _, err := os.Stat(filepath.Join(dir, "6.tmp")); !os.IsNotExist(err) {
		t.Fatal("the interrupted export is still there")
	}
}
