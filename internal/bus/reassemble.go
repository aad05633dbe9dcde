package bus

import (
	"bytes"
	"cmp"
	"slices"
	"time"

	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
)

// Packet is a packet an account received: complete, or incomplete (some
// fragments missing) once its fragments have stopped arriving.
type Packet struct {
	ID PacketID
	// Account is the id of the account it was sent to.
	Account string
	// App is empty for an incomplete packet whose first fragment is
	// missing (the app is inside the packet).
	App  string
	Seq  uint64
	Data []byte
	// From is the sender, nil for an anonymous or incomplete packet.
	From *stealth.Address
	// Height is the block of the fragment that completed the packet (of
	// the last fragment received, if incomplete); FirstHeight that of the
	// first one.
	Height, FirstHeight int64
	Time                time.Time
	// TxIDs are the transactions that carried it, in chain order.
	TxIDs []ledger.TxID
	// Complete is false for a packet missing fragments: Received of Count
	// arrived.
	Complete        bool
	Received, Count int

	// net is the network of the account's address, for From's text.
	net stealth.Network
}

// assembly gathers the fragments of one packet.
type assembly struct {
	id    PacketID
	count uint16
	frags map[uint16][]byte
	// first and last are the heights of the first and latest fragment;
	// time that of the latest.
	first, last int64
	time        time.Time
	txids       []ledger.TxID
	// conflict is set when two fragments disagree (count, or body of one
	// index): the packet cannot be trusted.
	conflict string
}

// group sorts data outputs into assemblies by packet id, dropping exact
// duplicates. Outputs that are not fragments are counted in skipped.
func group(outs []DataOutput) (asm map[PacketID]*assembly, skipped int) {
	asm = map[PacketID]*assembly{}
	for _, o := range outs {
		f, err := DecodeFragment(o.Data)
		if err != nil {
			skipped++
			continue
		}
		a := asm[f.PacketID]
		if a == nil {
			a = &assembly{id: f.PacketID, count: f.Count, frags: map[uint16][]byte{}, first: o.Height}
			asm[f.PacketID] = a
		}
		a.add(f, o)
	}
	return asm, skipped
}

// add adds one fragment received in o.
func (a *assembly) add(f Fragment, o DataOutput) {
	switch {
	case f.Count != a.count:
		a.conflict = "fragments disagree on the count"
		return
	case int(f.Count) > MaxFragments:
		a.conflict = "more fragments than the largest packet needs"
		return
	}
	if prev, ok := a.frags[f.Index]; ok {
		if !bytes.Equal(prev, f.Body) {
			a.conflict = "two different fragments of one index"
		}
		return // a duplicate (a group sent again after a restart)
	}
	a.frags[f.Index] = slices.Clone(f.Body)
	a.first, a.last = min(a.first, o.Height), max(a.last, o.Height)
	if !o.Time.IsZero() && o.Time.After(a.time) {
		a.time = o.Time
	}
	if !slices.Contains(a.txids, o.TxID) {
		a.txids = append(a.txids, o.TxID)
	}
}

// complete reports whether every fragment arrived.
func (a *assembly) complete() bool { return a.conflict == "" && len(a.frags) == int(a.count) }

// open joins, decodes and verifies a complete packet sent to recipient.
func (a *assembly) open(recipient stealth.Address, verify VerifyFunc) (*Envelope, error) {
	if a.conflict != "" {
		return nil, decodeError(ErrFragment, "%s", a.conflict)
	}
	frags := make([]Fragment, a.count)
	for i := range frags {
		frags[i] = Fragment{PacketID: a.id, Index: uint16(i), Count: a.count, Body: a.frags[uint16(i)]}
	}
	enc, err := Join(frags)
	if err != nil {
		return nil, err
	}
	e, err := DecodeEnvelope(enc)
	if err != nil {
		return nil, err
	}
	if FragmentCount(len(enc)) != int(a.count) {
		return nil, decodeError(ErrFragment, "%d fragments for %d bytes", a.count, len(enc))
	}
	if err := e.Verify(a.id, recipient, verify); err != nil {
		return nil, err
	}
	return e, nil
}

// packet describes the assembly as a Packet for account, with e's contents
// when it opened.
func (a *assembly) packet(account string, e *Envelope) Packet {
	p := Packet{
		ID: a.id, Account: account, Height: a.last, FirstHeight: a.first, Time: a.time,
		TxIDs: slices.Clone(a.txids), Received: len(a.frags), Count: int(a.count),
	}
	if e != nil {
		p.App, p.Seq, p.Data, p.From, p.Complete = e.App, e.Seq, e.Data, e.From, true
		return p
	}
	p.App = a.app()
	return p
}

// app reads the app name from the first fragment, if it arrived.
func (a *assembly) app() string {
	b := a.frags[0]
	if len(b) < 2 || len(b) < 2+int(b[1]) {
		return ""
	}
	if app := string(b[2 : 2+int(b[1])]); ValidApp(app) {
		return app
	}
	return ""
}

// sortPackets orders packets by the height that completed them, then by
// sequence (which orders one sender's packets of a block), then by id.
func sortPackets(ps []Packet) {
	slices.SortFunc(ps, func(x, y Packet) int {
		if c := cmp.Compare(x.Height, y.Height); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Seq, y.Seq); c != 0 {
			return c
		}
		return bytes.Compare(x.ID[:], y.ID[:])
	})
}
