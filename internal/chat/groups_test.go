package chat

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stegos-go/stegos/api"
)

// joinGroup waits for u's invitation to group and accepts it.
func (u *user) joinGroup(t *testing.T, group string) api.ChatGroup {
	t.Helper()
	eventually(t, u.name+" invited", func() error {
		gs, err := u.c.Groups(u.name)
		if err != nil {
			return err
		}
		for _, g := range gs {
			if g.ID == group && g.State == stateInvited {
				return nil
			}
		}
		return fmt.Errorf("groups %+v", gs)
	})
	g, err := u.c.JoinGroup(context.Background(), api.ChatGroupParams{Account: u.name, Group: group, Password: "group-pw"})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// group returns u's record of a group.
func (u *user) group(t *testing.T, id string) api.ChatGroup {
	t.Helper()
	gs, err := u.c.Groups(u.name)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		if g.ID == id {
			return g
		}
	}
	t.Fatalf("%s has no group %s", u.name, id)
	return api.ChatGroup{}
}

// waitGroup waits until u's group satisfies ok.
func (u *user) waitGroup(t *testing.T, id, what string, ok func(api.ChatGroup) bool) api.ChatGroup {
	t.Helper()
	var g api.ChatGroup
	eventually(t, u.name+": "+what, func() error {
		g = u.group(t, id)
		if !ok(g) {
			return fmt.Errorf("group %+v", g)
		}
		return nil
	})
	return g
}

// TestGroup: a group of 4 accounts, each in its own wallet: invitations,
// messages, removal of a member → re-key → the removed member's wallet
// reads nothing later while the others do; a member leaves, and the owner
// re-keys without it.
func TestGroup(t *testing.T) {
	cn := newChatNet(t, 4, 8, nil)
	owner, b, c, d := cn.user(0, "owner"), cn.user(1, "bea"), cn.user(2, "cid"), cn.user(3, "dan")
	ctx := context.Background()
	g, err := owner.c.CreateGroup(ctx, api.ChatGroupCreateParams{Account: "owner", Name: "team", Password: "group-pw"})
	if err != nil {
		t.Fatal(err)
	}
	if g.Role != "owner" || g.Epoch != 0 || len(g.Members) != 1 || g.State != stateMember {
		t.Fatalf("created %+v", g)
	}
	for _, u := range []*user{b, c, d} {
		role := ""
		if u == b {
			role = "admin"
		}
		if _, err := owner.c.InviteGroup(ctx, api.ChatGroupMemberParams{Account: "owner", Group: "team", Member: u.acct.Address, Role: role, DisplayName: "Owner"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []*user{b, c, d} {
		j := u.joinGroup(t, g.ID)
		if j.Address != g.Address || j.State != stateMember {
			t.Fatalf("%s joined %+v", u.name, j)
		}
	}
	if got := b.group(t, g.ID); got.Role != "admin" {
		t.Fatalf("bea's role %q", got.Role)
	}
	// Everyone posts; everyone reads everyone.
	for _, u := range []*user{owner, b, c, d} {
		if _, err := u.c.SendGroup(ctx, api.ChatSendParams{Account: u.name, To: "team", Text: "hi from " + u.name, DisplayName: u.name}); err != nil {
			gs, _ := u.c.Groups(u.name)
			t.Fatalf("%s: %v (%+v)", u.name, err, gs)
		}
	}
	for _, u := range []*user{owner, b, c, d} {
		for _, from := range []*user{owner, b, c, d} {
			m := u.waitMessage(t, g.ID, "hi from "+from.name)
			if m.From != from.acct.Address || m.Conversation != "group:"+g.ID {
				t.Fatalf("%s sees %+v", u.name, m)
			}
		}
	}
	// A member cannot remove; the owner removes dan: a new epoch.
	if _, err := c.c.RemoveGroup(ctx, api.ChatGroupMemberParams{Account: "cid", Group: "team", Member: d.acct.Address}); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("cid removes: %v", err)
	}
	ng, err := owner.c.RemoveGroup(ctx, api.ChatGroupMemberParams{Account: "owner", Group: g.ID, Member: d.acct.Address})
	if err != nil {
		t.Fatal(err)
	}
	if ng.Epoch != 1 || ng.Address == g.Address || len(ng.Members) != 3 {
		t.Fatalf("after the removal %+v", ng)
	}
	for _, u := range []*user{b, c} {
		u.waitGroup(t, g.ID, "epoch 1", func(x api.ChatGroup) bool { return x.Epoch == 1 && x.Address == ng.Address && len(x.Members) == 3 })
	}
	d.waitGroup(t, g.ID, "removed", func(x api.ChatGroup) bool { return x.State == stateRemoved })
	// Messages after the re-key: the others read them, dan does not, and
	// dan's wallet holds no account of the new epoch.
	for _, u := range []*user{owner, c} {
		if _, err := u.c.SendGroup(ctx, api.ChatSendParams{Account: u.name, To: "team", Text: "after from " + u.name}); err != nil {
			t.Fatalf("%s: %v", u.name, err)
		}
	}
	for _, u := range []*user{owner, b, c} {
		u.waitMessage(t, g.ID, "after from owner")
		u.waitMessage(t, g.ID, "after from cid")
	}
	if _, err := d.c.SendGroup(ctx, api.ChatSendParams{Account: "dan", To: "team", Text: "dan again"}); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("dan posts after removal: %v", err)
	}
	for _, a := range d.w.Accounts() {
		if a.Address == ng.Address {
			t.Fatal("dan's wallet holds the new group account")
		}
	}
	// Dan's wallet still has the old group account: what arrived there
	// since is only the rekey, which opens nothing for dan.
	d.c.Sync(ctx)
	if d.has(t, g.ID, "after from owner") || d.has(t, g.ID, "after from cid") {
		t.Fatal("dan read a message sent after his removal")
	}
	// cid leaves; the owner re-keys without cid.
	if _, err := c.c.LeaveGroup(ctx, api.ChatGroupParams{Account: "cid", Group: "team"}); err != nil {
		t.Fatal(err)
	}
	if _, err := owner.c.LeaveGroup(ctx, api.ChatGroupParams{Account: "owner", Group: "team"}); !errors.Is(err, ErrNotAllowed) {
		t.Fatalf("the owner leaves: %v", err)
	}
	owner.waitGroup(t, g.ID, "epoch 2 without cid", func(x api.ChatGroup) bool { return x.Epoch == 2 && len(x.Members) == 2 })
	b.waitGroup(t, g.ID, "epoch 2", func(x api.ChatGroup) bool { return x.Epoch == 2 && len(x.Members) == 2 })
	if got := c.group(t, g.ID); got.State != stateLeft {
		t.Fatalf("cid's group %+v", got)
	}
}

// TestGroupHundred: a group of 100 members (3 of them real wallets, the
// others addresses nobody reads) re-keys through the bus: 31 outputs in 3
// transactions, and the remaining real member switches.
func TestGroupHundred(t *testing.T) {
	cn := newChatNet(t, 3, 8, nil)
	owner, b, c := cn.user(0, "owner"), cn.user(1, "bea"), cn.user(2, "cid")
	ctx := context.Background()
	g, err := owner.c.CreateGroup(ctx, api.ChatGroupCreateParams{Account: "owner", Name: "crowd", Password: "group-pw"})
	if err != nil {
		t.Fatal(err)
	}
	// 97 members who never answer, written into the owner's roster.
	func() {
		owner.c.mu.Lock()
		defer owner.c.mu.Unlock()
		rec, err := owner.c.findGroup(owner.acct, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		for range 97 {
			rec.Members = append(rec.Members, memberRecord{Address: newTestKey(t).addr.String(owner.w.Network()), Role: "member"})
		}
		if err := owner.c.putGroup(owner.acct.ID, rec); err != nil {
			t.Fatal(err)
		}
	}()
	for _, u := range []*user{b, c} {
		if _, err := owner.c.InviteGroup(ctx, api.ChatGroupMemberParams{Account: "owner", Group: g.ID, Member: u.acct.Address}); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range []*user{b, c} {
		if j := u.joinGroup(t, g.ID); len(j.Members) < 99 {
			t.Fatalf("%s joined with %d members", u.name, len(j.Members))
		}
	}
	b.waitGroup(t, g.ID, "100 members", func(x api.ChatGroup) bool { return len(x.Members) == 100 })
	ng, err := owner.c.RemoveGroup(ctx, api.ChatGroupMemberParams{Account: "owner", Group: g.ID, Member: c.acct.Address})
	if err != nil {
		t.Fatal(err)
	}
	if len(ng.Members) != 99 || ng.Epoch != 1 {
		t.Fatalf("after the removal %+v", ng)
	}
	b.waitGroup(t, g.ID, "epoch 1", func(x api.ChatGroup) bool { return x.Epoch == 1 && x.Address == ng.Address })
	c.waitGroup(t, g.ID, "removed", func(x api.ChatGroup) bool { return x.State == stateRemoved })
	// The rekey as it arrived: 99 envelopes in 31 outputs.
	var rekeys int
	for _, a := range b.w.Accounts() {
		ps, err := b.b.Messages(a.ID, AppGroup, 0)
		if err != nil {
			continue
		}
		for _, p := range ps {
			if m, err := Decode(p.Data); err == nil && m.Kind() == KindRekey {
				rekeys++
				if n := len(m.(*Rekey).Envelopes); n != 99 || p.Count != 31 || len(p.TxIDs) != 3 {
					t.Fatalf("rekey of %d envelopes in %d outputs, %d transactions", n, p.Count, len(p.TxIDs))
				}
			}
		}
	}
	if rekeys != 1 {
		t.Fatalf("%d rekeys", rekeys)
	}
	if _, err := owner.c.SendGroup(ctx, api.ChatSendParams{Account: "owner", To: g.ID, Text: "after"}); err != nil {
		t.Fatal(err)
	}
	b.waitMessage(t, g.ID, "after")
}
