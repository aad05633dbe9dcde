package bus

import (
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/stealth"
)

// States of a received packet in nsSeen.
const (
	seenDelivered  = 'd' // published complete
	seenDropped    = 'x' // failed a check, logged
	seenIncomplete = 'i' // published incomplete; still published if it completes
)

// recipient is what receiving needs of an account.
type recipient struct {
	acct api.Account
	addr stealth.Address
	net  stealth.Network
}

// recipientOf describes account ref.
func (s *Service) recipientOf(ref string) (recipient, error) {
	a, err := s.w.Account(ref)
	if err != nil {
		return recipient{}, err
	}
	addr, net, err := stealth.ParseAddress(a.Address)
	if err != nil {
		return recipient{}, fmt.Errorf("bus: account %s has an invalid address: %w", a.ID, err)
	}
	return recipient{acct: a, addr: addr, net: net}, nil
}

// packet describes a received packet.
func (r recipient) packet(a *assembly, e *Envelope) Packet {
	p := a.packet(r.acct.ID, e)
	p.net = r.net
	return p
}

// assemblies returns the packets of an account's recorded data outputs.
func (s *Service) assemblies(r recipient) (map[PacketID]*assembly, error) {
	outs, err := s.w.DataOutputs(r.acct.ID, 0)
	if err != nil {
		return nil, err
	}
	asm, skipped := group(outs)
	if skipped > 0 {
		s.log.Debug("bus: data outputs that are not bus fragments", "account", r.acct.ID, "count", skipped)
	}
	return asm, nil
}

// old reports whether a packet missing fragments is to be reported
// incomplete: the retention window has passed since its first fragment.
func (s *Service) old(r recipient, a *assembly) bool {
	return !a.complete() && r.acct.ScannedHeight-a.first >= s.retention
}

// receive publishes the packets of account that completed (or became
// incomplete) since the last time, and forgets the packets whose data
// outputs the wallet no longer has.
func (s *Service) receive(account string) error {
	r, err := s.recipientOf(account)
	if err != nil {
		return err
	}
	asm, err := s.assemblies(r)
	if err != nil {
		return err
	}
	seen := map[PacketID]byte{}
	err = s.w.ForEachRecord(r.acct.ID, nsSeen, nil, func(k, v []byte) error {
		var id PacketID
		if len(k) == PacketIDSize && len(v) == 1 {
			copy(id[:], k)
			seen[id] = v[0]
		}
		return nil
	})
	if err != nil {
		return err
	}
	var out []Packet
	for id, a := range asm {
		state := seen[id]
		if state == seenDelivered || state == seenDropped {
			continue
		}
		switch {
		case a.complete():
			e, err := a.open(r.addr, s.cfg.Verify)
			if err != nil {
				s.log.Warn("bus: dropped a received packet that fails its checks", "account", r.acct.ID, "packet", id, "err", err)
				if err := s.w.PutRecord(r.acct.ID, nsSeen, id[:], []byte{seenDropped}); err != nil {
					return err
				}
				continue
			}
			if err := s.w.PutRecord(r.acct.ID, nsSeen, id[:], []byte{seenDelivered}); err != nil {
				return err
			}
			out = append(out, r.packet(a, e))
		case state == 0 && s.old(r, a):
			s.log.Info("bus: a received packet is incomplete", "account", r.acct.ID, "packet", id, "received", len(a.frags), "count", a.count)
			if err := s.w.PutRecord(r.acct.ID, nsSeen, id[:], []byte{seenIncomplete}); err != nil {
				return err
			}
			out = append(out, r.packet(a, nil))
		}
	}
	for id := range seen {
		if asm[id] == nil {
			if err := s.w.DeleteRecord(r.acct.ID, nsSeen, id[:]); err != nil {
				return err
			}
		}
	}
	sortPackets(out)
	s.mu.Lock()
	handlers := slices.Clone(s.handlers)
	s.mu.Unlock()
	for _, p := range out {
		s.cfg.Notify(api.TopicBusPacket, p.API())
		for _, h := range handlers {
			h(p)
		}
	}
	return nil
}

// Messages returns the packets account received for app (every app when
// empty) that completed at or above height since: the complete packets,
// and those missing fragments once the retention window has passed since
// their first fragment. Packets that fail their checks are left out.
func (s *Service) Messages(account, app string, since int64) ([]Packet, error) {
	if s.isClosed() {
		return nil, ErrClosed
	}
	if app != "" {
		if err := CheckApp(app); err != nil {
			return nil, err
		}
	}
	r, err := s.recipientOf(account)
	if err != nil {
		return nil, err
	}
	asm, err := s.assemblies(r)
	if err != nil {
		return nil, err
	}
	var out []Packet
	for _, a := range asm {
		if a.last < since {
			continue
		}
		var p Packet
		switch {
		case a.complete():
			e, err := a.open(r.addr, s.cfg.Verify)
			if err != nil {
				continue
			}
			p = r.packet(a, e)
		case s.old(r, a):
			p = r.packet(a, nil)
		default:
			continue
		}
		if app == "" || p.App == app || (!p.Complete && p.App == "") {
			out = append(out, p)
		}
	}
	sortPackets(out)
	return out, nil
}

// API returns the packet as the API shows it, the sender's address in the
// network of the account's.
func (p Packet) API() api.BusPacket {
	out := api.BusPacket{
		PacketID: p.ID.String(), Account: p.Account, App: p.App, Data: p.Data, Seq: p.Seq,
		Height: p.Height, Time: p.Time, TxIDs: make([]string, len(p.TxIDs)),
		Complete: p.Complete, Received: p.Received, Count: p.Count,
	}
	if out.Data == nil {
		out.Data = []byte{}
	}
	if p.From != nil {
		out.From = p.From.String(p.net)
	}
	for i, id := range p.TxIDs {
		out.TxIDs[i] = hex.EncodeToString(id[:])
	}
	return out
}
