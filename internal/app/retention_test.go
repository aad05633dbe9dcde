package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/internal/codec"
	"github.com/stegos-go/stegos/internal/state"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// retentionApp is newApp with a retention window of window blocks.
func retentionApp(t *testing.T, window int64) (*App, *state.State, string) {
	t.Helper()
	dir := t.TempDir()
	st, err := state.Open(dir, discard())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p := testParams()
	p.PayloadRetention = window
	a, err := New(Config{Params: p, State: st, Logger: discard()})
	if err != nil {
		t.Fatal(err)
	}
	initChain(t, a)
	return a, st, dir
}

func query(t *testing.T, a *App, path string, data []byte) *abci.ResponseQuery {
	t.Helper()
	r, err := a.Query(context.Background(), &abci.RequestQuery{Path: path, Data: data})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func payloadQuery(height int64, id ledger.OutputID) []byte {
	return append(binary.BigEndian.AppendUint64(nil, uint64(height)), id[:]...)
}

// filesHold returns the files under dir that contain b, leaving out
// pebble's write-ahead logs (*.log): pebble recycles them, so a reused log
// keeps a stale tail of old writes until it is overwritten, bounded by the
// size of the memtables, not by time (ADR 0020, "What stays").
func filesHold(t *testing.T, dir string, b []byte) []string {
	t.Helper()
	var hits []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) == ".log" {
			return err
		}
		raw, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // a table pebble removed meanwhile
		}
		if err != nil {
			return err
		}
		if bytes.Contains(raw, b) {
			hits = append(hits, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

// Every node drops a block's payloads and its transaction index when the
// block leaves the retention window; the cores stay, the app hash never
// depended on the payloads, and the outputs stay spendable.
func TestPayloadsExpireAfterTheWindow(t *testing.T) {
	const window = 5
	a, st, dir := retentionApp(t, window)
	ws := walletsFor(t, a)
	raw := pay(t, ws[0], ws[1].Address(), 3*ledger.STG, "a memo that will be forgotten")
	block(t, a, [][]byte{raw}, ws...) // block 1
	tx, err := ledger.DecodeTx(raw)
	if err != nil {
		t.Fatal(err)
	}
	id := ledger.ID(tx.Outputs[0])
	sealed := tx.Outputs[0].(*ledger.ConfidentialOutput).Payload[:]

	r := query(t, a, QueryPayload, payloadQuery(1, id))
	if r.Code != 0 || !bytes.Equal(r.Value, sealed) {
		t.Fatalf("payload within the window: code %d (%s), %d bytes", r.Code, r.Log, len(r.Value))
	}
	txid := tx.ID()
	if r := query(t, a, QueryTx, txid[:]); r.Code != 0 || binary.BigEndian.Uint64(r.Value) != 1 || binary.BigEndian.Uint32(r.Value[8:]) != 0 {
		t.Fatalf("tx index within the window: code %d (%s) %x", r.Code, r.Log, r.Value)
	}
	if err := st.CompactExpired(0); err != nil { // flushes the memtable too
		t.Fatal(err)
	}
	if hits := filesHold(t, dir, sealed[100:164]); len(hits) == 0 {
		t.Fatal("the payload is not on disk within the window: the test would prove nothing")
	}

	for h := int64(2); h <= 1+window; h++ {
		if h == 1+window {
			if r := query(t, a, QueryPayload, payloadQuery(1, id)); r.Code != 0 {
				t.Fatalf("payload gone at block %d, one block early", h-1)
			}
		}
		block(t, a, nil)
	}
	if r := query(t, a, QueryPayload, payloadQuery(1, id)); ledger.Kind(r.Code) != ledger.KindUnknownInput {
		t.Fatalf("payload after the window: code %d, want unknown", r.Code)
	}
	if r := query(t, a, QueryTx, txid[:]); ledger.Kind(r.Code) != ledger.KindUnknownInput {
		t.Fatalf("tx index after the window: code %d, want unknown", r.Code)
	}
	r = query(t, a, QueryUTXO, id[:])
	if r.Code != 0 {
		t.Fatalf("the core after the window: code %d (%s)", r.Code, r.Log)
	}
	core, err := ledger.DecodeCore(r.Value[12:])
	if err != nil || ledger.ID(core) != id {
		t.Fatalf("the core decodes to %v, %v", core, err)
	}
	// The recipient spends the output from its core.
	back := pay(t, ws[1], ws[0].Address(), 2*ledger.STG, "")
	if resp := block(t, a, [][]byte{back}, ws...); resp.TxResults[0].Code != 0 {
		t.Fatalf("spending after the window: %s", resp.TxResults[0].Log)
	}
	if rep, err := st.Audit(); err != nil {
		t.Fatalf("audit: %v (%+v)", err, rep)
	}
	if err := st.CompactExpired(1); err != nil {
		t.Fatal(err)
	}
	// Closing waits for pebble to delete the tables the compaction made
	// obsolete (it does so in the background).
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if hits := filesHold(t, dir, sealed[100:164]); len(hits) > 0 {
		t.Fatalf("the payload is still on disk after the window and a compaction: %v", hits)
	}
}

// QueryCores pages through the whole UTXO set in id order, each core
// hashing to its id.
func TestQueryCoresPages(t *testing.T) {
	a, st, _ := retentionApp(t, 600)
	want := map[ledger.OutputID]bool{}
	if err := st.ForEachUTXO(func(u *state.UTXO) error { want[u.ID] = true; return nil }); err != nil {
		t.Fatal(err)
	}
	got := map[ledger.OutputID]bool{}
	var after []byte
	for pages := 0; ; pages++ {
		if pages > len(want) {
			t.Fatal("paging does not end")
		}
		r := query(t, a, QueryCores, binary.BigEndian.AppendUint16(append([]byte{}, after...), 3))
		if r.Code != 0 {
			t.Fatalf("code %d: %s", r.Code, r.Log)
		}
		rd := codec.NewReader(r.Value)
		n := int(rd.Uint16())
		var last ledger.OutputID
		for i := 0; i < n; i++ {
			rd.Fixed(last[:])
			rd.Uint64()
			rd.Uint32()
			o, err := ledger.DecodeCore(rd.Var(1024))
			if err != nil || ledger.ID(o) != last {
				t.Fatalf("page %d output %d: %v", pages, i, err)
			}
			if got[last] {
				t.Fatalf("output %s twice", last)
			}
			got[last] = true
		}
		if err := rd.Finish(); err != nil {
			t.Fatal(err)
		}
		if n < 3 {
			break
		}
		after = last[:]
	}
	if len(got) != len(want) {
		t.Fatalf("paged %d outputs, the set has %d", len(got), len(want))
	}
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"odd length", make([]byte, 5)},
		{"page of zero", []byte{0, 0}},
		{"page over the maximum", binary.BigEndian.AppendUint16(nil, MaxCoresPage+1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if r := query(t, a, QueryCores, tt.data); ledger.Kind(r.Code) != ledger.KindMalformed {
				t.Fatalf("code %d (%s), want malformed", r.Code, r.Log)
			}
		})
	}
}

func TestRetentionQueriesRefuseMalformedData(t *testing.T) {
	a, _, _ := retentionApp(t, 600)
	for _, tt := range []struct{ path string }{{QueryTx}, {QueryPayload}} {
		t.Run(tt.path, func(t *testing.T) {
			if r := query(t, a, tt.path, []byte{1, 2, 3}); ledger.Kind(r.Code) != ledger.KindMalformed {
				t.Fatalf("code %d (%s), want malformed", r.Code, r.Log)
			}
		})
	}
}

// A data packet and a payment look the same to every node: same tag, same
// size, payloads kept for the same window and dropped in the same block.
func TestDataAndPaymentsLookAlike(t *testing.T) {
	const window = 3
	a, _, _ := retentionApp(t, window)
	ws := walletsFor(t, a)
	tx, err := ws[0].Pay(rand.Reader, []txbuilder.Payment{
		{To: ws[1].Address(), Amount: ledger.STG, Memo: []byte("a payment")},
		{To: ws[1].Address(), Data: true, Memo: bytes.Repeat([]byte{0xda}, payload.MaxDataSize)},
	})
	if err != nil {
		t.Fatal(err)
	}
	block(t, a, [][]byte{tx.Encode()}, ws...)
	var ids []ledger.OutputID
	size := -1
	for i, o := range tx.Outputs {
		co, ok := o.(*ledger.ConfidentialOutput)
		if !ok {
			t.Fatalf("output %d is %s", i, o.Type())
		}
		enc := ledger.EncodeOutput(co)
		if size >= 0 && len(enc) != size {
			t.Fatalf("output %d is %d bytes, output 0 %d", i, len(enc), size)
		}
		size = len(enc)
		if enc[0] != byte(ledger.TagConfidential) {
			t.Fatalf("output %d has tag %#x", i, enc[0])
		}
		ids = append(ids, ledger.ID(o))
	}
	for h := int64(1); h <= window+1; h++ {
		kept := 0
		for _, id := range ids {
			if query(t, a, QueryPayload, payloadQuery(1, id)).Code == 0 {
				kept++
			}
		}
		if kept != 0 && kept != len(ids) {
			t.Fatalf("after block %d, %d of %d payloads kept: expiry tells them apart", h, kept, len(ids))
		}
		if want := h < 1+window; (kept == len(ids)) != want {
			t.Fatalf("after block %d: payloads kept %v, want %v", h, kept == len(ids), want)
		}
		block(t, a, nil)
	}
}

// An archive node keeps the payloads with its blocks.
func TestArchiveKeepsPayloads(t *testing.T) {
	st, err := state.Open(t.TempDir(), discard())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p := testParams()
	p.PayloadRetention = 2
	a, err := New(Config{Params: p, State: st, Logger: discard(), Archive: true})
	if err != nil {
		t.Fatal(err)
	}
	initChain(t, a)
	ws := walletsFor(t, a)
	raw := pay(t, ws[0], ws[1].Address(), ledger.STG, "kept")
	block(t, a, [][]byte{raw}, ws...)
	tx, _ := ledger.DecodeTx(raw)
	for range 4 {
		block(t, a, nil)
	}
	if r := query(t, a, QueryPayload, payloadQuery(1, ledger.ID(tx.Outputs[0]))); r.Code != 0 {
		t.Fatalf("an archive node dropped a payload: code %d (%s)", r.Code, r.Log)
	}
	if id := tx.ID(); query(t, a, QueryTx, id[:]).Code != 0 {
		t.Fatal("an archive node dropped its tx index")
	}
}
