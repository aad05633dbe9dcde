package integration

import (
	"strings"
	"testing"

	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/internal/bus"
	"github.com/stegos-go/stegos/internal/chat"
	"github.com/stegos-go/stegos/params"
	"github.com/stegos-go/stegos/txbuilder"
)

// packetOutputs returns the outputs (fragments) of a bus packet of n bytes
// of data for app, signed or anonymous, from the codec.
func packetOutputs(t *testing.T, n int, app string, signed bool) int {
	t.Helper()
	e := bus.Envelope{App: app, Seq: 1 << 40, Data: make([]byte, n)}
	if signed {
		_, k := personKeys(t, 0)
		addr := k.Address()
		e.From = &addr
	}
	enc, err := e.Encode()
	if err != nil {
		t.Fatal(err)
	}
	frags := bus.Split(bus.PacketID{1}, enc)
	for _, f := range frags {
		if len(f.Encode()) > payload.MaxDataSize {
			t.Fatalf("a fragment of %d bytes", len(f.Encode()))
		}
	}
	if len(frags) != bus.FragmentCount(len(enc)) {
		t.Fatalf("Split gives %d fragments, FragmentCount %d", len(frags), bus.FragmentCount(len(enc)))
	}
	return len(frags)
}

// TestBusPacketSizes computes from the codecs what issue 11's targets ask
// (docs/benchmarks.md, "Bus and chat"): the outputs of a 4 KiB packet (≤
// 10 in every variant: anonymous or signed, the shortest and the longest
// app name, and as a chat text), those of other sizes, and what one text
// costs on chain (transaction bytes, fee, texts per block).
func TestBusPacketSizes(t *testing.T) {
	long := strings.Repeat("a", bus.MaxApp)
	for _, n := range []int{100, 1 << 10, 4 << 10, 10 << 10, bus.MaxData} {
		for _, app := range []string{"x", long} {
			for _, signed := range []bool{false, true} {
				outs := packetOutputs(t, n, app, signed)
				txs := (outs + bus.MaxFragmentsPerTx - 1) / bus.MaxFragmentsPerTx
				t.Logf("%6d bytes, app of %2d, signed %-5v: %3d outputs in %2d transactions", n, len(app), signed, outs, txs)
				if n == 4<<10 && outs > 10 {
					t.Errorf("a 4 KiB packet (app of %d bytes, signed %v) takes %d outputs, want ≤ 10", len(app), signed, outs)
				}
			}
		}
	}
	// A chat text of 4 KiB (signed, app "chat", a display name of 64
	// bytes, a reply and an edit) also fits in 10.
	text := &chat.Text{ID: chat.MessageID{1}, Seq: 1, Time: 1, Name: strings.Repeat("n", chat.MaxName), ReplyTo: &chat.MessageID{2}, Edits: &chat.MessageID{3}, Body: strings.Repeat("t", 4<<10)}
	data, err := chat.Encode(text)
	if err != nil {
		t.Fatal(err)
	}
	if outs := packetOutputs(t, len(data), chat.AppDirect, true); outs > 10 {
		t.Errorf("a 4 KiB chat text takes %d outputs", outs)
	} else {
		t.Logf("a 4 KiB chat text (%d bytes encoded): %d outputs", len(data), outs)
	}

	// One short text: one data output and the change, spending one coin.
	p, _ := params.For(params.Dev)
	short, err := chat.Encode(&chat.Text{ID: chat.MessageID{1}, Seq: 1, Time: 1, Name: "alice", Body: "see you at eight"})
	if err != nil {
		t.Fatal(err)
	}
	outs := packetOutputs(t, len(short), chat.AppDirect, true)
	size := txbuilder.Size(1, outs+1)
	fee := txbuilder.MinFee(&p, 1, outs+1)
	byBytes := int(p.MaxBlockBytes) / size
	t.Logf("a short text: %d output + change, a %d-byte transaction, fee %d µSTG; a block holds min(%d by bytes, %d by count) = %d",
		outs, size, fee, byBytes, p.MaxBlockTxs, min(byBytes, p.MaxBlockTxs))
	if outs != 1 {
		t.Errorf("a short text takes %d outputs", outs)
	}
	t.Logf("4 KiB packet: %d outputs anonymous, %d signed (app \"chat\")", packetOutputs(t, 4<<10, "chat", false), packetOutputs(t, 4<<10, "chat", true))
}
