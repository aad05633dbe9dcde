package wallet

import (
	"encoding/binary"
	"errors"

	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/stealth"
)

// A sender's note is what the wallet writes into the payload of its own
// change output: the payments of the transaction (recipient, amount, memo).
// Only the sender can open it, it looks like any other payload on chain,
// and it lets an account recovered from its phrase show where its money
// went, not only that it left.
//
//	"SGN1" | n u8 | n × (address 65 | amount u64 LE | memo length u16 LE | memo)
//
// Memos are cut to fit payload.MaxDataSize; truncated notes keep every
// address and amount.
var noteMagic = []byte("SGN1")

// notePayment is one payment recorded in a note.
type notePayment struct {
	To     stealth.Address
	Amount uint64
	Memo   []byte
}

// encodeNote encodes payments, cutting memos to fit.
func encodeNote(ps []notePayment) []byte {
	fixed := len(noteMagic) + 1 + len(ps)*(stealth.AddressSize+8+2)
	room := payload.MaxDataSize - fixed
	if room < 0 || len(ps) > 255 {
		return nil
	}
	b := append([]byte(nil), noteMagic...)
	b = append(b, byte(len(ps)))
	for _, p := range ps {
		memo := p.Memo
		if len(memo) > room {
			memo = memo[:room]
		}
		room -= len(memo)
		b = append(b, p.To.Bytes()...)
		b = binary.LittleEndian.AppendUint64(b, p.Amount)
		b = binary.LittleEndian.AppendUint16(b, uint16(len(memo)))
		b = append(b, memo...)
	}
	return b
}

var errNote = errors.New("wallet: not a sender's note")

// decodeNote parses a note; errNote if data is not one.
func decodeNote(data []byte) ([]notePayment, error) {
	if len(data) < len(noteMagic)+1 || string(data[:len(noteMagic)]) != string(noteMagic) {
		return nil, errNote
	}
	n := int(data[len(noteMagic)])
	rest := data[len(noteMagic)+1:]
	out := make([]notePayment, 0, n)
	for range n {
		const as = stealth.AddressSize
		if len(rest) < as+8+2 {
			return nil, errNote
		}
		addr, err := stealth.DecodeAddress(rest[:as])
		if err != nil {
			return nil, errNote
		}
		amount := binary.LittleEndian.Uint64(rest[as : as+8])
		ml := int(binary.LittleEndian.Uint16(rest[as+8 : as+10]))
		rest = rest[as+10:]
		if len(rest) < ml {
			return nil, errNote
		}
		out = append(out, notePayment{To: addr, Amount: amount, Memo: append([]byte(nil), rest[:ml]...)})
		rest = rest[ml:]
	}
	return out, nil
}
