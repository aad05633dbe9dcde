package wallet

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Account names. A name picks the account in every command, so two names
// that a person cannot tell apart must not both exist, and a name must not
// read as something else ("." and ".." as directories, a trailing dot
// lost in a sentence). The rule (ADR 0017):
//
//   - the name is kept in Unicode NFKC form ("ｂｏｂ" is "bob", "ﬁ" is "fi");
//   - 1 to 64 bytes of letters (any script), combining marks after a
//     letter, ASCII digits, and "-", "_" and "." inside the name: it starts
//     and ends with a letter or a digit;
//   - the letters are of one script, or of one of the combinations
//     Unicode TR39 calls highly restrictive (Latin with Han, Hiragana and
//     Katakana; Latin with Han and Bopomofo; Latin with Han and Hangul), so
//     "pаypal" with a Cyrillic "а" is refused;
//   - no existing name may have the same skeleton: the name in lower case
//     with look-alike letters and digits replaced by the Latin letter they
//     look like (Cyrillic "а" and Greek "α" as "a", "0" as "o", "1" and
//     "I" as "l", "rn" as "m"), so neither "Alice" nor an all-Cyrillic
//     "аlісе" can join an existing "alice".
//
// Names accepted before this rule keep working; the rule applies to new
// accounts.

// maxNameLen bounds account names, in bytes.
const maxNameLen = 64

// normalizeName returns name in the form it is kept in, or why it is not
// a valid name (ErrInvalidName).
func normalizeName(name string) (string, error) {
	n := norm.NFKC.String(name)
	if n == "" || len(n) > maxNameLen {
		return "", fmt.Errorf("%w: a name has 1 to %d characters", ErrInvalidName, maxNameLen)
	}
	first, _ := utf8.DecodeRuneInString(n)
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRightFunc(n, isMark))
	if !nameEdge(first) || !nameEdge(last) {
		return "", fmt.Errorf("%w: %q must start and end with a letter or a digit", ErrInvalidName, name)
	}
	scripts := map[string]bool{}
	for _, r := range n {
		switch {
		case unicode.IsLetter(r):
			if sc := scriptOf(r); sc != "" {
				scripts[sc] = true
			}
		case isASCIIDigit(r), r == '-', r == '_', r == '.', isMark(r):
		default:
			return "", fmt.Errorf("%w: %q has %q; use letters, digits, and - _ . inside the name", ErrInvalidName, name, r)
		}
	}
	if !allowedScripts(scripts) {
		return "", fmt.Errorf("%w: %q mixes the letters of %s; use one script, so the name cannot pass for another", ErrInvalidName, name, joinScripts(scripts))
	}
	return n, nil
}

func nameEdge(r rune) bool { return unicode.IsLetter(r) || isASCIIDigit(r) }

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// isMark reports a combining mark (a vowel sign, an accent NFKC could not
// compose).
func isMark(r rune) bool { return unicode.In(r, unicode.Mn, unicode.Mc) }

// scriptOf names the script of a letter ("" for Common and Inherited).
func scriptOf(r rune) string {
	for name, t := range unicode.Scripts {
		if name != "Common" && name != "Inherited" && unicode.Is(t, r) {
			return name
		}
	}
	return ""
}

// highlyRestrictive are the script sets TR39 allows in one identifier
// besides a single script.
var highlyRestrictive = []map[string]bool{
	{"Latin": true, "Han": true, "Hiragana": true, "Katakana": true},
	{"Latin": true, "Han": true, "Bopomofo": true},
	{"Latin": true, "Han": true, "Hangul": true},
}

func allowedScripts(scripts map[string]bool) bool {
	if len(scripts) <= 1 {
		return true
	}
outer:
	for _, set := range highlyRestrictive {
		for sc := range scripts {
			if !set[sc] {
				continue outer
			}
		}
		return true
	}
	return false
}

func joinScripts(scripts map[string]bool) string {
	var out []string
	for _, sc := range []string{"Latin", "Cyrillic", "Greek"} {
		if scripts[sc] {
			out = append(out, sc)
		}
	}
	for sc := range scripts {
		if sc != "Latin" && sc != "Cyrillic" && sc != "Greek" {
			out = append(out, sc)
		}
	}
	return strings.Join(out, " and ")
}

// confusables maps letters and digits that look like a Latin letter to it
// (after NFKC; a subset of Unicode's confusables.txt covering the Latin,
// Cyrillic and Greek look-alikes and the usual digit ones).
var confusables = map[rune]rune{
	'0': 'o', '1': 'l', 'I': 'l', '|': 'l', 'ı': 'i', 'ɑ': 'a', 'ɡ': 'g',
	// Cyrillic.
	'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c', 'т': 't',
	'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i', 'ї': 'i', 'ј': 'j', 'ԁ': 'd', 'һ': 'h', 'ԛ': 'q', 'ԝ': 'w', 'ӏ': 'l',
	'ү': 'y', 'ɩ': 'i',
	'А': 'a', 'В': 'b', 'Е': 'e', 'К': 'k', 'М': 'm', 'Н': 'h', 'О': 'o', 'Р': 'p', 'С': 'c', 'Т': 't', 'У': 'y',
	'Х': 'x', 'Ѕ': 's', 'І': 'l', 'Ј': 'j', 'Ү': 'y', 'Ӏ': 'l',
	// Greek.
	'α': 'a', 'ο': 'o', 'ρ': 'p', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'υ': 'u', 'χ': 'x', 'τ': 't', 'γ': 'y',
	'Α': 'a', 'Β': 'b', 'Ε': 'e', 'Ζ': 'z', 'Η': 'h', 'Ι': 'l', 'Κ': 'k', 'Μ': 'm', 'Ν': 'n', 'Ο': 'o',
	'Ρ': 'p', 'Τ': 't', 'Υ': 'y', 'Χ': 'x',
}

// skeleton is what a name looks like: NFKC, look-alikes replaced by the
// letter they pass for, lower case, "rn" as "m" and "vv" as "w". Two names
// with one skeleton cannot both exist.
func skeleton(name string) string {
	var b strings.Builder
	for _, r := range norm.NFKC.String(name) {
		if c, ok := confusables[r]; ok {
			r = c
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.NewReplacer("rn", "m", "vv", "w").Replace(b.String())
}

// nameConflict says why name cannot join an existing account name, or "".
func nameConflict(name, existing string) string {
	switch {
	case name == existing:
		return fmt.Sprintf("the name %q is taken", name)
	case strings.EqualFold(name, existing):
		return fmt.Sprintf("%q differs only by case from the account %q", name, existing)
	case skeleton(name) == skeleton(existing):
		return fmt.Sprintf("%q looks like the account %q", name, existing)
	}
	return ""
}
