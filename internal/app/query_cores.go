package app

import (
	"bytes"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stegos-go/stegos/internal/codec"
	"github.com/stegos-go/stegos/internal/state"
	"github.com/stegos-go/stegos/ledger"
)

// Query paths of the retention window and of restoring from cores
// (ADR 0020).
const (
	// QueryTx takes a 32-byte transaction id and answers with height u64 ‖
	// position u32 (among the block's accepted transactions), or code
	// KindUnknownInput if the node knows no such transaction within the
	// retention window.
	QueryTx = "/tx"
	// QueryCores pages through the UTXO set in id order: data is the id to
	// start after (empty: from the start) optionally followed by a count
	// u16 (default and maximum MaxCoresPage). The answer is a count u16,
	// then for each output: id 32 ‖ height u64 ‖ index u32 ‖ length u32 ‖
	// core encoding. Fewer than asked means the end of the set. A wallet
	// restored after the retention window scans these instead of blocks.
	QueryCores = "/cores"
	// QueryPayload takes height u64 ‖ output id 32 and answers with the
	// sealed payload the block at height created for that output, or code
	// KindUnknownInput if the node no longer keeps it.
	QueryPayload = "/payload"
)

// MaxCoresPage is the most outputs one QueryCores answer holds (about
// 140 B each: 2 000 make under 300 KiB).
const MaxCoresPage = 2000

func badQuery(height int64, format string, args ...any) (*abci.ResponseQuery, error) {
	return &abci.ResponseQuery{Code: uint32(ledger.KindMalformed), Log: fmt.Sprintf(format, args...), Height: height}, nil
}

func (a *App) queryTx(req *abci.RequestQuery, height int64) (*abci.ResponseQuery, error) {
	var id ledger.TxID
	if len(req.Data) != len(id) {
		return badQuery(height, "transaction id must be %d bytes, got %d", len(id), len(req.Data))
	}
	copy(id[:], req.Data)
	h, pos, ok, err := a.st.TxLocation(id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return &abci.ResponseQuery{Code: uint32(ledger.KindUnknownInput), Log: fmt.Sprintf("transaction %s is not in the last %d blocks", id, a.params.PayloadRetention), Height: height}, nil
	}
	w := codec.NewWriter(12)
	w.Uint64(uint64(h))
	w.Uint32(pos)
	return &abci.ResponseQuery{Key: id[:], Value: w.Bytes(), Height: height}, nil
}

func (a *App) queryCores(req *abci.RequestQuery, height int64) (*abci.ResponseQuery, error) {
	var after []byte
	limit := MaxCoresPage
	switch len(req.Data) {
	case 0:
	case 2, 34:
		r := codec.NewReader(req.Data[len(req.Data)-2:])
		if limit = int(r.Uint16()); limit == 0 || limit > MaxCoresPage {
			return badQuery(height, "page size %d, want 1..%d", limit, MaxCoresPage)
		}
		if len(req.Data) == 34 {
			after = req.Data[:32]
		}
	case 32:
		after = req.Data
	default:
		return badQuery(height, "cores query data must be empty, a 32-byte id, a u16 count or both, got %d bytes", len(req.Data))
	}
	w := codec.NewWriter(2 + limit*160)
	w.Uint16(0) // patched below
	n := 0
	err := a.st.ForEachUTXOAfter(after, func(u *state.UTXO) error {
		if n == limit {
			return errStopPage
		}
		core := ledger.EncodeCore(u.Output)
		w.Fixed(u.ID[:])
		w.Uint64(uint64(u.Height))
		w.Uint32(u.Index)
		w.Var(core)
		n++
		return nil
	})
	if err != nil && err != errStopPage {
		return nil, err
	}
	b := w.Bytes()
	b[0], b[1] = byte(n>>8), byte(n)
	return &abci.ResponseQuery{Value: b, Height: height}, nil
}

var errStopPage = fmt.Errorf("app: page full")

func (a *App) queryPayload(req *abci.RequestQuery, height int64) (*abci.ResponseQuery, error) {
	if len(req.Data) != 40 {
		return badQuery(height, "payload query data must be height u64 ‖ output id (40 bytes), got %d", len(req.Data))
	}
	r := codec.NewReader(req.Data)
	h := int64(r.Uint64())
	var id ledger.OutputID
	r.Fixed(id[:])
	p, ok, err := a.st.Payload(h, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return &abci.ResponseQuery{Code: uint32(ledger.KindUnknownInput), Log: fmt.Sprintf("no payload of output %s from block %d (dropped after %d blocks, or never there)", id, h, a.params.PayloadRetention), Height: height}, nil
	}
	return &abci.ResponseQuery{Key: bytes.Clone(req.Data), Value: p, Height: height}, nil
}
