package app

import (
	"context"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stegos-go/stegos/internal/codec"
	"github.com/stegos-go/stegos/ledger"
)

// Query paths.
const (
	// QueryUTXO takes a 32-byte output id and answers with the unspent
	// output: height u64 ‖ index u32 ‖ core encoding (ledger.EncodeCore)
	// (code 0), or code KindUnknownInput if it is not in the UTXO set.
	QueryUTXO = "/utxo"
	// QueryMeta takes no data and answers with the committed chain
	// metadata in MetaSize bytes: height u64 ‖ supply u64 ‖ burned u64,
	// big-endian, amounts in µSTG (see state.Meta).
	QueryMeta = "/meta"
)

// MetaSize is the size of a QueryMeta answer.
const MetaSize = 8 + 8 + 8

// Transaction events. FinalizeBlock gives every accepted transaction an
// event of type EventTx with one attribute, EventTxID, holding the hex
// ledger transaction id, for subscribers of CometBFT's event stream.
// Looking a transaction up goes through QueryTx: nodes run without
// CometBFT's transaction indexer, which would keep every transaction's
// bytes (payloads included) forever (ADR 0020).
const (
	EventTx   = "stegos"
	EventTxID = "txid"
)

// txEvent is the event of an accepted transaction.
func txEvent(id ledger.TxID) abci.Event {
	return abci.Event{Type: EventTx, Attributes: []abci.EventAttribute{{Key: EventTxID, Value: id.String(), Index: true}}}
}

// Query answers read-only questions about the committed state.
func (a *App) Query(_ context.Context, req *abci.RequestQuery) (*abci.ResponseQuery, error) {
	m := a.st.Meta()
	if m == nil {
		return &abci.ResponseQuery{Code: uint32(ledger.KindMalformed), Log: "no genesis yet"}, nil
	}
	if res, ok, err := a.queryStaking(req); ok {
		return res, err
	}
	switch req.Path {
	case QueryUTXO:
		var id ledger.OutputID
		if len(req.Data) != len(id) {
			return &abci.ResponseQuery{Code: uint32(ledger.KindMalformed), Log: fmt.Sprintf("output id must be %d bytes, got %d", len(id), len(req.Data))}, nil
		}
		copy(id[:], req.Data)
		u, ok, err := a.st.Output(id)
		if err != nil {
			return nil, err
		}
		if !ok {
			return &abci.ResponseQuery{Code: uint32(ledger.KindUnknownInput), Log: fmt.Sprintf("output %s is not unspent", id), Height: m.Height}, nil
		}
		core := ledger.EncodeCore(u.Output)
		w := codec.NewWriter(12 + len(core))
		w.Uint64(uint64(u.Height))
		w.Uint32(u.Index)
		w.Fixed(core)
		return &abci.ResponseQuery{Key: id[:], Value: w.Bytes(), Height: m.Height}, nil
	case QueryTx:
		return a.queryTx(req, m.Height)
	case QueryCores:
		return a.queryCores(req, m.Height)
	case QueryPayload:
		return a.queryPayload(req, m.Height)
	case QueryMeta:
		w := codec.NewWriter(MetaSize)
		w.Uint64(uint64(m.Height))
		w.Uint64(m.Supply)
		w.Uint64(m.Burned)
		return &abci.ResponseQuery{Value: w.Bytes(), Height: m.Height}, nil
	}
	return &abci.ResponseQuery{Code: uint32(ledger.KindMalformed), Log: fmt.Sprintf("unknown query path %q (known: %s, %s, %s, %s, %s, %s, %s, %s)", req.Path, QueryUTXO, QueryMeta, QueryTx, QueryCores, QueryPayload, QueryValidators, QueryAwardPool, QueryAwards)}, nil
}
