//go:build unix

package txbuilder_test

import (
	"math/rand/v2"
	"syscall"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/pedersen"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/ledger"
	"github.com/stegos-go/stegos/txbuilder"
)

// BenchmarkReceive is a wallet's work on one confidential output of a
// block: txbuilder.Receive with the account's view-only keys (what the
// wallet's scanner calls), per output.
//
//   - miss: an output to another wallet, the common case: one a·R, then the
//     view tag rejects it (1 in 256 foreign outputs passes the tag and costs
//     a derivation of P as well).
//   - hit: an output to the account, with its payload: the scan, the
//     derivation of P, the amount and blinding factor from the core (two
//     HKDFs, ADR 0020), the commitment check and the payload's decryption.
//   - hit-core: the same outputs without their payloads (cores, after the
//     retention window): no payload to decrypt.
//
// The outputs have the same stealth keys (R, P, view tag) in every build,
// so misses do the same work before and after ADR 0020. The outputs/s
// metric is per core when run with -cpu=1; cpu-ns/op is the process's CPU
// time (user and system, garbage collection included) per output, which
// other processes on a loaded machine do not inflate.
func BenchmarkReceive(b *testing.B) {
	view, spend := recvBenchScalar(b, 1), recvBenchScalar(b, 2)
	keys, err := stealth.NewKeys(view, spend)
	if err != nil {
		b.Fatal(err)
	}
	vo, err := stealth.NewViewOnly(view, keys.Address().SpendPublicKey().Element())
	if err != nil {
		b.Fatal(err)
	}
	other, err := stealth.NewKeys(recvBenchScalar(b, 3), recvBenchScalar(b, 4))
	if err != nil {
		b.Fatal(err)
	}
	keyRnd, valueRnd := rand.NewChaCha8([32]byte{5}), rand.NewChaCha8([32]byte{6})
	var misses, hits, cores []recvBenchOutput
	for i := range 512 {
		misses = append(misses, recvBenchMint(b, keyRnd, valueRnd, other.Address(), uint32(i%2)))
	}
	for i := range 64 {
		o := recvBenchMint(b, keyRnd, valueRnd, keys.Address(), uint32(i%2))
		hits = append(hits, o)
		core := *o.out
		core.Payload = nil
		cores = append(cores, recvBenchOutput{&core, o.index})
	}
	run := func(outs []recvBenchOutput, want bool) func(*testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			cpu0 := recvBenchCPU(b)
			for b.Loop() {
				o := outs[i%len(outs)]
				rc, ok, err := txbuilder.Receive(vo, o.out, o.index)
				if err != nil || ok != want || (ok && rc.Amount == 0) {
					b.Fatalf("Receive: ok=%v err=%v, want ok=%v", ok, err, want)
				}
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "outputs/s")
			b.ReportMetric(float64(recvBenchCPU(b)-cpu0)/float64(b.N), "cpu-ns/op")
		}
	}
	b.Run("miss", run(misses, false))
	b.Run("hit", run(hits, true))
	b.Run("hit-core", run(cores, true))
}

type recvBenchOutput struct {
	out   *ledger.ConfidentialOutput
	index uint32
}

func recvBenchScalar(b *testing.B, seed byte) *ristretto255.Scalar {
	s, err := pedersen.RandomBlinding(rand.NewChaCha8([32]byte{seed}))
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// recvBenchMint makes a confidential payment output to to, as
// txbuilder.Build does; its stealth part comes from keyRnd alone.
func recvBenchMint(b *testing.B, keyRnd, valueRnd *rand.ChaCha8, to stealth.Address, index uint32) recvBenchOutput {
	so, ss, err := stealth.NewOutput(keyRnd, to, index)
	if err != nil {
		b.Fatal(err)
	}
	amount := 1 + rand.New(valueRnd).Uint64N(1000*ledger.STG)
	out, _, err := txbuilder.NewConfidential(so, ss, amount, &payload.Plaintext{Type: payload.TypePayment, Data: []byte("rent")})
	if err != nil {
		b.Fatal(err)
	}
	return recvBenchOutput{out, index}
}

// recvBenchCPU returns the CPU time the process has used, in nanoseconds.
func recvBenchCPU(b *testing.B) int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
