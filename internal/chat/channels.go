package chat

import (
	"context"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/wallet"
)

// channels returns an identity's channels.
func (s *Service) channels(account string) ([]*channelRecord, error) {
	var out []*channelRecord
	err := s.w.ForEachRecord(account, nsChannels, nil, func(_, v []byte) error {
		var c channelRecord
		if err := decodeJSON(v, &c); err != nil {
			return err
		}
		out = append(out, &c)
		return nil
	})
	return out, err
}

// findChannel finds a channel by address or (unique) name.
func (s *Service) findChannel(id api.Account, ref string) (*channelRecord, error) {
	cs, err := s.channels(id.ID)
	if err != nil {
		return nil, err
	}
	var byName []*channelRecord
	for _, c := range cs {
		if c.Address == strings.TrimSpace(ref) {
			return c, nil
		}
		if strings.EqualFold(c.Name, ref) {
			byName = append(byName, c)
		}
	}
	switch len(byName) {
	case 0:
		return nil, errorf(ErrNotFound, "no channel %q", ref)
	case 1:
		return byName[0], nil
	}
	return nil, invalid("%d channels are named %q: name the channel by its address", len(byName), ref)
}

// channelURI returns the invite of a channel the identity owns: its
// address, secret view key and owner.
func channelURI(c *channelRecord) (string, error) {
	secret, err := parseSecret(c.Secret)
	if err != nil {
		return "", err
	}
	_, acc, _, err := accountKeys(secret)
	if err != nil {
		return "", err
	}
	defer acc.Zero()
	return URI{Address: c.Address, Name: c.Name, Channel: true, ViewKey: hex.EncodeToString(acc.View.Bytes()), Owner: c.Owner}.String(), nil
}

// channelAPI returns a channel as the API shows it.
func channelAPI(c *channelRecord) api.ChatChannel {
	out := api.ChatChannel{Address: c.Address, Name: c.Name, Owner: c.Owner, Owned: c.Owned, Account: c.Account}
	if c.Owned {
		out.URI, _ = channelURI(c)
	}
	return out
}

// CreateChannel creates a channel the identity owns: a new wallet account
// (encrypted with password) that receives the identity's posts. Anyone
// with its invite (chat.invite) reads it.
func (s *Service) CreateChannel(ctx context.Context, p api.ChatChannelCreateParams) (api.ChatChannel, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _, err := s.identity(p.Account)
	if err != nil {
		return api.ChatChannel{}, err
	}
	if p.Name == "" {
		return api.ChatChannel{}, invalid("a channel needs a name")
	}
	if err := checkName("channel name", p.Name); err != nil {
		return api.ChatChannel{}, err
	}
	acc, secret, err := s.createAccount(ctx, "c-", p.Password)
	if err != nil {
		return api.ChatChannel{}, err
	}
	c := &channelRecord{
		Address: acc.Address, Name: p.Name, Owner: id.Address, Owned: true, Account: acc.ID,
		Secret: hex.EncodeToString(secret[:]), Password: p.Password,
	}
	if err := s.put(id.ID, nsChannels, []byte(c.Address), c); err != nil {
		return api.ChatChannel{}, err
	}
	return channelAPI(c), nil
}

// PostChannel posts a signed text to a channel the identity owns.
func (s *Service) PostChannel(ctx context.Context, p api.ChatSendParams) (api.ChatMessage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _, err := s.identity(p.Account)
	if err != nil {
		return api.ChatMessage{}, err
	}
	c, err := s.findChannel(id, p.To)
	if err != nil {
		return api.ChatMessage{}, err
	}
	if !c.Owned {
		return api.ChatMessage{}, errorf(ErrNotAllowed, "only the owner posts to channel %q; its readers send nothing", c.Name)
	}
	conv := channelConv(c.Address)
	t, err := s.compose(id.ID, conv, c.NextSeq+1, p)
	if err != nil {
		return api.ChatMessage{}, err
	}
	data, err := Encode(t)
	if err != nil {
		return api.ChatMessage{}, err
	}
	r, err := s.sendPacket(ctx, id, queueRecord{To: c.Address, App: AppChannel, Data: data, Conv: conv, ID: t.ID.String()})
	if err != nil {
		return api.ChatMessage{}, err
	}
	c.NextSeq++
	if err := s.put(id.ID, nsChannels, []byte(c.Address), c); err != nil {
		return api.ChatMessage{}, err
	}
	m, err := s.outgoing(id, conv, t, r)
	if err != nil {
		return api.ChatMessage{}, err
	}
	return m.api(s.contactNames(id.ID)), nil
}

// JoinChannel reads a channel from its invite: the wallet imports the
// channel account view-only (encrypted with password). Nothing is sent.
func (s *Service) JoinChannel(ctx context.Context, p api.ChatChannelJoinParams) (api.ChatChannel, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _, err := s.identity(p.Account)
	if err != nil {
		return api.ChatChannel{}, err
	}
	u, err := ParseURI(p.Invite)
	if err != nil {
		return api.ChatChannel{}, err
	}
	if !u.Channel {
		return api.ChatChannel{}, invalid("this URI is a contact, not a channel invite")
	}
	addr, err := s.canonical(u.Address)
	if err != nil {
		return api.ChatChannel{}, err
	}
	owner, err := s.canonical(u.Owner)
	if err != nil {
		return api.ChatChannel{}, err
	}
	if c, err := s.findChannel(id, addr); err == nil {
		return channelAPI(c), nil
	}
	acc, err := s.w.ImportViewOnly(ctx, accountName("r-", []byte(addr)), addr, u.ViewKey, p.Password)
	if errors.Is(err, wallet.ErrAccountExists) {
		for _, a := range s.w.Accounts() {
			if a.Address == addr && a.ViewOnly {
				acc, err = a, s.ensureOpen(a.ID, p.Password)
				break
			}
		}
	}
	if err != nil {
		return api.ChatChannel{}, err
	}
	c := &channelRecord{Address: addr, Name: u.Name, Owner: owner, Account: acc.ID, Password: p.Password}
	if err := s.put(id.ID, nsChannels, []byte(addr), c); err != nil {
		return api.ChatChannel{}, err
	}
	return channelAPI(c), nil
}

// Channels lists an identity's channels, by name.
func (s *Service) Channels(account string) ([]api.ChatChannel, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _, err := s.identity(account)
	if err != nil {
		return nil, err
	}
	cs, err := s.channels(id.ID)
	if err != nil {
		return nil, err
	}
	out := make([]api.ChatChannel, 0, len(cs))
	for _, c := range cs {
		out = append(out, channelAPI(c))
	}
	sortFunc(out, func(a, b api.ChatChannel) int {
		if c := strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
			return c
		}
		return strings.Compare(a.Address, b.Address)
	})
	return out, nil
}

// receiveChannels reads the posts of the channels the identity reads:
// signed texts from the channel's owner.
func (s *Service) receiveChannels(id api.Account) error {
	cs, err := s.channels(id.ID)
	if err != nil {
		return err
	}
	var errs []error
	for _, c := range cs {
		if c.Owned {
			continue
		}
		if err := s.receiveChannel(id, c); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// receiveChannel handles one channel's new packets.
func (s *Service) receiveChannel(id api.Account, c *channelRecord) error {
	if err := s.ensureOpen(c.Account, c.Password); err != nil {
		return err
	}
	ps, err := s.b.Messages(c.Account, AppChannel, c.Cursor)
	if err != nil {
		return err
	}
	cursor := c.Cursor
	conv := channelConv(c.Address)
	for _, p := range ps {
		cursor = max(cursor, p.Height)
		if !p.Complete || p.From == nil || p.From.String(s.w.Network()) != c.Owner {
			continue
		}
		m, err := Decode(p.Data)
		t, ok := m.(*Text)
		if err != nil || !ok {
			continue
		}
		if _, seen, err := s.message(id.ID, conv, t.ID); err != nil || seen {
			if err != nil {
				return err
			}
			continue
		}
		rec, err := s.incoming(id, conv, c.Owner, p, t)
		if err != nil {
			return err
		}
		if rec.EditOf == "" {
			msg := rec.api(s.contactNames(id.ID))
			s.notify(api.ChatEvent{Account: id.ID, Kind: "message", Message: &msg})
		}
	}
	if cursor != c.Cursor {
		c.Cursor = cursor
		return s.put(id.ID, nsChannels, []byte(c.Address), c)
	}
	return nil
}
