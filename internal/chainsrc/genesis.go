package chainsrc

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/ledger"
)

// Genesis returns the chain's genesis allocations as block 0 holding one
// transaction without inputs whose outputs are the genesis outputs, in
// order (an output's index is its position, as in InitChain).
func (c *Comet) Genesis(ctx context.Context) (*Block, error) {
	res, err := c.c.Genesis(ctx)
	if err != nil {
		return nil, c.fail(ctx, "genesis", err)
	}
	var g app.Genesis
	if err := json.Unmarshal(res.Genesis.AppState, &g); err != nil {
		return nil, fmt.Errorf("chainsrc: genesis app_state: %w", err)
	}
	tx := &ledger.Tx{}
	for i, h := range g.Outputs {
		b, err := hex.DecodeString(h)
		if err != nil {
			return nil, fmt.Errorf("chainsrc: genesis output %d: %w", i, err)
		}
		o, err := ledger.DecodeOutput(b)
		if err != nil {
			return nil, fmt.Errorf("chainsrc: genesis output %d: %w", i, err)
		}
		tx.Outputs = append(tx.Outputs, o)
	}
	return &Block{Height: 0, Time: res.Genesis.GenesisTime, Txs: []*ledger.Tx{tx}}, nil
}
