package app

import (
	"context"
	"encoding/binary"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stegos-go/stegos/ledger"
)

// queryMeta runs a QueryMeta query and decodes its fixed encoding.
func queryMeta(t *testing.T, a *App) (height int64, supply, burned uint64) {
	t.Helper()
	r, err := a.Query(context.Background(), &abci.RequestQuery{Path: QueryMeta})
	if err != nil {
		t.Fatal(err)
	}
	if r.Code != abci.CodeTypeOK {
		t.Fatalf("code %d: %s", r.Code, r.Log)
	}
	if len(r.Value) != MetaSize {
		t.Fatalf("answer of %d bytes, want %d", len(r.Value), MetaSize)
	}
	height = int64(binary.BigEndian.Uint64(r.Value[0:]))
	if r.Height != height {
		t.Fatalf("response height %d, encoded height %d", r.Height, height)
	}
	return height, binary.BigEndian.Uint64(r.Value[8:]), binary.BigEndian.Uint64(r.Value[16:])
}

func TestQueryMeta(t *testing.T) {
	a, ws := newApp(t)
	const genesisSupply = 16 * 1000 * ledger.STG // the fixture: 2 accounts × 8 outputs
	if h, supply, burned := queryMeta(t, a); h != 0 || supply != genesisSupply || burned != 0 {
		t.Fatalf("after genesis: height %d supply %d burned %d", h, supply, burned)
	}

	tx := pay(t, ws[0], ws[1].Address(), 5*ledger.STG, "fee")
	block(t, a, [][]byte{tx}, ws...)
	block(t, a, nil, ws...)
	fee := txFee(t, tx)
	h, supply, burned := queryMeta(t, a)
	if h != 2 || supply != genesisSupply-fee || burned != fee {
		t.Fatalf("after 2 blocks: height %d supply %d burned %d, want 2 %d %d", h, supply, burned, genesisSupply-fee, fee)
	}
	m := a.st.Meta()
	if h != m.Height || supply != m.Supply || burned != m.Burned {
		t.Fatalf("answer %d/%d/%d differs from state %+v", h, supply, burned, m)
	}
}

func TestQueryMetaBeforeGenesis(t *testing.T) {
	a := openApp(t, t.TempDir())
	r, err := a.Query(context.Background(), &abci.RequestQuery{Path: QueryMeta})
	if err != nil {
		t.Fatal(err)
	}
	if r.Code == abci.CodeTypeOK {
		t.Fatal("meta answered before genesis")
	}
}

func txFee(t *testing.T, raw []byte) uint64 {
	t.Helper()
	tx, err := ledger.DecodeTx(raw)
	if err != nil {
		t.Fatal(err)
	}
	return tx.Fee
}
