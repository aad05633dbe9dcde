package keys

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"testing/iotest"
)

const (
	phraseZero  = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art"
	phraseLegal = "legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth title"
)

// replaceWord returns phrase with its word at 1-based position pos set to w.
func replaceWord(phrase string, pos int, w string) string {
	f := strings.Fields(phrase)
	f[pos-1] = w
	return strings.Join(f, " ")
}

func TestValidateMnemonicErrors(t *testing.T) {
	t.Parallel()
	swapped := strings.Fields(phraseLegal)
	swapped[0], swapped[2] = swapped[2], swapped[0]

	tests := []struct {
		name       string
		phrase     string
		count      int    // WordCountError.Got, or -1
		position   int    // UnknownWordError.Position, or 0
		word       string // UnknownWordError.Word
		suggestion string
		checksum   bool
		msg        string // substring of the message
	}{
		{name: "empty", phrase: "", count: 0, msg: "it has 0 words, expected 24"},
		{name: "blank", phrase: " \t\n", count: 0, msg: "expected 24"},
		{name: "12 words (valid BIP-39)", phrase: "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", count: 12, msg: "it has 12 words, expected 24"},
		{name: "23 words", phrase: strings.Join(strings.Fields(phraseZero)[:23], " "), count: 23, msg: "it has 23 words"},
		{name: "25 words", phrase: phraseZero + " art", count: 25, msg: "it has 25 words"},
		{name: "typo", phrase: replaceWord(phraseLegal, 5, "wavv"), count: -1, position: 5, word: "wavv", suggestion: "wave", msg: `word 5 "wavv" is not in the BIP-39 English word list (did you mean "wave"?)`},
		{name: "four-letter prefix", phrase: replaceWord(phraseLegal, 24, "titlex"), count: -1, position: 24, word: "titlex", suggestion: "title", msg: `word 24 "titlex"`},
		{name: "missing letter", phrase: replaceWord(phraseZero, 1, "abndon"), count: -1, position: 1, word: "abndon", suggestion: "abandon", msg: `did you mean "abandon"?`},
		{name: "nothing close", phrase: replaceWord(phraseZero, 3, "qqqqqqq"), count: -1, position: 3, word: "qqqqqqq", msg: `word 3 "qqqqqqq" is not in the BIP-39 English word list`},
		{name: "digit", phrase: replaceWord(phraseZero, 2, "zo0"), count: -1, position: 2, word: "zo0", suggestion: "zoo"},
		{name: "short word, two edits", phrase: replaceWord(phraseZero, 2, "z00"), count: -1, position: 2, word: "z00"},
		{name: "accented", phrase: replaceWord(phraseZero, 7, "abandön"), count: -1, position: 7, word: "abando\u0308n", suggestion: "abandon"},
		{name: "first unknown reported", phrase: replaceWord(replaceWord(phraseZero, 9, "xx"), 4, "yy"), count: -1, position: 4, word: "yy"},
		{name: "bad checksum", phrase: replaceWord(phraseZero, 24, "abandon"), count: -1, checksum: true, msg: "checksum does not match"},
		{name: "last word changed", phrase: replaceWord(phraseLegal, 24, "year"), count: -1, checksum: true},
		{name: "two words swapped", phrase: strings.Join(swapped, " "), count: -1, checksum: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := ValidateMnemonic(tt.phrase)
			if !errors.Is(err, ErrInvalidMnemonic) {
				t.Fatalf("err = %v, want ErrInvalidMnemonic", err)
			}
			if tt.msg != "" && !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("message %q does not contain %q", err, tt.msg)
			}
			var wc *WordCountError
			if got := errors.As(err, &wc); got != (tt.count >= 0) {
				t.Fatalf("WordCountError = %v, want %v (err %v)", got, tt.count >= 0, err)
			}
			if wc != nil && (wc.Got != tt.count || wc.Want != MnemonicWords) {
				t.Errorf("WordCountError = %+v, want Got %d", *wc, tt.count)
			}
			var uw *UnknownWordError
			if got := errors.As(err, &uw); got != (tt.position > 0) {
				t.Fatalf("UnknownWordError = %v, want %v (err %v)", got, tt.position > 0, err)
			}
			if uw != nil && (uw.Position != tt.position || uw.Word != tt.word || uw.Suggestion != tt.suggestion) {
				t.Errorf("UnknownWordError = %+v, want {%d %q %q}", *uw, tt.position, tt.word, tt.suggestion)
			}
			if got := errors.Is(err, ErrChecksum); got != tt.checksum {
				t.Errorf("errors.Is(err, ErrChecksum) = %v, want %v (err %v)", got, tt.checksum, err)
			}
			if m, err := ParseMnemonic(tt.phrase); m != nil || err == nil {
				t.Error("ParseMnemonic disagrees with ValidateMnemonic")
			}
		})
	}
}

func TestParseMnemonicNormalizes(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		phraseLegal,
		"  " + strings.ToUpper(phraseLegal) + "\n",
		strings.ReplaceAll(phraseLegal, " ", " \t\r\n "),
		strings.ReplaceAll(phraseLegal, " ", "\u3000"),    // ideographic space
		strings.Replace(phraseLegal, "legal", "ｌｅｇａｌ", 1), // full-width letters
	} {
		m, err := ParseMnemonic(in)
		if err != nil {
			t.Fatalf("ParseMnemonic(%q): %v", in, err)
		}
		if got := m.Phrase(); got != phraseLegal {
			t.Fatalf("Phrase = %q, want %q", got, phraseLegal)
		}
	}
}

func TestNewMnemonic(t *testing.T) {
	t.Parallel()
	m, err := NewMnemonic(bytes.NewReader(make([]byte, EntropySize)))
	if err != nil {
		t.Fatal(err)
	}
	if m.Phrase() != phraseZero {
		t.Fatalf("all-zero entropy gave %q", m.Phrase())
	}
	if len(m.Words()) != MnemonicWords {
		t.Fatalf("%d words", len(m.Words()))
	}
	if _, err := NewMnemonic(iotest.ErrReader(errors.New("no entropy"))); err == nil {
		t.Error("NewMnemonic ignored a failing reader")
	}
	if _, err := NewMnemonic(bytes.NewReader(make([]byte, EntropySize-1))); err == nil {
		t.Error("NewMnemonic accepted a short read")
	}
	for _, n := range []int{0, 16, 31, 33} {
		if _, err := MnemonicFromEntropy(make([]byte, n)); err == nil {
			t.Errorf("MnemonicFromEntropy accepted %d bytes", n)
		}
	}

	e := bytes.Repeat([]byte{0x5a}, EntropySize)
	m, err = MnemonicFromEntropy(e)
	if err != nil {
		t.Fatal(err)
	}
	e[0] = 0
	if got := m.Entropy(); got[0] != 0x5a {
		t.Fatal("MnemonicFromEntropy kept an alias of its input")
	}
	back, err := ParseMnemonic(m.Phrase())
	if err != nil || !bytes.Equal(back.Entropy(), m.Entropy()) {
		t.Fatalf("phrase does not round-trip: %v", err)
	}
	m.Zero()
	if !bytes.Equal(m.Entropy(), make([]byte, EntropySize)) {
		t.Fatal("Zero left entropy behind")
	}
}

// TestSecretsRedacted prints each secret type every way fmt and slog can
// and looks for its words or bytes.
func TestSecretsRedacted(t *testing.T) {
	t.Parallel()
	m, err := ParseMnemonic(phraseLegal)
	if err != nil {
		t.Fatal(err)
	}
	seed := m.Seed("")
	acct := seed.Account(0)
	values := []any{m, *m, seed, *seed, acct, *acct}
	var outs []string
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%p"} {
			outs = append(outs, fmt.Sprintf(verb, v))
		}
		var logs bytes.Buffer
		slog.New(slog.NewTextHandler(&logs, nil)).Info("x", "v", v)
		slog.New(slog.NewJSONHandler(&logs, nil)).Info("x", "v", v)
		outs = append(outs, logs.String())
	}
	seedHex := fmt.Sprintf("%x", seed.Bytes()[:4])
	spendHex := fmt.Sprintf("%x", acct.Spend.Bytes()[:4])
	entropyDec := fmt.Sprint(m.Entropy()[:4])
	for _, o := range outs {
		if strings.Contains(o, "legal") || strings.Contains(o, "winner") ||
			strings.Contains(o, seedHex) || strings.Contains(o, spendHex) ||
			strings.Contains(o, strings.Trim(entropyDec, "[]")) {
			t.Errorf("secret printed: %q", o)
		}
	}
}

func FuzzValidateMnemonic(f *testing.F) {
	f.Add(phraseZero)
	f.Add(phraseLegal)
	f.Add(strings.ToUpper(phraseLegal))
	f.Add(replaceWord(phraseLegal, 3, "thnk"))
	f.Add("")
	f.Add("abandon")
	f.Add("zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote")
	f.Fuzz(func(t *testing.T, phrase string) {
		err := ValidateMnemonic(phrase)
		m, perr := ParseMnemonic(phrase)
		if (err == nil) != (perr == nil) {
			t.Fatalf("ValidateMnemonic %v but ParseMnemonic %v", err, perr)
		}
		if err != nil {
			if !errors.Is(err, ErrInvalidMnemonic) {
				t.Fatalf("error %v does not match ErrInvalidMnemonic", err)
			}
			return
		}
		// Accepted phrases are their normalized words, and entropy →
		// phrase → entropy is the identity.
		if got, want := m.Phrase(), strings.Join(normalizeWords(phrase), " "); got != want {
			t.Fatalf("Phrase = %q, want %q", got, want)
		}
		again, err := MnemonicFromEntropy(m.Entropy())
		if err != nil || again.Phrase() != m.Phrase() {
			t.Fatalf("entropy → phrase does not round-trip: %v", err)
		}
		back, err := ParseMnemonic(m.Phrase())
		if err != nil || !bytes.Equal(back.Entropy(), m.Entropy()) {
			t.Fatalf("phrase → entropy does not round-trip: %v", err)
		}
	})
}
