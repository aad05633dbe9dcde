package webui

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net/http"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/ledger"
)

// maxAwards is how many past draws the award page lists.
const maxAwards = 50

// indexPage is the explorer's front page: the chain summary and a page of
// blocks.
type indexPage struct {
	ChainID   string
	Height    int64
	Supply    uint64
	Burned    uint64
	BlockTime time.Duration
	Pool      api.AwardPool
	Blocks    []blockRow
	// Newer and Older are the from= of the neighbouring pages; 0 when
	// there is none.
	Newer, Older int64
}

// index serves /explorer[?from=height]: the blocks from that height down.
func (e *Explorer) index(ctx context.Context, r *http.Request) (*view, error) {
	tip, err := e.cfg.Chain.Tip(ctx)
	if err != nil {
		return nil, err
	}
	from := tip
	if s := r.URL.Query().Get("from"); s != "" {
		h, err := parseHeight(s)
		if err != nil {
			return nil, badRequest("Bad page", err.Error())
		}
		from = min(h, tip)
	}
	meta, err := e.cfg.Chain.Meta(ctx)
	if err != nil {
		return nil, err
	}
	p := indexPage{ChainID: e.cfg.Params.ChainID, Height: meta.Height, Supply: meta.Supply, Burned: meta.Burned, BlockTime: e.cfg.Params.BlockTime}
	if err := e.cfg.Chain.QueryJSON(ctx, app.QueryAwardPool, nil, &p.Pool); err != nil {
		return nil, err
	}
	size := int64(e.cfg.PageSize)
	for h := from; h >= 1 && h > from-size; h-- {
		b, err := e.cfg.Chain.Block(ctx, h)
		if errors.Is(err, chainsrc.ErrNotFound) {
			break // pruned below here
		}
		if err != nil {
			return nil, err
		}
		p.Blocks = append(p.Blocks, summaryView(b))
	}
	if from < tip {
		p.Newer = min(from+size, tip)
	}
	if from-size >= 1 {
		p.Older = from - size
	}
	return &view{page: "index", title: "Explorer", data: p}, nil
}

// block serves /explorer/block/{height}.
func (e *Explorer) block(ctx context.Context, r *http.Request) (*view, error) {
	h, err := parseHeight(r.PathValue("height"))
	if err != nil {
		return nil, badRequest("Bad block height", err.Error())
	}
	tip, err := e.cfg.Chain.Tip(ctx)
	if err != nil {
		return nil, err
	}
	if h > tip {
		return nil, notFound("No such block", fmt.Sprintf("There is no block at height %d yet: the chain is at height %d.", h, tip))
	}
	b, err := e.cfg.Chain.Block(ctx, h)
	if errors.Is(err, chainsrc.ErrNotFound) {
		return nil, notFound("Block not available", fmt.Sprintf("The node does not store block %d (it was pruned).", h))
	}
	if err != nil {
		return nil, err
	}
	return &view{page: "block", title: fmt.Sprintf("Block %d", h), data: blockView(b, tip)}, nil
}

// tx serves /explorer/tx/{id}.
func (e *Explorer) tx(ctx context.Context, r *http.Request) (*view, error) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return nil, badRequest("Bad transaction id", err.Error())
	}
	in, err := e.cfg.Chain.Tx(ctx, id)
	if errors.Is(err, chainsrc.ErrNotFound) {
		return nil, notFound("No such transaction", fmt.Sprintf("No block this node keeps holds transaction %s. A transaction still waiting in the mempool is not shown here, and nodes drop blocks older than the payload retention window.", id))
	}
	if err != nil {
		return nil, err
	}
	tip, err := e.cfg.Chain.Tip(ctx)
	if err != nil {
		return nil, err
	}
	return &view{page: "tx", title: "Transaction " + shortHex(id.String()), data: txView(in, tip)}, nil
}

// outputPage is the output page.
type outputPage struct {
	ID      string
	Unspent bool
	// Located is set when the node said where the output was created:
	// Height (0 for the genesis allocations), the transaction (TxID, empty
	// for the genesis) and the output itself.
	Located bool
	Height  int64
	TxID    string
	Output  outputRow
}

// output serves /explorer/output/{id}.
func (e *Explorer) output(ctx context.Context, r *http.Request) (*view, error) {
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		return nil, badRequest("Bad output id", err.Error())
	}
	p := outputPage{ID: id.String()}
	if e.cfg.Query != nil {
		u, err := e.utxo(ctx, id)
		if err != nil {
			return nil, err
		}
		if u != nil {
			p.Unspent, p.Located, p.Height, p.Output = true, true, u.height, outputView(u.out)
			if p.TxID, err = e.creatingTx(ctx, u); err != nil {
				return nil, err
			}
		}
	} else if p.Unspent, err = e.cfg.Chain.Unspent(ctx, id); err != nil {
		return nil, err
	}
	if !p.Unspent {
		return nil, notFound("Output not unspent", fmt.Sprintf("Output %s is not in the set of unspent outputs: it was spent, or never existed. "+
			"The node keeps no index of spent outputs; the transaction that spent it lists it among its inputs.", id))
	}
	return &view{page: "output", title: "Output " + shortHex(p.ID), data: p}, nil
}

// utxo is an unspent output and where it was created.
type utxo struct {
	height int64
	index  uint32
	out    ledger.Output
}

// utxo asks the application for an unspent output (app.QueryUTXO); nil
// if it is not unspent.
func (e *Explorer) utxo(ctx context.Context, id ledger.OutputID) (*utxo, error) {
	res, err := e.cfg.Query.ABCIQuery(ctx, app.QueryUTXO, id[:])
	if err != nil {
		return nil, fmt.Errorf("webui: query output %s: %w", id, err)
	}
	rr := res.Response
	switch {
	case ledger.Kind(rr.Code) == ledger.KindUnknownInput:
		return nil, nil
	case rr.Code != abci.CodeTypeOK:
		return nil, fmt.Errorf("webui: query output %s: code %d: %s", id, rr.Code, rr.Log)
	case len(rr.Value) < 12:
		return nil, fmt.Errorf("webui: query output %s: answer of %d bytes", id, len(rr.Value))
	}
	out, err := ledger.DecodeCore(rr.Value[12:])
	if err != nil {
		return nil, fmt.Errorf("webui: query output %s: %w", id, err)
	}
	if ledger.ID(out) != id {
		return nil, fmt.Errorf("webui: query output %s: the node answered another output", id)
	}
	return &utxo{height: int64(binary.BigEndian.Uint64(rr.Value[0:8])), index: binary.BigEndian.Uint32(rr.Value[8:12]), out: out}, nil
}

// creatingTx finds the transaction of u's block whose output at u's index
// is u; "" for the genesis allocations.
func (e *Explorer) creatingTx(ctx context.Context, u *utxo) (string, error) {
	if u.height == 0 {
		return "", nil
	}
	b, err := e.cfg.Chain.Block(ctx, u.height)
	if errors.Is(err, chainsrc.ErrNotFound) {
		return "", nil // pruned: the page shows the height only
	}
	if err != nil {
		return "", err
	}
	id := ledger.ID(u.out)
	for _, tx := range b.Txs {
		if int(u.index) < len(tx.Outputs) && ledger.ID(tx.Outputs[u.index]) == id {
			return tx.ID().String(), nil
		}
	}
	return "", nil
}

// validatorsPage is the validators page.
type validatorsPage struct {
	Height     int64
	Epoch      int64
	NextEpoch  int64
	Validators []validatorRow
}

// validators serves /explorer/validators.
func (e *Explorer) validators(ctx context.Context, _ *http.Request) (*view, error) {
	var vs api.Validators
	if err := e.cfg.Chain.QueryJSON(ctx, app.QueryValidators, nil, &vs); err != nil {
		return nil, err
	}
	p := validatorsPage{Height: vs.Height, Epoch: vs.Epoch, NextEpoch: vs.NextEpoch, Validators: validatorRows(vs.Validators)}
	return &view{page: "validators", title: "Validators", data: p}, nil
}

// awardPage is the award page.
type awardPage struct {
	Pool      api.AwardPool
	BlockTime time.Duration
	Awards    []api.Award
}

// award serves /explorer/award.
func (e *Explorer) award(ctx context.Context, _ *http.Request) (*view, error) {
	p := awardPage{BlockTime: e.cfg.Params.BlockTime}
	if err := e.cfg.Chain.QueryJSON(ctx, app.QueryAwardPool, nil, &p.Pool); err != nil {
		return nil, err
	}
	limit := binary.BigEndian.AppendUint32(nil, maxAwards)
	if err := e.cfg.Chain.QueryJSON(ctx, app.QueryAwards, limit, &p.Awards); err != nil {
		return nil, err
	}
	return &view{page: "award", title: "Validator Service Award", data: p}, nil
}

// search serves /explorer/search?q=: a height, a transaction id or an
// output id redirects to its page; anything else is a page saying nothing
// matched.
func (e *Explorer) search(ctx context.Context, r *http.Request) (*view, error) {
	q, err := parseQuery(r.URL.Query().Get("q"))
	if err != nil {
		return nil, badRequest("Nothing matched", err.Error())
	}
	if !q.isID {
		tip, err := e.cfg.Chain.Tip(ctx)
		if err != nil {
			return nil, err
		}
		if q.height > tip {
			return nil, notFound("Nothing matched", fmt.Sprintf("There is no block at height %d yet: the chain is at height %d.", q.height, tip))
		}
		return &view{redirect: fmt.Sprintf("/explorer/block/%d", q.height)}, nil
	}
	_, err = e.cfg.Chain.Tx(ctx, q.id)
	switch {
	case err == nil:
		return &view{redirect: "/explorer/tx/" + q.id.String()}, nil
	case !errors.Is(err, chainsrc.ErrNotFound):
		return nil, err
	}
	unspent, err := e.cfg.Chain.Unspent(ctx, q.id)
	if err != nil {
		return nil, err
	}
	if unspent {
		return &view{redirect: "/explorer/output/" + q.id.String()}, nil
	}
	return nil, notFound("Nothing matched", "No transaction in a block and no unspent output has this id. "+
		"Transactions still in the mempool and spent outputs cannot be searched.")
}
