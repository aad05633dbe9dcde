package chainsrc

import (
	"context"
	"encoding/binary"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/codec"
	"github.com/stegos-go/stegos/ledger"
)

// Cores pages through the node's UTXO set (app.QueryCores).
func (c *Comet) Cores(ctx context.Context, after *ledger.OutputID, limit int) ([]Core, int64, error) {
	if limit < 1 || limit > app.MaxCoresPage {
		limit = app.MaxCoresPage
	}
	q := make([]byte, 0, 34)
	if after != nil {
		q = append(q, after[:]...)
	}
	q = binary.BigEndian.AppendUint16(q, uint16(limit))
	res, err := c.c.ABCIQuery(ctx, app.QueryCores, q)
	if err != nil {
		return nil, 0, c.fail(ctx, "query unspent outputs", err)
	}
	if res.Response.Code != abci.CodeTypeOK {
		return nil, 0, fmt.Errorf("chainsrc: query unspent outputs: code %d: %s", res.Response.Code, res.Response.Log)
	}
	cores, err := decodeCores(res.Response.Value, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("chainsrc: unspent outputs from the node: %w", err)
	}
	return cores, res.Response.Height, nil
}

// decodeCores parses an app.QueryCores answer of at most limit outputs.
func decodeCores(b []byte, limit int) ([]Core, error) {
	r := codec.NewReader(b)
	n := int(r.Uint16())
	if r.Err() == nil && n > limit {
		return nil, fmt.Errorf("%d outputs, asked for at most %d", n, limit)
	}
	cores := make([]Core, 0, n)
	for i := 0; i < n && r.Err() == nil; i++ {
		var c Core
		r.Fixed(c.ID[:])
		c.Height = int64(r.Uint64())
		c.Index = r.Uint32()
		raw := r.Var(1024)
		if r.Err() != nil {
			break
		}
		o, err := ledger.DecodeCore(raw)
		if err != nil {
			return nil, fmt.Errorf("output %d: %w", i, err)
		}
		if id := ledger.ID(o); id != c.ID {
			return nil, fmt.Errorf("output %d: the node says id %s, its core hashes to %s", i, c.ID, id)
		}
		c.Output = o
		cores = append(cores, c)
	}
	if err := r.Finish(); err != nil {
		return nil, err
	}
	return cores, nil
}

// Earliest returns the lowest block height the node keeps.
func (c *Comet) Earliest(ctx context.Context) (int64, error) {
	st, err := c.c.Status(ctx)
	if err != nil {
		return 0, c.fail(ctx, "status", err)
	}
	return st.SyncInfo.EarliestBlockHeight, nil
}
