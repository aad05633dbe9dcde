package chat

import (
	"encoding/hex"
	"net/url"
	"strings"
)

// URIScheme starts every chat URI.
const URIScheme = "stegos:"

// A chat URI is what a QR code or a link carries to reach someone on the
// chat (docs/chat.md):
//
//	stegos:ADDRESS[?name=NAME]                         a contact
//	stegos:ADDRESS?chat=channel&view=HEX&owner=ADDRESS[&name=NAME]
//	                                                   a channel's invite
//
// ADDRESS is an address text (bech32m, 114 characters); NAME the display
// name the URI's author suggests, percent-encoded; view the channel
// account's secret view key (64 hex digits); owner the address whose
// signed posts the channel shows. Parameters appear at most once, in any
// order; unknown ones are refused. The bare address (without "stegos:") is
// a contact URI too.
type URI struct {
	// Address is the contact's or the channel's address text.
	Address string
	// Name is the suggested display name (may be empty).
	Name string
	// Channel marks a channel invite, which has ViewKey and Owner.
	Channel bool
	// ViewKey is the channel account's secret view key (hex).
	ViewKey string
	// Owner is the address text of the channel's owner.
	Owner string
}

// String returns the URI text.
func (u URI) String() string {
	q := url.Values{}
	if u.Channel {
		q.Set("chat", "channel")
		q.Set("view", u.ViewKey)
		q.Set("owner", u.Owner)
	}
	if u.Name != "" {
		q.Set("name", u.Name)
	}
	s := URIScheme + u.Address
	if len(q) > 0 {
		s += "?" + strings.ReplaceAll(q.Encode(), "+", "%20")
	}
	return s
}

// ParseURI parses a chat URI (or a bare address). It checks the syntax;
// whether the addresses belong to the wallet's network is for the caller
// (Service) to check.
func ParseURI(s string) (URI, error) {
	s = strings.TrimSpace(s)
	if len(s) >= len(URIScheme) && strings.EqualFold(s[:len(URIScheme)], URIScheme) {
		s = s[len(URIScheme):]
		s = strings.TrimPrefix(s, "//")
	}
	addr, query, hasQuery := strings.Cut(s, "?")
	var u URI
	if addr == "" || strings.ContainsAny(addr, "/#&= ") {
		return u, decodeError(ErrMalformed, "a chat URI is stegos:ADDRESS[?...], not %q", s)
	}
	u.Address = addr
	if !hasQuery {
		return u, nil
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return u, decodeError(ErrMalformed, "URI parameters: %v", err)
	}
	for k, v := range q {
		if len(v) != 1 {
			return u, decodeError(ErrMalformed, "URI parameter %q given %d times", k, len(v))
		}
		switch k {
		case "name":
			u.Name = v[0]
		case "chat":
			if v[0] != "channel" {
				return u, decodeError(ErrMalformed, "URI chat=%q: only channel invites have it", v[0])
			}
			u.Channel = true
		case "view":
			u.ViewKey = v[0]
		case "owner":
			u.Owner = v[0]
		default:
			return u, decodeError(ErrMalformed, "unknown URI parameter %q", k)
		}
	}
	if err := checkName("display name", u.Name); err != nil {
		return u, decodeError(ErrMalformed, "%v", err)
	}
	if !u.Channel {
		if u.ViewKey != "" || u.Owner != "" {
			return u, decodeError(ErrMalformed, "view and owner belong to a channel invite (chat=channel)")
		}
		return u, nil
	}
	if b, err := hex.DecodeString(u.ViewKey); err != nil || len(b) != 32 {
		return u, decodeError(ErrMalformed, "a channel invite's view key is 64 hex digits")
	}
	if u.Owner == "" {
		return u, decodeError(ErrMalformed, "a channel invite names its owner")
	}
	return u, nil
}
