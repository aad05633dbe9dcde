package wallet

import (
	"encoding/binary"
	"errors"

	"github.com/stegos-go/stegos/crypto/payload"
	"github.com/stegos-go/stegos/crypto/stealth"
)

// A sender's note is what the wallet writes into the payload of its own
// change output: the payments of the transaction (recipient, amount, memo)
// and the salt of its tx secrets (txSecret). Only the sender can open it,
// it looks like any other payload on chain, and it lets an account
// recovered from its phrase show where its money went, not only that it
// left, and still prove its payments.
//
//	"SGN2" | salt 32 | n u8 | n × (address 65 | amount u64 LE | memo length u16 LE | memo)
//
// The note of a SendData transaction (data.go) names the recipient once,
// with amount 0 and no memo: no payment has amount 0.
//
// "SGN1" notes, written before salts, have no salt. Memos are cut to fit
// payload.MaxDataSize; truncated notes keep every address and amount.
var (
	noteMagicV1 = []byte("SGN1")
	noteMagicV2 = []byte("SGN2")
)

// note is the content of a sender's note.
type note struct {
	// Salt is the salt of the transaction's tx secrets; nil in a note
	// from before salts.
	Salt     []byte
	Payments []notePayment
}

// notePayment is one payment recorded in a note.
type notePayment struct {
	To     stealth.Address
	Amount uint64
	Memo   []byte
}

// encodeNote encodes a note, cutting memos to fit (nil if the payments do
// not fit at all).
func encodeNote(n note) []byte {
	b := append([]byte(nil), noteMagicV1...)
	if len(n.Salt) == saltSize {
		b = append(append([]byte(nil), noteMagicV2...), n.Salt...)
	}
	fixed := len(b) + 1 + len(n.Payments)*(stealth.AddressSize+8+2)
	room := payload.MaxDataSize - fixed
	if room < 0 || len(n.Payments) > 255 {
		return nil
	}
	b = append(b, byte(len(n.Payments)))
	for _, p := range n.Payments {
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
func decodeNote(data []byte) (note, error) {
	var n note
	switch {
	case len(data) >= len(noteMagicV2)+saltSize && string(data[:len(noteMagicV2)]) == string(noteMagicV2):
		n.Salt = append([]byte(nil), data[len(noteMagicV2):len(noteMagicV2)+saltSize]...)
		data = data[len(noteMagicV2)+saltSize:]
	case len(data) >= len(noteMagicV1) && string(data[:len(noteMagicV1)]) == string(noteMagicV1):
		data = data[len(noteMagicV1):]
	default:
		return note{}, errNote
	}
	if len(data) < 1 {
		return note{}, errNote
	}
	count := int(data[0])
	rest := data[1:]
	n.Payments = make([]notePayment, 0, count)
	for range count {
		const as = stealth.AddressSize
		if len(rest) < as+8+2 {
			return note{}, errNote
		}
		addr, err := stealth.DecodeAddress(rest[:as])
		if err != nil {
			return note{}, errNote
		}
		amount := binary.LittleEndian.Uint64(rest[as : as+8])
		ml := int(binary.LittleEndian.Uint16(rest[as+8 : as+10]))
		rest = rest[as+10:]
		if len(rest) < ml {
			return note{}, errNote
		}
		n.Payments = append(n.Payments, notePayment{To: addr, Amount: amount, Memo: append([]byte(nil), rest[:ml]...)})
		rest = rest[ml:]
	}
	return n, nil
}
