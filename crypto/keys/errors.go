package keys

import (
	"errors"
	"fmt"
)

// ErrInvalidMnemonic is the error every recovery phrase problem matches with
// errors.Is. The concrete error says which: *WordCountError,
// *UnknownWordError or ErrChecksum.
var ErrInvalidMnemonic = errors.New("keys: invalid recovery phrase")

// ErrChecksum means every word is valid but the phrase's built-in checksum
// does not match: a word was mistyped as another valid word, or two words
// were swapped.
var ErrChecksum = fmt.Errorf("%w: checksum does not match (a word is wrong or two words are swapped)", ErrInvalidMnemonic)

// WordCountError reports a phrase with the wrong number of words.
type WordCountError struct {
	Got  int // words found after normalization
	Want int // always MnemonicWords
}

func (e *WordCountError) Error() string {
	return fmt.Sprintf("%v: it has %d words, expected %d", ErrInvalidMnemonic, e.Got, e.Want)
}

// Unwrap makes errors.Is(err, ErrInvalidMnemonic) hold.
func (e *WordCountError) Unwrap() error { return ErrInvalidMnemonic }

// UnknownWordError reports a word that is not in the BIP-39 English list.
// It quotes the typed word: show it to the user, do not log it.
type UnknownWordError struct {
	Position   int    // 1-based position in the phrase
	Word       string // the word as normalized
	Suggestion string // closest list word, or "" if none is close
}

func (e *UnknownWordError) Error() string {
	msg := fmt.Sprintf("%v: word %d %q is not in the BIP-39 English word list", ErrInvalidMnemonic, e.Position, e.Word)
	if e.Suggestion != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", e.Suggestion)
	}
	return msg
}

// Unwrap makes errors.Is(err, ErrInvalidMnemonic) hold.
func (e *UnknownWordError) Unwrap() error { return ErrInvalidMnemonic }

func newUnknownWordError(pos int, w string) *UnknownWordError {
	return &UnknownWordError{Position: pos, Word: w, Suggestion: suggestWord(w)}
}
