package bus

import "testing"

// BenchmarkEncode64KiB: a signed 64 KiB packet encoded and cut into the
// data of its 140 outputs (the signature itself is the wallet's).
func BenchmarkEncode64KiB(b *testing.B) {
	alice, bob := newTestKey(b), newTestKey(b)
	id := randomID(b)
	e := Envelope{App: "bench", Data: randomBytes(b, MaxData), From: &alice.addr}
	prefix, _ := e.Prefix()
	e.Sig = alice.signData(SignatureTag, SigningMessage(id, bob.addr, prefix))
	b.SetBytes(MaxData)
	for b.Loop() {
		enc, err := e.Encode()
		if err != nil {
			b.Fatal(err)
		}
		_ = chunks(Split(id, enc))
	}
}

// BenchmarkReassemble64KiB: the 140 recorded fragments of a signed 64 KiB
// packet grouped, joined, decoded and verified.
func BenchmarkReassemble64KiB(b *testing.B) {
	alice, bob := newTestKey(b), newTestKey(b)
	id := randomID(b)
	outs := outputsOf(id, seal(b, id, bob.addr, Envelope{App: "bench", Data: randomBytes(b, MaxData)}, &alice), 1)
	b.SetBytes(MaxData)
	for b.Loop() {
		asm, _ := group(outs)
		if _, err := asm[id].open(bob.addr, testVerify); err != nil {
			b.Fatal(err)
		}
	}
}
