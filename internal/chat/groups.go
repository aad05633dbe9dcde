package chat

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/crypto/keys"
	"github.com/stegos-go/stegos/crypto/stealth"
	"github.com/stegos-go/stegos/internal/bus"
	"github.com/stegos-go/stegos/internal/wallet"
)

// accountKeys derives the keys of the account whose BIP-39 entropy is
// secret (a group's or a channel's), and its recovery phrase.
func accountKeys(secret [SecretSize]byte) (*stealth.Keys, *keys.AccountKeys, string, error) {
	m, err := keys.MnemonicFromEntropy(secret[:])
	if err != nil {
		return nil, nil, "", err
	}
	defer m.Zero()
	seed := m.Seed("")
	defer seed.Zero()
	acc := seed.Account(0)
	k, err := stealth.NewKeys(acc.View, acc.Spend)
	if err != nil {
		return nil, nil, "", err
	}
	return k, acc, m.Phrase(), nil
}

// secretOf returns the entropy of a recovery phrase.
func secretOf(phrase string) ([SecretSize]byte, error) {
	var s [SecretSize]byte
	m, err := keys.ParseMnemonic(phrase)
	if err != nil {
		return s, err
	}
	defer m.Zero()
	copy(s[:], m.Entropy())
	return s, nil
}

// parseSecret decodes a secret kept in a record.
func parseSecret(h string) ([SecretSize]byte, error) {
	var s [SecretSize]byte
	b, err := hex.DecodeString(h)
	if err != nil || len(b) != SecretSize {
		return s, errors.New("chat: a stored secret is not 32 bytes of hex")
	}
	copy(s[:], b)
	return s, nil
}

// accountName names a group or channel account in the wallet: prefix and
// 12 hex digits of SHA-256 of seed.
func accountName(prefix string, seed []byte) string {
	sum := sha256.Sum256(seed)
	return prefix + hex.EncodeToString(sum[:6])
}

// randomName names an account about to be created.
func (s *Service) randomName(prefix string) (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(s.cfg.Rand, b[:]); err != nil {
		return "", err
	}
	return accountName(prefix, b[:]), nil
}

// createAccount creates a fresh group or channel account and returns it
// with its secret.
func (s *Service) createAccount(ctx context.Context, prefix, password string) (api.Account, [SecretSize]byte, error) {
	var secret [SecretSize]byte
	name, err := s.randomName(prefix)
	if err != nil {
		return api.Account{}, secret, err
	}
	acc, phrase, err := s.w.CreateAccount(ctx, name, password)
	if err != nil {
		return api.Account{}, secret, err
	}
	secret, err = secretOf(phrase)
	return acc, secret, err
}

// recoverAccount recovers the account of secret into the wallet, or finds
// it there already (another identity of this wallet holds it), unlocked.
func (s *Service) recoverAccount(ctx context.Context, secret [SecretSize]byte, password string) (api.Account, error) {
	k, _, phrase, err := accountKeys(secret)
	if err != nil {
		return api.Account{}, err
	}
	addr := k.Address().String(s.w.Network())
	acc, err := s.w.RecoverAccount(ctx, accountName("g-", []byte(addr)), phrase, password)
	if errors.Is(err, wallet.ErrAccountExists) {
		for _, a := range s.w.Accounts() {
			if a.Address == addr && !a.ViewOnly {
				return a, s.ensureOpen(a.ID, password)
			}
		}
	}
	return acc, err
}

// ensureOpen unlocks a group or channel account after a restart, with the
// password kept in the identity's records.
func (s *Service) ensureOpen(account, password string) error {
	a, err := s.w.Account(account)
	if err != nil || !a.Locked {
		return err
	}
	_, err = s.w.Unlock(account, password)
	return err
}

// groups returns an identity's groups.
func (s *Service) groups(account string) ([]*groupRecord, error) {
	var out []*groupRecord
	err := s.w.ForEachRecord(account, nsGroups, nil, func(_, v []byte) error {
		var g groupRecord
		if err := decodeJSON(v, &g); err != nil {
			return err
		}
		out = append(out, &g)
		return nil
	})
	return out, err
}

// putGroup writes a group.
func (s *Service) putGroup(account string, g *groupRecord) error {
	gid, err := ParseGroupID(g.ID)
	if err != nil {
		return err
	}
	return s.put(account, nsGroups, gid[:], g)
}

// findGroup finds a group by id or (unique) name.
func (s *Service) findGroup(id api.Account, ref string) (*groupRecord, error) {
	gs, err := s.groups(id.ID)
	if err != nil {
		return nil, err
	}
	var byName []*groupRecord
	for _, g := range gs {
		if g.ID == strings.ToLower(ref) {
			return g, nil
		}
		if strings.EqualFold(g.Name, ref) {
			byName = append(byName, g)
		}
	}
	switch len(byName) {
	case 0:
		return nil, errorf(ErrNotFound, "no group %q", ref)
	case 1:
		return byName[0], nil
	}
	return nil, invalid("%d groups are named %q: name the group by its id", len(byName), ref)
}

// member returns the roster's members.
func (g *groupRecord) members(w Wallet) ([]Member, error) {
	out := make([]Member, 0, len(g.Members))
	for _, m := range g.Members {
		a, err := w.ParseAddress(m.Address)
		if err != nil {
			return nil, err
		}
		r, err := ParseRole(m.Role)
		if err != nil {
			return nil, err
		}
		out = append(out, Member{Address: a, Role: r})
	}
	return out, nil
}

// sameOwner reports whether next has g's owner: an admin's roster or
// rekey may change anything but that.
func (g *groupRecord) sameOwner(next *groupRecord) bool {
	owner := RoleOwner.String()
	for _, m := range g.Members {
		if m.Role == owner {
			r, on := next.roleOf(m.Address)
			return on && r == RoleOwner
		}
	}
	return false
}

// roleOf returns a member's role, and false if addr is not on the roster.
func (g *groupRecord) roleOf(addr string) (Role, bool) {
	for _, m := range g.Members {
		if m.Address == addr {
			r, err := ParseRole(m.Role)
			return r, err == nil
		}
	}
	return 0, false
}

// setMembers replaces the roster and the identity's role in it.
func (g *groupRecord) setMembers(ms []Member, net stealth.Network, me string) {
	g.Members = g.Members[:0]
	g.Role = ""
	for _, m := range ms {
		a := m.Address.String(net)
		g.Members = append(g.Members, memberRecord{Address: a, Role: m.Role.String()})
		if a == me {
			g.Role = m.Role.String()
		}
	}
}

// groupAPI returns a group as the API shows it.
func groupAPI(g *groupRecord, names map[string]string) api.ChatGroup {
	out := api.ChatGroup{
		ID: g.ID, Name: g.Name, State: g.State, Role: g.Role, Epoch: g.Epoch, Address: g.Address,
		Account: g.Account, InvitedBy: g.InvitedBy, Members: []api.ChatMember{},
	}
	for _, m := range g.Members {
		out.Members = append(out.Members, api.ChatMember{Address: m.Address, Role: m.Role, Contact: names[m.Address]})
	}
	return out
}

// activeGroup finds a group the identity is a member of; with admin, one it
// owns or administers.
func (s *Service) activeGroup(id api.Account, ref string, admin bool) (*groupRecord, error) {
	g, err := s.findGroup(id, ref)
	if err != nil {
		return nil, err
	}
	if g.State != stateMember {
		return nil, errorf(ErrNotAllowed, "the account is not a member of group %q (%s)", g.Name, g.State)
	}
	if admin && g.Role != RoleOwner.String() && g.Role != RoleAdmin.String() {
		return nil, errorf(ErrNotAllowed, "only the owner and admins of %q invite and remove members", g.Name)
	}
	return g, s.ensureOpen(g.Account, g.Password)
}

// CreateGroup creates a group owned by the identity: a new wallet account
// (encrypted with password) whose address receives the group's messages.
func (s *Service) CreateGroup(ctx context.Context, p api.ChatGroupCreateParams) (api.ChatGroup, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, me, err := s.identity(p.Account)
	if err != nil {
		return api.ChatGroup{}, err
	}
	if p.Name == "" {
		return api.ChatGroup{}, invalid("a group needs a name")
	}
	if err := checkName("group name", p.Name); err != nil {
		return api.ChatGroup{}, err
	}
	var gid GroupID
	if _, err := io.ReadFull(s.cfg.Rand, gid[:]); err != nil {
		return api.ChatGroup{}, err
	}
	acc, secret, err := s.createAccount(ctx, "g-", p.Password)
	if err != nil {
		return api.ChatGroup{}, err
	}
	g := &groupRecord{
		ID: gid.String(), Name: p.Name, State: stateMember, Secret: hex.EncodeToString(secret[:]),
		Account: acc.ID, Address: acc.Address, Password: p.Password,
	}
	g.setMembers([]Member{{Address: me, Role: RoleOwner}}, s.w.Network(), id.Address)
	if err := s.putGroup(id.ID, g); err != nil {
		return api.ChatGroup{}, err
	}
	return groupAPI(g, nil), nil
}

// Groups lists an identity's groups (invitations included), by name.
func (s *Service) Groups(account string) ([]api.ChatGroup, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _, err := s.identity(account)
	if err != nil {
		return nil, err
	}
	gs, err := s.groups(id.ID)
	if err != nil {
		return nil, err
	}
	names := s.contactNames(id.ID)
	out := make([]api.ChatGroup, 0, len(gs))
	for _, g := range gs {
		out = append(out, groupAPI(g, names))
	}
	sortFunc(out, func(a, b api.ChatGroup) int {
		if c := strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// memberAddress resolves a member named by contact name, address or URI.
func (s *Service) memberAddress(id api.Account, ref string) (string, error) {
	c, err := s.resolveContact(id, ref, false)
	if err == nil {
		return c.Address, nil
	}
	u, uerr := ParseURI(ref)
	if uerr != nil || u.Channel {
		return "", err
	}
	return s.canonical(u.Address)
}

// InviteGroup invites a member: the invitee gets the group's secret, name,
// roster and epoch in a signed 1:1 packet, and the group gets the new
// roster (so members accept the newcomer's messages). Admins invite
// members; the owner invites admins too.
func (s *Service) InviteGroup(ctx context.Context, p api.ChatGroupMemberParams) (api.ChatGroup, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _, err := s.identity(p.Account)
	if err != nil {
		return api.ChatGroup{}, err
	}
	g, err := s.activeGroup(id, p.Group, true)
	if err != nil {
		return api.ChatGroup{}, err
	}
	role, err := ParseRole(p.Role)
	if err != nil {
		return api.ChatGroup{}, err
	}
	if role == RoleOwner || (role == RoleAdmin && g.Role != RoleOwner.String()) {
		return api.ChatGroup{}, errorf(ErrNotAllowed, "only the owner makes admins, and a group has one owner")
	}
	addr, err := s.memberAddress(id, p.Member)
	if err != nil {
		return api.ChatGroup{}, err
	}
	if _, on := g.roleOf(addr); on {
		return api.ChatGroup{}, invalid("%s is already a member", addr)
	}
	if len(g.Members) >= MaxMembers {
		return api.ChatGroup{}, invalid("a group has at most %d members", MaxMembers)
	}
	ms, err := g.members(s.w)
	if err != nil {
		return api.ChatGroup{}, err
	}
	a, err := s.w.ParseAddress(addr)
	if err != nil {
		return api.ChatGroup{}, err
	}
	ms = append(ms, Member{Address: a, Role: role})
	gid, _ := ParseGroupID(g.ID)
	secret, err := parseSecret(g.Secret)
	if err != nil {
		return api.ChatGroup{}, err
	}
	rev := g.Rev + 1
	inv, err := Encode(&Invite{Group: gid, Epoch: g.Epoch, Rev: rev, Secret: secret, Name: g.Name, Inviter: p.DisplayName, Roster: ms})
	if err != nil {
		return api.ChatGroup{}, err
	}
	ros, err := Encode(&Roster{Group: gid, Epoch: g.Epoch, Rev: rev, Name: g.Name, Members: ms})
	if err != nil {
		return api.ChatGroup{}, err
	}
	if _, err := s.sendPacket(ctx, id, queueRecord{To: addr, App: AppDirect, Data: inv}); err != nil {
		return api.ChatGroup{}, err
	}
	g.setMembers(ms, s.w.Network(), id.Address)
	g.Rev = rev
	if err := s.putGroup(id.ID, g); err != nil {
		return api.ChatGroup{}, err
	}
	if _, err := s.sendPacket(ctx, id, queueRecord{To: g.Address, App: AppGroup, Data: ros}); err != nil {
		return api.ChatGroup{}, fmt.Errorf("the invitation went out but the new roster did not reach the group: %w", err)
	}
	return groupAPI(g, s.contactNames(id.ID)), nil
}

// receiveInvite records a group invitation from its owner or an admin,
// to be accepted with JoinGroup.
func (s *Service) receiveInvite(id api.Account, from string, inv *Invite) error {
	gr := &groupRecord{ID: inv.Group.String(), Name: inv.Name, Epoch: inv.Epoch, Rev: inv.Rev, Secret: hex.EncodeToString(inv.Secret[:]), InvitedBy: from, State: stateInvited}
	gr.setMembers(inv.Roster, s.w.Network(), id.Address)
	if role, on := gr.roleOf(from); !on || (role != RoleOwner && role != RoleAdmin) || gr.Role == "" {
		s.log.Debug("chat: an invitation not from the group's owner or an admin, or not naming the account, was dropped", "account", id.ID)
		return nil
	}
	old, ok, err := s.groupByID(id.ID, inv.Group)
	if err != nil {
		return err
	}

	// An invitation read again (or late) never undoes a join, a removal or
	// a leave: only a newer one (a later epoch, or a later revision of the
	// roster) replaces the record, and never a member's.
	if ok && (old.State == stateMember || inv.Epoch < old.Epoch || (inv.Epoch == old.Epoch && inv.Rev <= old.Rev)) {
		return nil
	}
	k, _, _, err := accountKeys(inv.Secret)
	if err != nil {
		return err
	}
	gr.Address = k.Address().String(s.w.Network())
	if err := s.putGroup(id.ID, gr); err != nil {
		return err
	}
	ga := groupAPI(gr, s.contactNames(id.ID))
	s.notify(api.ChatEvent{Account: id.ID, Kind: "invite", Group: &ga})
	return nil
}

// groupByID reads a group record.
func (s *Service) groupByID(account string, gid GroupID) (*groupRecord, bool, error) {
	var g groupRecord
	ok, err := s.get(account, nsGroups, gid[:], &g)
	if err != nil || !ok {
		return nil, ok, err
	}
	return &g, true, nil
}

// JoinGroup accepts an invitation: the wallet recovers the group account
// (encrypted with password) and the identity reads the group from then on.
func (s *Service) JoinGroup(ctx context.Context, p api.ChatGroupParams) (api.ChatGroup, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _, err := s.identity(p.Account)
	if err != nil {
		return api.ChatGroup{}, err
	}
	g, err := s.findGroup(id, p.Group)
	if err != nil {
		return api.ChatGroup{}, err
	}
	if g.State != stateInvited {
		return api.ChatGroup{}, invalid("no invitation to %q waits (%s)", g.Name, g.State)
	}
	secret, err := parseSecret(g.Secret)
	if err != nil {
		return api.ChatGroup{}, err
	}
	acc, err := s.recoverAccount(ctx, secret, p.Password)
	if err != nil {
		return api.ChatGroup{}, err
	}
	g.State, g.Account, g.Address, g.Password, g.Cursor = stateMember, acc.ID, acc.Address, p.Password, 0
	if err := s.putGroup(id.ID, g); err != nil {
		return api.ChatGroup{}, err
	}
	return groupAPI(g, s.contactNames(id.ID)), nil
}

// SendGroup posts a signed text to a group the identity is a member of.
func (s *Service) SendGroup(ctx context.Context, p api.ChatSendParams) (api.ChatMessage, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _, err := s.identity(p.Account)
	if err != nil {
		return api.ChatMessage{}, err
	}
	g, err := s.activeGroup(id, p.To, false)
	if err != nil {
		return api.ChatMessage{}, err
	}
	gid, _ := ParseGroupID(g.ID)
	conv := groupConv(gid)
	t, err := s.compose(id.ID, conv, g.NextSeq+1, p)
	if err != nil {
		return api.ChatMessage{}, err
	}
	data, err := Encode(t)
	if err != nil {
		return api.ChatMessage{}, err
	}
	r, err := s.sendPacket(ctx, id, queueRecord{To: g.Address, App: AppGroup, Data: data, Conv: conv, ID: t.ID.String()})
	if err != nil {
		return api.ChatMessage{}, err
	}
	g.NextSeq++
	if err := s.putGroup(id.ID, g); err != nil {
		return api.ChatMessage{}, err
	}
	m, err := s.outgoing(id, conv, t, r)
	if err != nil {
		return api.ChatMessage{}, err
	}
	return m.api(s.contactNames(id.ID)), nil
}

// RemoveGroup removes a member and re-keys the group: the owner removes
// anyone else, an admin removes members.
func (s *Service) RemoveGroup(ctx context.Context, p api.ChatGroupMemberParams) (api.ChatGroup, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _, err := s.identity(p.Account)
	if err != nil {
		return api.ChatGroup{}, err
	}
	g, err := s.activeGroup(id, p.Group, true)
	if err != nil {
		return api.ChatGroup{}, err
	}
	addr, err := s.memberAddress(id, p.Member)
	if err != nil {
		return api.ChatGroup{}, err
	}
	role, on := g.roleOf(addr)
	switch {
	case !on:
		return api.ChatGroup{}, errorf(ErrNotFound, "%s is not a member of %q", addr, g.Name)
	case addr == id.Address:
		return api.ChatGroup{}, invalid("to leave a group use chat.groups.leave")
	case role == RoleOwner || (role == RoleAdmin && g.Role != RoleOwner.String()):
		return api.ChatGroup{}, errorf(ErrNotAllowed, "only the owner removes admins, and nobody removes the owner")
	}
	ms, err := g.members(s.w)
	if err != nil {
		return api.ChatGroup{}, err
	}
	kept := ms[:0]
	for _, m := range ms {
		if m.Address.String(s.w.Network()) != addr {
			kept = append(kept, m)
		}
	}
	if err := s.rekey(ctx, id, g, kept); err != nil {
		return api.ChatGroup{}, err
	}
	return groupAPI(g, s.contactNames(id.ID)), nil
}

// rekey moves a group to its next epoch with the roster ms: a new group
// account, one Rekey packet to the old group address with an envelope per
// member of ms, and the identity switched to the new account. If the
// packet cannot be sent, the group stays as it was (the new account stays
// in the wallet, unused).
func (s *Service) rekey(ctx context.Context, id api.Account, g *groupRecord, ms []Member) error {
	acc, secret, err := s.createAccount(ctx, "g-", g.Password)
	if err != nil {
		return err
	}
	gid, _ := ParseGroupID(g.ID)
	rk, err := NewRekey(s.cfg.Rand, gid, g.Epoch+1, secret, g.Name, ms)
	if err != nil {
		return err
	}
	data, err := Encode(rk)
	if err != nil {
		return err
	}
	if _, err := s.sendPacket(ctx, id, queueRecord{To: g.Address, App: AppGroup, Data: data}); err != nil {
		return err
	}
	g.switchTo(acc, g.Epoch+1, secret, g.Name, ms, s.w.Network(), id.Address)
	g.RekeyDue = false
	if err := s.putGroup(id.ID, g); err != nil {
		return err
	}
	ga := groupAPI(g, s.contactNames(id.ID))
	s.notify(api.ChatEvent{Account: id.ID, Kind: "group", Group: &ga})
	return nil
}

// switchTo moves the record to a new epoch's account; the previous one is
// kept (and read) for texts members sent before they switched.
func (g *groupRecord) switchTo(acc api.Account, epoch uint32, secret [SecretSize]byte, name string, ms []Member, net stealth.Network, me string) {
	g.Old = []oldAccount{{Epoch: g.Epoch, Account: g.Account, Cursor: g.Cursor}}
	g.Epoch, g.Secret, g.Account, g.Address, g.Name, g.Cursor, g.Rev = epoch, hex.EncodeToString(secret[:]), acc.ID, acc.Address, name, 0, 0
	g.setMembers(ms, net, me)
}

// LeaveGroup announces that the identity leaves and stops reading the
// group. The owner cannot leave. The owner re-keys when it reads the
// announcement, so the former member reads nothing later.
func (s *Service) LeaveGroup(ctx context.Context, p api.ChatGroupParams) (api.ChatGroup, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _, err := s.identity(p.Account)
	if err != nil {
		return api.ChatGroup{}, err
	}
	g, err := s.findGroup(id, p.Group)
	if err != nil {
		return api.ChatGroup{}, err
	}
	switch {
	case g.State == stateInvited:
		// Declining an invitation sends nothing.
	case g.State != stateMember:
		return api.ChatGroup{}, invalid("the account is not a member of %q (%s)", g.Name, g.State)
	case g.Role == RoleOwner.String():
		return api.ChatGroup{}, errorf(ErrNotAllowed, "the owner cannot leave the group")
	default:
		gid, _ := ParseGroupID(g.ID)
		data, err := Encode(&Leave{Group: gid, Epoch: g.Epoch})
		if err != nil {
			return api.ChatGroup{}, err
		}
		if _, err := s.sendPacket(ctx, id, queueRecord{To: g.Address, App: AppGroup, Data: data}); err != nil {
			return api.ChatGroup{}, err
		}
	}
	g.State = stateLeft
	if err := s.putGroup(id.ID, g); err != nil {
		return api.ChatGroup{}, err
	}
	return groupAPI(g, s.contactNames(id.ID)), nil
}

// receiveGroups reads the packets of every group the identity is a member
// of, and re-keys the groups it owns that a member left.
func (s *Service) receiveGroups(ctx context.Context, id api.Account) error {
	gs, err := s.groups(id.ID)
	if err != nil {
		return err
	}
	var errs []error
	for _, g := range gs {
		if g.State != stateMember {
			continue
		}
		if err := s.receiveGroup(ctx, id, g); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// receiveGroup handles one group's new packets.
func (s *Service) receiveGroup(ctx context.Context, id api.Account, g *groupRecord) error {
	if err := s.ensureOpen(g.Account, g.Password); err != nil {
		return err
	}
	before := *g
	for i := range g.Old {
		if err := s.ensureOpen(g.Old[i].Account, g.Password); err != nil {
			continue
		}
		ps, err := s.b.Messages(g.Old[i].Account, AppGroup, g.Old[i].Cursor)
		if err != nil {
			continue
		}
		for _, p := range ps {
			if err := s.groupPacket(ctx, id, g, p, true); err != nil {
				return err
			}
			g.Old[i].Cursor = max(g.Old[i].Cursor, p.Height)
		}
	}
	ps, err := s.b.Messages(g.Account, AppGroup, g.Cursor)
	if err != nil {
		return err
	}
	for _, p := range ps {
		epoch := g.Epoch
		if err := s.groupPacket(ctx, id, g, p, false); err != nil {
			return err
		}
		if g.State != stateMember {
			break
		}
		if g.Epoch != epoch {
			// Switched: the rest of the old account's packets are read
			// from g.Old in the next round.
			g.Old[0].Cursor = p.Height
			break
		}
		g.Cursor = max(g.Cursor, p.Height)
	}
	if g.RekeyDue && g.Role == RoleOwner.String() && g.State == stateMember {
		ms, err := g.members(s.w)
		if err != nil {
			return err
		}
		return s.rekey(ctx, id, g, ms)
	}
	if g.Cursor != before.Cursor || g.Epoch != before.Epoch || g.State != before.State || len(g.Old) != len(before.Old) || (len(g.Old) > 0 && g.Old[0].Cursor != before.Old[0].Cursor) || g.RekeyDue != before.RekeyDue {
		return s.putGroup(id.ID, g)
	}
	return nil
}

// groupPacket handles one packet to a group account: a text from a member
// on the roster, a roster, leave or rekey of the current epoch from
// whoever may send it. old marks the previous epoch's account, of which
// only texts are read.
func (s *Service) groupPacket(ctx context.Context, id api.Account, g *groupRecord, p bus.Packet, old bool) error {
	if !p.Complete || p.From == nil {
		return nil
	}
	m, err := Decode(p.Data)
	if err != nil {
		s.log.Debug("chat: a group packet does not decode", "account", id.ID, "err", err)
		return nil
	}
	from := p.From.String(s.w.Network())
	role, on := g.roleOf(from)
	if !on {
		return nil
	}
	gid, _ := ParseGroupID(g.ID)
	admin := role == RoleOwner || role == RoleAdmin
	switch m := m.(type) {
	case *Text:
		return s.groupText(id, gid, from, p, m)
	case *Roster:
		if old || !admin || m.Group != gid || m.Epoch != g.Epoch || m.Rev <= g.Rev {
			return nil
		}
		next := *g
		next.Members = nil
		next.setMembers(m.Members, s.w.Network(), id.Address)
		if next.Role == "" || !g.sameOwner(&next) {
			// A member is removed by a rekey, not by a roster; nobody
			// replaces the owner.
			return nil
		}
		g.Name, g.Members, g.Role, g.Rev = m.Name, next.Members, next.Role, m.Rev
		return s.putGroupNotify(id, g)
	case *Leave:
		if old || m.Group != gid || m.Epoch != g.Epoch || from == id.Address {
			return nil
		}
		kept := g.Members[:0]
		for _, mb := range g.Members {
			if mb.Address != from {
				kept = append(kept, mb)
			}
		}
		g.Members = kept
		g.Rev++
		g.RekeyDue = g.Role == RoleOwner.String()
		return s.putGroupNotify(id, g)
	case *Rekey:
		if old || !admin || m.Group != gid || m.Epoch != g.Epoch+1 || from == id.Address {
			return nil
		}
		return s.groupRekey(ctx, id, g, m)
	}
	return nil
}

// groupText records a member's text.
func (s *Service) groupText(id api.Account, gid GroupID, from string, p bus.Packet, t *Text) error {
	conv := groupConv(gid)
	if _, ok, err := s.message(id.ID, conv, t.ID); err != nil || ok {
		return err
	}
	m, err := s.incoming(id, conv, from, p, t)
	if err != nil || m.EditOf != "" {
		return err
	}
	msg := m.api(s.contactNames(id.ID))
	s.notify(api.ChatEvent{Account: id.ID, Kind: "message", Message: &msg})
	return nil
}

// groupRekey opens a rekey: the identity switches to the new account, or,
// finding no envelope for itself, is removed.
func (s *Service) groupRekey(ctx context.Context, id api.Account, g *groupRecord, rk *Rekey) error {
	me, err := s.w.ParseAddress(id.Address)
	if err != nil {
		return err
	}
	dh := func(tag string, e [32]byte) ([32]byte, error) { return s.w.ViewDH(id.ID, tag, e) }
	secret, name, ms, ok, err := rk.Open(dh, me)
	if err != nil {
		s.log.Debug("chat: a rekey's roster does not open", "account", id.ID, "err", err)
		return nil
	}
	if !ok {
		g.State = stateRemoved
		return s.putGroupNotify(id, g)
	}
	next := &groupRecord{}
	next.setMembers(ms, s.w.Network(), id.Address)
	if !g.sameOwner(next) {
		s.log.Debug("chat: a rekey that replaces the group's owner was ignored", "account", id.ID)
		return nil
	}
	acc, err := s.recoverAccount(ctx, secret, g.Password)
	if err != nil {
		return err
	}
	g.switchTo(acc, rk.Epoch, secret, name, ms, s.w.Network(), id.Address)
	if g.Role == "" {
		g.State = stateRemoved
	}
	return s.putGroupNotify(id, g)
}

// putGroupNotify writes a group and publishes a "group" event.
func (s *Service) putGroupNotify(id api.Account, g *groupRecord) error {
	if err := s.putGroup(id.ID, g); err != nil {
		return err
	}
	ga := groupAPI(g, s.contactNames(id.ID))
	s.notify(api.ChatEvent{Account: id.ID, Kind: "group", Group: &ga})
	return nil
}
