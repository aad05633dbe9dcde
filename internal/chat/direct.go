package chat

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/bus"
)

// AddContact adds a contact by address or URI, or renames one. The name
// defaults to the URI's suggested name and must not be another contact's.
func (s *Service) AddContact(p api.ChatContactParams) (api.ChatContact, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _, err := s.identity(p.Account)
	if err != nil {
		return api.ChatContact{}, err
	}
	u, err := ParseURI(p.Contact)
	if err != nil {
		return api.ChatContact{}, err
	}
	if u.Channel {
		return api.ChatContact{}, invalid("this is a channel invite: join it with chat.channels.join")
	}
	addr, err := s.canonical(u.Address)
	if err != nil {
		return api.ChatContact{}, err
	}
	if addr == id.Address {
		return api.ChatContact{}, invalid("an account cannot be its own contact")
	}
	name := p.Name
	if name == "" {
		name = u.Name
	}
	if err := checkName("contact name", name); err != nil {
		return api.ChatContact{}, err
	}
	cs, err := s.contacts(id.ID)
	if err != nil {
		return api.ChatContact{}, err
	}
	for a, c := range cs {
		if name != "" && a != addr && strings.EqualFold(c.Name, name) {
			return api.ChatContact{}, invalid("another contact is named %q", name)
		}
	}
	c := cs[addr]
	if c == nil {
		c = &contactRecord{Address: addr, Added: s.now().UTC()}
	}
	c.Name, c.Unsolicited = name, false
	if err := s.put(id.ID, nsContacts, []byte(addr), c); err != nil {
		return api.ChatContact{}, err
	}
	return contactAPI(c), nil
}

// Contacts lists an identity's contacts, by name then address.
func (s *Service) Contacts(account string) ([]api.ChatContact, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _, err := s.identity(account)
	if err != nil {
		return nil, err
	}
	out := []api.ChatContact{}
	err = s.w.ForEachRecord(id.ID, nsContacts, nil, func(_, v []byte) error {
		var c contactRecord
		if err := decodeJSON(v, &c); err != nil {
			return err
		}
		out = append(out, contactAPI(&c))
		return nil
	})
	sortContacts(out)
	return out, err
}

// RemoveContact forgets a contact (by name, address or URI). The
// conversation's history stays.
func (s *Service) RemoveContact(p api.ChatContactParams) (api.ChatContact, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _, err := s.identity(p.Account)
	if err != nil {
		return api.ChatContact{}, err
	}
	c, err := s.resolveContact(id, p.Contact, false)
	if err != nil {
		return api.ChatContact{}, err
	}
	if err := s.w.DeleteRecord(id.ID, nsContacts, []byte(c.Address)); err != nil {
		return api.ChatContact{}, err
	}
	return contactAPI(c), nil
}

// contactAPI returns a contact as the API shows it.
func contactAPI(c *contactRecord) api.ChatContact {
	return api.ChatContact{
		Address: c.Address, Name: c.Name, PeerName: c.PeerName, Unsolicited: c.Unsolicited,
		Added: c.Added, URI: URI{Address: c.Address, Name: c.Name}.String(),
	}
}

// sortContacts orders contacts by name (unnamed last), then address.
func sortContacts(cs []api.ChatContact) {
	less := func(a, b api.ChatContact) int {
		switch {
		case (a.Name == "") != (b.Name == ""):
			if a.Name == "" {
				return 1
			}
			return -1
		case a.Name != b.Name:
			return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
		}
		return strings.Compare(a.Address, b.Address)
	}
	sortFunc(cs, less)
}

// canonical parses an address of the wallet's network and returns its
// text.
func (s *Service) canonical(text string) (string, error) {
	a, err := s.w.ParseAddress(text)
	if err != nil {
		return "", err
	}
	return a.String(s.w.Network()), nil
}

// resolveContact finds a contact by local name, address or URI; with
// create, an address that is not a contact yet becomes one (unnamed).
func (s *Service) resolveContact(id api.Account, ref string, create bool) (*contactRecord, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, invalid("name a contact: its local name, address or stegos: URI")
	}
	cs, err := s.contacts(id.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.Name != "" && strings.EqualFold(c.Name, ref) {
			return c, nil
		}
	}
	u, uerr := ParseURI(ref)
	var addr string
	if uerr == nil && !u.Channel {
		addr, err = s.canonical(u.Address)
	}
	switch {
	case uerr != nil || u.Channel || (err != nil && len(ref) <= MaxName && !strings.Contains(ref, ":")):
		return nil, errorf(ErrNotFound, "no contact named %q", ref)
	case err != nil:
		return nil, err
	case addr == id.Address:
		return nil, invalid("an account cannot write to itself")
	}
	if c := cs[addr]; c != nil {
		return c, nil
	}
	if !create {
		return nil, errorf(ErrNotFound, "%s is not a contact", addr)
	}
	c := &contactRecord{Address: addr, Name: "", Added: s.now().UTC()}
	return c, s.put(id.ID, nsContacts, []byte(addr), c)
}

// Send sends a text to a contact (by local name, address or URI; an
// address that is not a contact becomes one) as a signed packet. The
// recipient's client answers with a receipt; without one within the
// retention window the message is "not delivered". When the account's
// coins are all in pending transactions the message is queued and sent
// as they confirm.
func (s *Service) Send(ctx context.Context, p api.ChatSendParams) (api.ChatMessage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _, err := s.identity(p.Account)
	if err != nil {
		return api.ChatMessage{}, err
	}
	c, err := s.resolveContact(id, p.To, true)
	if err != nil {
		return api.ChatMessage{}, err
	}
	conv := contactConv(c.Address)
	t, err := s.compose(id.ID, conv, c.NextSeq+1, p)
	if err != nil {
		return api.ChatMessage{}, err
	}
	data, err := Encode(t)
	if err != nil {
		return api.ChatMessage{}, err
	}
	r, err := s.sendPacket(ctx, id, queueRecord{To: c.Address, App: AppDirect, Data: data, Conv: conv, ID: t.ID.String(), Receipt: true})
	if err != nil {
		return api.ChatMessage{}, err
	}
	c.NextSeq++
	if err := s.put(id.ID, nsContacts, []byte(c.Address), c); err != nil {
		return api.ChatMessage{}, err
	}
	m, err := s.outgoing(id, conv, t, r)
	if err != nil {
		return api.ChatMessage{}, err
	}
	if !r.queued {
		if err := s.put(id.ID, nsPending, t.ID[:], &pendingRecord{Conv: conv, Height: m.Height}); err != nil {
			return api.ChatMessage{}, err
		}
	}
	return m.api(s.contactNames(id.ID)), nil
}

// History returns the latest messages of a conversation (at most limit,
// 100 when 0), oldest first. with names a group (id or name), a channel
// (address or name) or a contact (name, address or URI), tried in that
// order.
func (s *Service) History(p api.ChatHistoryParams) ([]api.ChatMessage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _, err := s.identity(p.Account)
	if err != nil {
		return nil, err
	}
	conv, err := s.resolveConv(id, p.With)
	if err != nil {
		return nil, err
	}
	ms, err := s.history(id.ID, conv)
	if err != nil {
		return nil, err
	}
	names := s.contactNames(id.ID)
	out := []api.ChatMessage{}
	for _, m := range ms {
		if m.EditOf == "" {
			out = append(out, m.api(names))
		}
	}
	limit := p.Limit
	if limit <= 0 {
		limit = 100
	}
	if len(out) > limit {
		out = out[len(out)-limit:]
	}
	return out, nil
}

// resolveConv finds the conversation with names.
func (s *Service) resolveConv(id api.Account, with string) (string, error) {
	if g, err := s.findGroup(id, with); err == nil {
		gid, _ := ParseGroupID(g.ID)
		return groupConv(gid), nil
	} else if !errors.Is(err, ErrNotFound) {
		return "", err
	}
	if c, err := s.findChannel(id, with); err == nil {
		return channelConv(c.Address), nil
	} else if !errors.Is(err, ErrNotFound) {
		return "", err
	}
	c, err := s.resolveContact(id, with, false)
	if err != nil {
		return "", err
	}
	return contactConv(c.Address), nil
}

// Invite returns a stegos: URI: the invite of a channel the identity owns,
// or the identity's own contact URI (with the display name it suggests).
func (s *Service) Invite(p api.ChatInviteParams) (api.ChatInvite, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _, err := s.identity(p.Account)
	if err != nil {
		return api.ChatInvite{}, err
	}
	if p.Channel == "" {
		if err := checkName("display name", p.Name); err != nil {
			return api.ChatInvite{}, err
		}
		return api.ChatInvite{URI: URI{Address: id.Address, Name: p.Name}.String()}, nil
	}
	c, err := s.findChannel(id, p.Channel)
	if err != nil {
		return api.ChatInvite{}, err
	}
	if !c.Owned {
		return api.ChatInvite{}, errorf(ErrNotAllowed, "only the channel's owner hands out its invite")
	}
	u, err := channelURI(c)
	return api.ChatInvite{URI: u}, err
}

// receiveDirect reads the 1:1 packets an identity received since its
// cursor: texts (recorded and answered with a receipt), receipts and
// group invitations.
func (s *Service) receiveDirect(_ context.Context, id api.Account) error {
	var meta metaRecord
	if _, err := s.get(id.ID, nsMeta, []byte("cursor"), &meta); err != nil {
		return err
	}
	ps, err := s.b.Messages(id.ID, AppDirect, meta.Direct)
	if err != nil {
		return err
	}
	cursor := meta.Direct
	for _, p := range ps {
		if err := s.receiveDirectPacket(id, p); err != nil {
			return err
		}
		cursor = max(cursor, p.Height)
	}
	if cursor != meta.Direct {
		meta.Direct = cursor
		return s.put(id.ID, nsMeta, []byte("cursor"), &meta)
	}
	return nil
}

// receiveDirectPacket handles one 1:1 packet; anonymous, incomplete and
// undecodable packets are skipped.
func (s *Service) receiveDirectPacket(id api.Account, p bus.Packet) error {
	if !p.Complete || p.From == nil {
		return nil
	}
	m, err := Decode(p.Data)
	if err != nil {
		s.log.Debug("chat: a 1:1 packet does not decode", "account", id.ID, "err", err)
		return nil
	}
	from := p.From.String(s.w.Network())
	switch m := m.(type) {
	case *Text:
		return s.receiveText(id, from, p, m)
	case *Receipt:
		return s.receiveReceipt(id, from, m)
	case *Invite:
		return s.receiveInvite(id, from, m)
	}
	return nil
}

// receiveText records a text from a contact (who becomes one if new) and
// adds its id to the receipts to send.
func (s *Service) receiveText(id api.Account, from string, p bus.Packet, t *Text) error {
	conv := contactConv(from)
	if _, ok, err := s.message(id.ID, conv, t.ID); err != nil || ok {
		return err
	}
	cs, err := s.contacts(id.ID)
	if err != nil {
		return err
	}
	c := cs[from]
	if c == nil {
		c = &contactRecord{Address: from, Unsolicited: true, Added: s.now().UTC()}
	}
	if t.Name != "" && t.Name != c.PeerName {
		c.PeerName = t.Name
	}
	if err := s.put(id.ID, nsContacts, []byte(from), c); err != nil {
		return err
	}
	m, err := s.incoming(id, conv, from, p, t)
	if err != nil {
		return err
	}
	if err := s.addReceipt(id.ID, from, t.ID); err != nil {
		return err
	}
	if m.EditOf == "" {
		msg := m.api(s.contactNames(id.ID))
		s.notify(api.ChatEvent{Account: id.ID, Kind: "message", Message: &msg})
	}
	return nil
}

// incoming records a received text; an edit replaces the text of the
// sender's earlier message (when it is the sender's) and is recorded only
// so that it is not applied twice.
func (s *Service) incoming(id api.Account, conv, from string, p bus.Packet, t *Text) (*messageRecord, error) {
	m := &messageRecord{
		ID: t.ID.String(), Conv: conv, Direction: "in", From: from, FromName: t.Name, Seq: t.Seq,
		Text: t.Body, Status: api.ChatStatusReceived, Time: time.UnixMilli(t.Time).UTC(), Height: p.Height,
	}
	for _, tx := range p.TxIDs {
		m.TxIDs = append(m.TxIDs, tx.String())
	}
	if t.ReplyTo != nil {
		m.ReplyTo = t.ReplyTo.String()
	}
	if t.Edits != nil {
		m.EditOf = t.Edits.String()
		orig, ok, err := s.message(id.ID, conv, *t.Edits)
		if err != nil {
			return nil, err
		}
		if ok && orig.From == from {
			orig.Text, orig.Edited = t.Body, true
			if err := s.putMessage(id.ID, orig); err != nil {
				return nil, err
			}
			msg := orig.api(s.contactNames(id.ID))
			s.notify(api.ChatEvent{Account: id.ID, Kind: "message", Message: &msg})
		}
	}
	return m, s.putMessage(id.ID, m)
}

// receiptsRecord lists the ids to acknowledge to one sender.
type receiptsRecord struct {
	IDs []string `json:"ids"`
}

// addReceipt adds a text's id to the receipts to send to its sender.
func (s *Service) addReceipt(account, to string, mid MessageID) error {
	var r receiptsRecord
	if _, err := s.get(account, nsReceipts, []byte(to), &r); err != nil {
		return err
	}
	r.IDs = append(r.IDs, mid.String())
	return s.put(account, nsReceipts, []byte(to), &r)
}

// flushReceipts sends the receipts an identity owes, one packet per
// sender (MaxReceiptIDs ids each). Receipts that cannot be sent now (no
// coins) wait for the next round.
func (s *Service) flushReceipts(ctx context.Context, id api.Account) error {
	owed := map[string]receiptsRecord{}
	err := s.w.ForEachRecord(id.ID, nsReceipts, nil, func(k, v []byte) error {
		var r receiptsRecord
		if err := decodeJSON(v, &r); err != nil {
			return err
		}
		owed[string(k)] = r
		return nil
	})
	if err != nil {
		return err
	}
	for to, r := range owed {
		for len(r.IDs) > 0 {
			n := min(len(r.IDs), MaxReceiptIDs)
			rc := &Receipt{}
			for _, h := range r.IDs[:n] {
				if mid, err := ParseMessageID(h); err == nil && !containsID(rc.IDs, mid) {
					rc.IDs = append(rc.IDs, mid)
				}
			}
			data, err := Encode(rc)
			if err != nil {
				return err
			}
			if _, err := s.b.Send(ctx, bus.SendRequest{Account: id.ID, To: to, App: AppDirect, Data: data, Sign: true}); err != nil {
				// Retried at the next round (no coins yet, a locked
				// account, a node away).
				s.log.Debug("chat: receipts wait", "account", id.ID, "err", err)
				break
			}
			r.IDs = r.IDs[n:]
		}
		if len(r.IDs) == 0 {
			err = s.w.DeleteRecord(id.ID, nsReceipts, []byte(to))
		} else {
			err = s.put(id.ID, nsReceipts, []byte(to), &r)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func containsID(ids []MessageID, id MessageID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// receiveReceipt marks the identity's texts to the receipt's sender as
// delivered (also after they were declared not delivered).
func (s *Service) receiveReceipt(id api.Account, from string, r *Receipt) error {
	conv := contactConv(from)
	for _, mid := range r.IDs {
		m, ok, err := s.message(id.ID, conv, mid)
		if err != nil {
			return err
		}
		if !ok || m.Direction != "out" || m.Status == api.ChatStatusDelivered {
			continue
		}
		m.Status = api.ChatStatusDelivered
		if err := s.putMessage(id.ID, m); err != nil {
			return err
		}
		if err := s.w.DeleteRecord(id.ID, nsPending, mid[:]); err != nil {
			return err
		}
		if m.EditOf == "" {
			msg := m.api(s.contactNames(id.ID))
			s.notify(api.ChatEvent{Account: id.ID, Kind: "status", Message: &msg})
		}
	}
	return nil
}

// checkDelivery marks as not delivered the texts whose receipt has not
// come once the retention window (and receiptGrace) has passed since they
// were sent: the recipient can no longer get them.
func (s *Service) checkDelivery(id api.Account) error {
	h := s.height(id.ID)
	type due struct {
		key []byte
		p   pendingRecord
	}
	var late []due
	err := s.w.ForEachRecord(id.ID, nsPending, nil, func(k, v []byte) error {
		var p pendingRecord
		if err := decodeJSON(v, &p); err != nil {
			return err
		}
		if h > p.Height+s.retention+receiptGrace {
			late = append(late, due{append([]byte(nil), k...), p})
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, d := range late {
		if err := s.w.DeleteRecord(id.ID, nsPending, d.key); err != nil {
			return err
		}
		m, ok, err := s.message(id.ID, d.p.Conv, MessageID(d.key))
		if err != nil || !ok || m.Status != api.ChatStatusSent {
			if err != nil {
				return err
			}
			continue
		}
		m.Status = api.ChatStatusNotDelivered
		if err := s.putMessage(id.ID, m); err != nil {
			return err
		}
		if m.EditOf == "" {
			msg := m.api(s.contactNames(id.ID))
			s.notify(api.ChatEvent{Account: id.ID, Kind: "status", Message: &msg})
		}
	}
	return nil
}
