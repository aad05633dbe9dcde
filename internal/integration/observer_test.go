package integration

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/internal/app"
	"github.com/stegos-go/stegos/internal/bus"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/chat"
	"github.com/stegos-go/stegos/internal/testnode"
	"github.com/stegos-go/stegos/internal/wallet"
	"github.com/stegos-go/stegos/ledger"
)

// Issue 11's observer proof. A chain carries ordinary payments with memos,
// message-bus packets, chat texts, receipts and invitations, and a group
// re-key; an observer that has only the block bytes finds every
// confidential output the same size with the same fields at the same
// offsets, and a classifier of per-field byte statistics, trained on half
// the outputs with their true labels, tells data from payments on the
// other half no better than chance. The same classifier on synthetic
// outputs where one field is made distinguishable (payloads of data left
// in clear; amounts of data left in clear) tells them apart: the test can
// fail.
//
// The statistical test: the test half is balanced (as many data outputs
// as payment outputs, n ≥ obsMinTest in all), so a classifier that learned
// nothing is right n·½ times on average, binomially. Each classifier's
// accuracy must lie within ½ ± obsZ·½/√n, the two-sided 99.9 % band of
// Binomial(n, ½)/n: a false alarm in about one run of 1000 per classifier
// (two classifiers: 0.2 %). The controls must reach 0.9.

// Layout of a confidential output (tag 0x07) as a transaction carries it.
const (
	obsOutputSize = 618
	obsTag        = 0x07
)

// obsField is a byte range of an encoded confidential output.
type obsField struct {
	name   string
	lo, hi int
}

// obsFields are the fields of an encoded confidential output, and two
// slices of the payload where an unsealed plaintext would show first
// (its header) and where the authentication tag sits.
var obsFields = []obsField{
	{"one-time key", 1, 33},
	{"tx key", 33, 65},
	{"view tag", 65, 66},
	{"commitment", 66, 98},
	{"encrypted amount", 98, 106},
	{"payload", 106, 618},
	{"payload head", 106, 122},
	{"payload tag", 602, 618},
}

const (
	// obsMinTest is the least number of outputs in the test half.
	obsMinTest = 200
	// obsZ is the normal quantile of the two-sided 99.9 % band.
	obsZ = 3.2905
)

// obsStats are the statistics of each field: mean byte value (/255),
// Shannon entropy of its byte histogram (bits, /8) and fraction of zero
// bytes.
func obsStats(enc []byte) []float64 {
	var x []float64
	for _, f := range obsFields {
		b := enc[f.lo:f.hi]
		var hist [256]int
		sum := 0
		for _, c := range b {
			hist[c]++
			sum += int(c)
		}
		ent := 0.0
		for _, n := range hist {
			if n > 0 {
				p := float64(n) / float64(len(b))
				ent -= p * math.Log2(p)
			}
		}
		x = append(x, float64(sum)/float64(255*len(b)), ent/8, float64(hist[0])/float64(len(b)))
	}
	return x
}

// obsFeatureName names feature j of obsStats.
func obsFeatureName(j int) string {
	return obsFields[j/3].name + " " + [...]string{"mean", "entropy", "zeros"}[j%3]
}

// obsSample is one confidential output as the observer sees it, with the
// label only the test knows.
type obsSample struct {
	enc  []byte // the output's 618 bytes, cut from the block
	data bool   // a data output (payload type Data), else a payment or change
	kind string // what the test sent it as
}

// classifier learns from labelled feature vectors and predicts labels.
type classifier interface {
	name() string
	train(x [][]float64, y []bool)
	predict(x []float64) bool
}

// gaussNB is Gaussian naive Bayes with equal priors.
type gaussNB struct {
	mu, v [2][]float64
	use   []bool
}

func (*gaussNB) name() string { return "Gaussian naive Bayes" }

func (c *gaussNB) train(x [][]float64, y []bool) {
	d := len(x[0])
	c.use = make([]bool, d)
	for k := range 2 {
		c.mu[k], c.v[k] = make([]float64, d), make([]float64, d)
	}
	var n [2]float64
	for i, xi := range x {
		k := b2i(y[i])
		n[k]++
		for j, v := range xi {
			c.mu[k][j] += v
		}
	}
	for k := range 2 {
		for j := range d {
			c.mu[k][j] /= n[k]
		}
	}
	for i, xi := range x {
		k := b2i(y[i])
		for j, v := range xi {
			c.v[k][j] += (v - c.mu[k][j]) * (v - c.mu[k][j])
		}
	}
	for k := range 2 {
		for j := range d {
			c.v[k][j] = c.v[k][j]/n[k] + 1e-9
		}
	}
	for j := range d {
		// A feature constant in both classes (a view tag's entropy) says
		// nothing.
		c.use[j] = c.v[0][j] > 2e-9 || c.v[1][j] > 2e-9 || c.mu[0][j] != c.mu[1][j]
	}
}

func (c *gaussNB) predict(x []float64) bool {
	var ll [2]float64
	for k := range 2 {
		for j, v := range x {
			if !c.use[j] {
				continue
			}
			d := v - c.mu[k][j]
			ll[k] += -0.5*math.Log(c.v[k][j]) - d*d/(2*c.v[k][j])
		}
	}
	return ll[1] > ll[0]
}

// stump is the best single-feature threshold on the training half.
type stump struct {
	feature   int
	threshold float64
	above     bool // predict data when x > threshold
}

func (*stump) name() string { return "decision stump" }

func (s *stump) train(x [][]float64, y []bool) {
	best := -1.0
	idx := make([]int, len(x))
	for j := range x[0] {
		for i := range idx {
			idx[i] = i
		}
		sort.Slice(idx, func(a, b int) bool { return x[idx[a]][j] < x[idx[b]][j] })
		// Sweep thresholds: correct(above) counts data above and payments
		// at or below.
		dataAbove, payAbove := 0, 0
		for _, i := range idx {
			if y[i] {
				dataAbove++
			} else {
				payAbove++
			}
		}
		payBelow := 0
		for p := 0; p < len(idx); p++ {
			if p > 0 && x[idx[p]][j] == x[idx[p-1]][j] {
				goto next
			}
			{
				thr := x[idx[p]][j]
				if p > 0 {
					thr = (x[idx[p]][j] + x[idx[p-1]][j]) / 2
				}
				up := float64(dataAbove+payBelow) / float64(len(x))
				if up > best {
					best, s.feature, s.threshold, s.above = up, j, thr, true
				}
				if 1-up > best {
					best, s.feature, s.threshold, s.above = 1-up, j, thr, false
				}
			}
		next:
			if y[idx[p]] {
				dataAbove--
			} else {
				payAbove--
				payBelow++
			}
		}
	}
}

func (s *stump) predict(x []float64) bool { return (x[s.feature] >= s.threshold) == s.above }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// obsResult is one classifier's accuracy on the test half.
type obsResult struct {
	classifier string
	correct, n int
	detail     string
}

func (r obsResult) accuracy() float64 { return float64(r.correct) / float64(r.n) }

// obsBand is the half-width of the two-sided 99.9 % band around ½ for n
// test outputs.
func obsBand(n int) float64 { return obsZ * 0.5 / math.Sqrt(float64(n)) }

// obsClassify balances the samples (as many data as payments), splits
// them in halves with a fixed seed, trains each classifier on the first
// half and returns its accuracy on the second.
func obsClassify(t *testing.T, samples []obsSample) []obsResult {
	t.Helper()
	var dataIdx, payIdx []int
	for i, s := range samples {
		if s.data {
			dataIdx = append(dataIdx, i)
		} else {
			payIdx = append(payIdx, i)
		}
	}
	rng := mrand.New(mrand.NewPCG(11, 0x0b5e))
	rng.Shuffle(len(dataIdx), func(i, j int) { dataIdx[i], dataIdx[j] = dataIdx[j], dataIdx[i] })
	rng.Shuffle(len(payIdx), func(i, j int) { payIdx[i], payIdx[j] = payIdx[j], payIdx[i] })
	m := min(len(dataIdx), len(payIdx))
	half := m / 2
	var trainX, testX [][]float64
	var trainY, testY []bool
	for _, idx := range [][]int{dataIdx[:m], payIdx[:m]} {
		for k, i := range idx {
			x := obsStats(samples[i].enc)
			if k < half {
				trainX, trainY = append(trainX, x), append(trainY, samples[i].data)
			} else {
				testX, testY = append(testX, x), append(testY, samples[i].data)
			}
		}
	}
	if len(testX) < obsMinTest {
		t.Fatalf("%d outputs to test on (%d data, %d payments in all), want at least %d", len(testX), len(dataIdx), len(payIdx), obsMinTest)
	}
	var out []obsResult
	for _, c := range []classifier{&gaussNB{}, &stump{}} {
		c.train(trainX, trainY)
		r := obsResult{classifier: c.name(), n: len(testX)}
		for i, x := range testX {
			if c.predict(x) == testY[i] {
				r.correct++
			}
		}
		if s, ok := c.(*stump); ok {
			r.detail = fmt.Sprintf(" (on %s)", obsFeatureName(s.feature))
		}
		out = append(out, r)
	}
	return out
}

// obsTx is a transaction of the chain as the observer decoded it.
type obsTx struct {
	id      ledger.TxID
	height  int64
	outputs [][]byte // each output's bytes, cut from the raw transaction
	conf    []bool   // whether output i is confidential
}

// obsScan reads blocks 1..tip of n through the CometBFT client only, and
// checks the layout of every confidential output against the raw bytes:
// tag 0x07, 618 bytes, one-time key, tx key, view tag, commitment,
// encrypted amount and payload at fixed offsets, the outputs contiguous
// after the inputs.
func obsScan(t *testing.T, n *testnode.Node, tip int64) []obsTx {
	t.Helper()
	ctx := context.Background()
	var txs []obsTx
	for h := int64(1); h <= tip; h++ {
		blk, err := n.Client().Block(ctx, &h)
		if err != nil {
			t.Fatal(err)
		}
		for _, raw := range blk.Block.Txs {
			if app.IsBeaconTx(raw) {
				continue
			}
			tx, err := ledger.DecodeTx(raw)
			if err != nil {
				t.Fatalf("block %d: %v", h, err)
			}
			ot := obsTx{id: tx.ID(), height: h}
			// version, network, input count, inputs, output count.
			nIn := int(binary.BigEndian.Uint16(raw[2:4]))
			off := 4 + 32*nIn
			if got := int(binary.BigEndian.Uint16(raw[off : off+2])); got != len(tx.Outputs) {
				t.Fatalf("tx %x: %d outputs at offset %d, decoded %d", ot.id[:4], got, off, len(tx.Outputs))
			}
			off += 2
			for i, o := range tx.Outputs {
				enc := ledger.EncodeOutput(o)
				if !bytes.Equal(raw[off:off+len(enc)], enc) {
					t.Fatalf("tx %x output %d is not at offset %d of the raw transaction", ot.id[:4], i, off)
				}
				cut := raw[off : off+len(enc)]
				off += len(enc)
				co, ok := o.(*ledger.ConfidentialOutput)
				ot.outputs, ot.conf = append(ot.outputs, cut), append(ot.conf, ok)
				if !ok {
					continue
				}
				if len(cut) != obsOutputSize || cut[0] != obsTag {
					t.Fatalf("tx %x output %d: a confidential output of %d bytes, tag %#x", ot.id[:4], i, len(cut), cut[0])
				}
				fields := [][]byte{co.OneTimeKey[:], co.TxKey[:], {co.ViewTag}, co.Commitment[:], co.EncryptedAmount[:], co.Payload[:]}
				for k, f := range obsFields[:len(fields)] {
					if !bytes.Equal(cut[f.lo:f.hi], fields[k]) {
						t.Fatalf("tx %x output %d: the %s is not at bytes %d..%d", ot.id[:4], i, f.name, f.lo, f.hi)
					}
				}
			}
			txs = append(txs, ot)
		}
	}
	return txs
}

// obsMemo is a payment memo of n bytes of text.
func obsMemo(rng *mrand.Rand, n int) string {
	words := []string{"rent", "thanks", "for", "lunch", "invoice", "#", "coffee", "see", "you", "at", "the", "market", "refund", "gift", "🎉", "Grüße", "2024-05", "ok"}
	var b strings.Builder
	for b.Len() < n {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[rng.IntN(len(words))])
	}
	s := b.String()
	for len(s) > n {
		s = s[:len(s)-1]
	}
	return strings.ToValidUTF8(s, "")
}

func TestObserverCannotTellDataFromPayments(t *testing.T) {
	if testing.Short() {
		t.Skip("a node, six wallets and a few hundred transactions")
	}
	n := testnode.Start(t, testnode.Options{Allocations: personAllocs(t, 6, 150), BlockInterval: 200 * time.Millisecond})
	src := func() chainsrc.Source { return chainsrc.NewComet(n.Client(), n.ChainID()) }
	poll := 50 * time.Millisecond
	alice := newPerson(t, 0, "alice", &n.Params, poll, src)
	bob := newPerson(t, 1, "bob", &n.Params, poll, src)
	owner := newPerson(t, 2, "owner", &n.Params, poll, src)
	members := []*person{newPerson(t, 3, "m1", &n.Params, poll, src), newPerson(t, 4, "m2", &n.Params, poll, src), newPerson(t, 5, "m3", &n.Params, poll, src)}
	everyone := append([]*person{alice, bob, owner}, members...)
	ctx := context.Background()
	rng := mrand.New(mrand.NewPCG(7, 7))
	const wait = 3 * time.Minute

	// What the test sent as what, by transaction id.
	var kindMu sync.Mutex
	kindOf := map[string]string{}
	sentAs := func(kind string, ids ...string) {
		kindMu.Lock()
		defer kindMu.Unlock()
		for _, id := range ids {
			kindOf[id] = kind
		}
	}

	// Payments with memos: between alice and bob and to addresses nobody
	// here holds, memos of 0 to 493 bytes.
	pay := func(from *person, i int) {
		to := bob.address()
		switch {
		case from == bob:
			to = alice.address()
		case i%3 == 0:
			_, k := personKeys(t, 100+i)
			to = k.Address().String(from.w.Network())
		}
		memo := obsMemo(rng, rng.IntN(payload.MaxDataSize+1))
		if i%5 == 0 {
			memo = ""
		}
		req := wallet.SendRequest{Account: from.name, To: to, Amount: uint64(1+rng.IntN(90)) * ledger.STG, Memo: memo}
		var res api.SendResult
		err := retryBusy(t, wait, func() (err error) {
			res, err = from.w.Send(ctx, req)
			return err
		})
		if err != nil {
			t.Fatalf("payment %d from %s: %v", i, from.name, err)
		}
		sentAs("payment", res.TxID)
	}
	// Bus packets of 4 KiB (9 fragments, 10 signed) from alice to bob.
	var packets []bus.SendResult
	sendPacket := func(i int) {
		data := make([]byte, 4096)
		for j := range data {
			data[j] = byte(rng.Uint32())
		}
		var res bus.SendResult
		err := retryBusy(t, wait, func() (err error) {
			res, err = alice.b.Send(ctx, bus.SendRequest{Account: "alice", To: bob.address(), App: "observer.blob", Data: data, Sign: i%2 == 0})
			return err
		})
		if err != nil {
			t.Fatalf("packet %d: %v", i, err)
		}
		packets = append(packets, res)
		sentAs("bus packet", res.TxIDs...)
	}
	// Chat: alice and bob write each other; their clients send receipts.
	var texts []api.ChatMessage
	sendText := func(from, to *person, i int) {
		p := api.ChatSendParams{Account: from.name, To: to.address(), Text: fmt.Sprintf("%s → %s #%d: %s", from.name, to.name, i, obsMemo(rng, 10+rng.IntN(300))), DisplayName: from.name}
		var m api.ChatMessage
		err := retryBusy(t, wait, func() (err error) {
			m, err = from.c.Send(ctx, p)
			return err
		})
		if err != nil {
			t.Fatalf("text %d from %s: %v", i, from.name, err)
		}
		texts = append(texts, m)
	}

	// A group of four; its setup (invitations) is chat traffic too.
	g, err := owner.c.CreateGroup(ctx, api.ChatGroupCreateParams{Account: "owner", Name: "observed", Password: personPassword})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		if err := retryBusy(t, wait, func() error {
			_, err := owner.c.InviteGroup(ctx, api.ChatGroupMemberParams{Account: "owner", Group: g.ID, Member: m.address(), DisplayName: "Owner"})
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}

	// Interleave everything so blocks mix the kinds.
	for i := range 80 {
		pay(alice, i)
		pay(bob, i)
		if i < 20 {
			sendPacket(i)
		}
		if i < 24 {
			sendText(alice, bob, i)
			if i%2 == 0 {
				sendText(bob, alice, i)
			}
		}
		if i%8 == 0 {
			time.Sleep(100 * time.Millisecond)
		}
	}
	for _, m := range members {
		m.joinGroup(wait, g.ID)
	}
	for _, m := range members {
		owner.waitGroup(wait, g.ID, "4 members", func(x api.ChatGroup) bool { return len(x.Members) == 4 })
		if err := retryBusy(t, wait, func() error {
			_, err := m.c.SendGroup(ctx, api.ChatSendParams{Account: m.name, To: g.ID, Text: "hello from " + m.name})
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	// The owner removes m3: a re-key to the other three.
	var ng api.ChatGroup
	if err := retryBusy(t, wait, func() (err error) {
		ng, err = owner.c.RemoveGroup(ctx, api.ChatGroupMemberParams{Account: "owner", Group: g.ID, Member: members[2].address()})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, m := range members[:2] {
		m.waitGroup(wait, g.ID, "epoch 1", func(x api.ChatGroup) bool { return x.Epoch == 1 && x.Address == ng.Address })
	}

	// Everything arrives: the packets, the texts and their receipts.
	eventuallyWithin(t, wait, "bob's packets", func() error {
		for _, p := range packets {
			if _, ok := bob.busEvs.find(func(e api.BusPacket) bool { return e.PacketID == p.PacketID && e.Complete }); !ok {
				return fmt.Errorf("packet %s not yet", p.PacketID)
			}
		}
		return nil
	})
	for _, m := range texts {
		from, to := alice, bob
		if m.From == bob.address() {
			from, to = bob, alice
		}
		from.waitStatus(wait, to.address(), m.ID, api.ChatStatusDelivered)
	}
	// Every transaction of every wallet confirmed.
	eventuallyWithin(t, wait, "every transaction confirmed", func() error {
		for _, u := range everyone {
			for _, a := range u.w.Accounts() {
				hs, err := u.w.History(a.ID, 10000, 0)
				if err != nil {
					return err
				}
				for _, h := range hs {
					if h.Status != api.StatusConfirmed {
						return fmt.Errorf("%s/%s: %s %s", u.name, a.Name, h.TxID, h.Status)
					}
				}
			}
		}
		return nil
	})

	// The test's own knowledge: chat transactions, the re-key, and which
	// outputs are data (every data output is recorded by the wallet of
	// its recipient; every recipient of data is one of these wallets).
	for _, u := range everyone {
		for _, a := range u.w.Accounts() {
			hs, _ := u.w.History(a.ID, 10000, 0)
			for _, h := range hs {
				if h.Direction != "in" {
					kindMu.Lock()
					if _, ok := kindOf[h.TxID]; !ok {
						kindOf[h.TxID] = "chat" // sent by the chat (texts, receipts, invitations, group texts)
						if h.Kind != wallet.KindData {
							kindOf[h.TxID] = "wallet " + h.Kind + h.Direction // a sweep of zero-value outputs
						}
					}
					kindMu.Unlock()
				}
			}
		}
	}
	rekeys := 0
	for _, a := range members[0].w.Accounts() {
		ps, err := members[0].b.Messages(a.ID, chat.AppGroup, 0)
		if err != nil {
			continue
		}
		for _, p := range ps {
			if m, err := chat.Decode(p.Data); err == nil && m.Kind() == chat.KindRekey {
				rekeys++
				for _, id := range p.TxIDs {
					sentAs("group re-key", hex.EncodeToString(id[:]))
				}
				t.Logf("the re-key for %d members: %d outputs in %d transactions", len(m.(*chat.Rekey).Envelopes), p.Count, len(p.TxIDs))
			}
		}
	}
	if rekeys != 1 {
		t.Fatalf("m1 sees %d re-keys, want 1", rekeys)
	}
	dataOut := map[ledger.OutputID][]byte{}
	for _, u := range everyone {
		for _, a := range u.w.Accounts() {
			outs, err := u.w.DataOutputs(a.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range outs {
				dataOut[o.ID] = o.Data
			}
		}
	}

	// The observer: block bytes only.
	tip := n.Node.Height()
	txs := obsScan(t, n, tip)
	var samples []obsSample
	perKind := map[string][2]int{}    // kind → data outputs, other outputs
	shape := map[string]map[int]int{} // kind → outputs per tx → count
	var mixed int
	found := map[string]bool{}
	for _, tx := range txs {
		id := hex.EncodeToString(tx.id[:])
		kind, known := kindOf[id]
		if !known {
			kind = "other (not sent by the test)"
		}
		found[id] = true
		if shape[kind] == nil {
			shape[kind] = map[int]int{}
		}
		shape[kind][len(tx.outputs)]++
		nData := 0
		for i, enc := range tx.outputs {
			if !tx.conf[i] {
				continue
			}
			o, err := ledger.DecodeOutput(enc)
			if err != nil {
				t.Fatal(err)
			}
			_, isData := dataOut[ledger.ID(o)]
			c := perKind[kind]
			c[b2i(!isData)]++
			perKind[kind] = c
			if isData {
				nData++
			}
			if known {
				samples = append(samples, obsSample{enc: enc, data: isData, kind: kind})
			}
		}
		// The test's labels hold together: a payment carries no data, and
		// a transaction with data carries data and one change output.
		switch {
		case kind == "payment" && nData != 0:
			t.Fatalf("payment %s carries %d data outputs", id, nData)
		case nData > 0 && nData != len(tx.outputs)-1:
			t.Fatalf("%s %s: %d data outputs of %d", kind, id, nData, len(tx.outputs))
		}
	}
	for id, kind := range kindOf {
		if !found[id] {
			t.Fatalf("%s %s is in no block up to %d", kind, id, tip)
		}
	}
	byHeight := map[int64]map[bool]bool{}
	for _, tx := range txs {
		k := kindOf[hex.EncodeToString(tx.id[:])]
		if byHeight[tx.height] == nil {
			byHeight[tx.height] = map[bool]bool{}
		}
		byHeight[tx.height][k == "payment"] = true
	}
	for _, m := range byHeight {
		if m[true] && m[false] {
			mixed++
		}
	}
	kinds := slices.Sorted(func(yield func(string) bool) {
		for k := range perKind {
			if !yield(k) {
				return
			}
		}
	})
	for _, k := range kinds {
		t.Logf("%-30s data outputs %4d, other outputs %4d; outputs per transaction: %v", k, perKind[k][0], perKind[k][1], shape[k])
	}
	t.Logf("blocks 1..%d: %d transactions, %d blocks holding payments beside data", tip, len(txs), mixed)

	// Every confidential output was 618 bytes with tag 0x07 and its fields
	// at the same offsets (obsScan). Now the statistics.
	check := func(what string, samples []obsSample, detectable bool) {
		t.Helper()
		for _, r := range obsClassify(t, samples) {
			band := obsBand(r.n)
			acc := r.accuracy()
			t.Logf("%s: %s%s: accuracy %.3f on %d test outputs (chance band %.3f..%.3f)", what, r.classifier, r.detail, acc, r.n, 0.5-band, 0.5+band)
			switch {
			case !detectable && math.Abs(acc-0.5) > band:
				t.Errorf("%s: %s tells data from payments: accuracy %.3f outside ½ ± %.3f", what, r.classifier, acc, band)
			case detectable && acc < 0.9:
				t.Errorf("control %s: %s does not find the planted difference: accuracy %.3f", what, r.classifier, acc)
			}
		}
	}
	check("the chain", samples, false)

	// Controls: the same outputs with a field of the data outputs made
	// distinguishable.
	clearPayload := make([]obsSample, len(samples))
	clearAmount := make([]obsSample, len(samples))
	for i, s := range samples {
		clearPayload[i], clearAmount[i] = s, s
		if !s.data {
			continue
		}
		o, _ := ledger.DecodeOutput(s.enc)
		pt := payload.Plaintext{Type: payload.TypeData, Data: dataOut[ledger.ID(o)]}
		plain, err := pt.Encode()
		if err != nil {
			t.Fatal(err)
		}
		enc := bytes.Clone(s.enc)
		copy(enc[106:], plain[:])
		clear(enc[106+len(plain):])
		clearPayload[i].enc = enc
		enc = bytes.Clone(s.enc)
		clear(enc[98:106]) // the amount 0, unsealed
		clearAmount[i].enc = enc
	}
	check("control: data payloads in clear", clearPayload, true)
	check("control: data amounts in clear", clearAmount, true)
}
