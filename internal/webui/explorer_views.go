package webui

import (
	"encoding/hex"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/ledger"
)

// The explorer's views: what a page shows, built only from what the chain
// shows every observer. A confidential output contributes its id, kind and
// size; its commitment hides the amount and its payload is encrypted, and
// neither is put in a view.

// blockRow is a block in the list of latest blocks.
type blockRow struct {
	Height int64
	Hash   string
	Time   time.Time
	Txs    int
	// Size is the bytes of the transactions the ledger accepted.
	Size int
}

// txRow is a transaction in a block's list.
type txRow struct {
	ID      string
	Inputs  int
	Outputs int
	// Kinds counts the outputs by kind: "2 confidential, 1 stake".
	Kinds string
	Fee   uint64
	Size  int
	// Op names a validator operation ("withdraw", "unjail"), if any.
	Op string
}

// outputRow is an output as an observer sees it.
type outputRow struct {
	ID   string
	Kind string // confidential, public or stake (ui-contract.md)
	Size int
	// Public is set for public and stake outputs only: their amount is in
	// the clear on the chain.
	Public bool
	Amount uint64
	// Validator is the consensus key a stake output bonds to;
	// Registration says whether it is the validator's first stake.
	Validator    string
	Registration bool
}

// opView is a validator operation: its amount of rewards is public.
type opView struct {
	Kind      string
	Validator string
	Amount    uint64
}

// txPage is the transaction page.
type txPage struct {
	ID             string
	Height         int64
	Index          int
	Time           time.Time
	Confirmations  int64
	Fee            uint64
	Size           int
	RangeProofSize int
	Inputs         []string
	Outputs        []outputRow
	Op             *opView
}

// blockPage is the block page.
type blockPage struct {
	Height   int64
	Hash     string
	Time     time.Time
	Proposer string
	Size     int
	Txs      []txRow
	// Prev and Next are the neighbouring heights; 0 when there is none.
	Prev, Next int64
}

// summaryView sums a block up for the list.
func summaryView(b *chainsrc.Block) blockRow {
	row := blockRow{Height: b.Height, Hash: hex.EncodeToString(b.Hash), Time: b.Time, Txs: len(b.Txs)}
	for _, tx := range b.Txs {
		row.Size += len(tx.Encode())
	}
	return row
}

// blockView is the page of block b, the chain being at tip.
func blockView(b *chainsrc.Block, tip int64) blockPage {
	p := blockPage{Height: b.Height, Hash: hex.EncodeToString(b.Hash), Time: b.Time, Proposer: hex.EncodeToString(b.Proposer)}
	if b.Height > 1 {
		p.Prev = b.Height - 1
	}
	if b.Height < tip {
		p.Next = b.Height + 1
	}
	for _, tx := range b.Txs {
		size := len(tx.Encode())
		p.Size += size
		row := txRow{ID: tx.ID().String(), Inputs: len(tx.Inputs), Outputs: len(tx.Outputs), Kinds: kindCounts(tx.Outputs), Fee: tx.Fee, Size: size}
		if tx.Op != nil {
			row.Op = tx.Op.Kind.String()
		}
		p.Txs = append(p.Txs, row)
	}
	return p
}

// txView is the page of a committed transaction, the chain being at tip.
func txView(in *chainsrc.TxInBlock, tip int64) txPage {
	tx := in.Tx
	p := txPage{
		ID: tx.ID().String(), Height: in.Height, Index: in.Index, Time: in.Time,
		Confirmations: max(tip-in.Height+1, 1), Fee: tx.Fee, Size: len(tx.Encode()), RangeProofSize: len(tx.RangeProof),
	}
	for _, id := range tx.Inputs {
		p.Inputs = append(p.Inputs, id.String())
	}
	for _, o := range tx.Outputs {
		p.Outputs = append(p.Outputs, outputView(o))
	}
	if tx.Op != nil {
		p.Op = &opView{Kind: tx.Op.Kind.String(), Validator: hex.EncodeToString(tx.Op.Validator[:]), Amount: tx.Op.Amount}
	}
	return p
}

// outputView is an output as an observer sees it. The switch lists the
// kinds whose amount is public; every other kind, confidential included,
// shows none.
func outputView(o ledger.Output) outputRow {
	row := outputRow{ID: ledger.ID(o).String(), Kind: o.Type().String(), Size: len(ledger.EncodeOutput(o))}
	switch o := o.(type) {
	case *ledger.PublicOutput:
		row.Public, row.Amount = true, o.Amount
	case *ledger.StakeOutput:
		row.Public, row.Amount = true, o.Amount
		row.Validator = hex.EncodeToString(o.Validator[:])
		row.Registration = o.Registration != nil
	}
	return row
}

// kindCounts describes outputs by kind, in a fixed order: confidential,
// public, stake, then any other kind.
func kindCounts(outs []ledger.Output) string {
	counts := map[string]int{}
	order := []string{ledger.TypeConfidential.String(), ledger.TypePublic.String(), ledger.TypeStake.String()}
	for _, o := range outs {
		k := o.Type().String()
		if counts[k] == 0 && !slices.Contains(order, k) {
			order = append(order, k)
		}
		counts[k]++
	}
	parts := make([]string, 0, len(order))
	for _, k := range order {
		if counts[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
		}
	}
	return strings.Join(parts, ", ")
}

// validatorRow is a validator on the validators page.
type validatorRow struct {
	api.Validator
	// Uptime is the share of this award period's blocks it signed, as
	// "99.5%", or "–" before it had any block to sign.
	Uptime string
}

// validatorRows adds the uptime to each validator.
func validatorRows(vs []api.Validator) []validatorRow {
	out := make([]validatorRow, 0, len(vs))
	for _, v := range vs {
		out = append(out, validatorRow{Validator: v, Uptime: uptime(v.PeriodSigned, v.PeriodMissed)})
	}
	return out
}

// uptime is signed/(signed+missed) as a percentage with one decimal,
// rounded down so that 1 missed block never shows as 100%.
func uptime(signed, missed int64) string {
	total := signed + missed
	if total <= 0 || signed < 0 {
		return "–"
	}
	permille := signed * 1000 / total
	return fmt.Sprintf("%d.%d%%", permille/10, permille%10)
}

// templateFuncs are the helpers the templates use.
var templateFuncs = template.FuncMap{
	"stg":     formatSTG,
	"short":   shortHex,
	"utc":     formatTime,
	"iso":     func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"approx":  approxDuration,
	"sub":     func(a, b int64) int64 { return a - b },
	"uptoNow": func(h, tip int64) int64 { return max(tip-h, 0) },
}

// formatSTG shows µSTG as STG with all six decimals: "1234.500000 STG".
func formatSTG(u uint64) string {
	return fmt.Sprintf("%d.%06d STG", u/ledger.STG, u%ledger.STG)
}

// shortHex is the first 12 digits of a hex key or id, for tables; the
// full value is in the page too (a title or a link).
func shortHex(s string) string {
	if len(s) <= 12 {
		return s
	}
	return s[:12] + "…"
}

// formatTime shows a block time in UTC to the second.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// approxDuration is blocks × the block time, roughly: "about 45 s",
// "about 3 h", "about 6 days".
func approxDuration(blocks int64, block time.Duration) string {
	if blocks <= 0 || block <= 0 {
		return "now"
	}
	if blocks > math.MaxInt64/int64(block) {
		return "a very long time"
	}
	d := time.Duration(blocks) * block
	switch {
	case d < 2*time.Minute:
		return fmt.Sprintf("about %d s", int64(d.Round(time.Second)/time.Second))
	case d < 2*time.Hour:
		return fmt.Sprintf("about %d min", int64(d.Round(time.Minute)/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("about %d h", int64(d.Round(time.Hour)/time.Hour))
	}
	return fmt.Sprintf("about %d days", int64(d.Round(24*time.Hour)/(24*time.Hour)))
}
