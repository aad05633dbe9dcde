package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// phraseWords is the number of words of a recovery phrase.
const phraseWords = 24

// readLine reads one line from stdin without its line ending. It fails at
// the end of input unless the line has text. On a terminal it gives up
// when ctx ends (Ctrl-C), since the read itself cannot be interrupted.
func (a *app) readLine(ctx context.Context) (string, error) {
	if !a.env.StdinTerminal {
		return a.readLineNow()
	}
	type line struct {
		s   string
		err error
	}
	ch := make(chan line, 1)
	go func() {
		s, err := a.readLineNow()
		ch <- line{s, err}
	}()
	select {
	case l := <-ch:
		return l.s, l.err
	case <-ctx.Done():
		fmt.Fprintln(a.env.Stderr)
		return "", ctx.Err()
	}
}

func (a *app) readLineNow() (string, error) {
	s, err := a.in.ReadString('\n')
	if err != nil && (!errors.Is(err, io.EOF) || s == "") {
		if errors.Is(err, io.EOF) {
			return "", io.ErrUnexpectedEOF
		}
		return "", err
	}
	return strings.TrimRight(s, "\r\n"), nil
}

// secret reads a secret: from the terminal without echo after prompting on
// stderr, else one line from stdin. what names it in errors.
func (a *app) secret(ctx context.Context, prompt, what string) (string, error) {
	if a.env.StdinTerminal {
		fmt.Fprint(a.env.Stderr, prompt)
		s, err := a.env.ReadPassword(ctx)
		fmt.Fprintln(a.env.Stderr)
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		if err != nil {
			return "", fmt.Errorf("read %s: %w", what, err)
		}
		return s, nil
	}
	s, err := a.readLine(ctx)
	if err != nil {
		return "", fmt.Errorf("no %s on stdin (%v)", what, err)
	}
	return s, nil
}

// password returns the password of an existing account: $envVar when set,
// else read from the terminal or stdin.
func (a *app) password(ctx context.Context, prompt, envVar string) (string, error) {
	if v, ok := a.env.LookupEnv(envVar); ok {
		return v, nil
	}
	pw, err := a.secret(ctx, prompt, "password")
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if err != nil {
		return "", fmt.Errorf("%w: type it on a terminal, set %s or pipe it on stdin", err, envVar)
	}
	return pw, nil
}

// newPassword is password for a password being chosen: on a terminal it
// is asked twice.
func (a *app) newPassword(ctx context.Context, prompt, envVar string) (string, error) {
	pw, err := a.password(ctx, prompt, envVar)
	if err != nil {
		return "", err
	}
	if _, ok := a.env.LookupEnv(envVar); ok || !a.env.StdinTerminal {
		return pw, nil
	}
	again, err := a.secret(ctx, "Repeat the password: ", "password")
	if err != nil {
		return "", err
	}
	if again != pw {
		return "", errors.New("the passwords do not match")
	}
	return pw, nil
}

// readPhrase reads a recovery phrase from stdin, over as many lines as it
// takes, and normalizes it (see normalizePhrase).
func (a *app) readPhrase(ctx context.Context) (string, error) {
	if a.env.StdinTerminal {
		fmt.Fprintf(a.env.Stderr, "Recovery phrase (%d words): ", phraseWords)
	}
	var words []string
	for len(words) < phraseWords {
		line, err := a.readLine(ctx)
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		if err != nil {
			break
		}
		words = append(words, phraseFields(line)...)
		if a.env.StdinTerminal && len(words) > 0 && len(words) < phraseWords {
			fmt.Fprintf(a.env.Stderr, "%d more: ", phraseWords-len(words))
		}
	}
	return checkPhrase(words)
}

// normalizePhrase accepts a phrase as people paste it: any spacing and
// line breaks, any case, with or without the numbers "1." … "24." that
// `stegos account create` prints; it returns the words in lower case
// separated by single spaces.
func normalizePhrase(s string) (string, error) { return checkPhrase(phraseFields(s)) }

func checkPhrase(words []string) (string, error) {
	if len(words) != phraseWords {
		return "", fmt.Errorf("the recovery phrase has %d words; it must have %d", len(words), phraseWords)
	}
	return strings.Join(words, " "), nil
}

// phraseFields splits s into lower-case words, dropping word numbers.
func phraseFields(s string) []string {
	var out []string
	for _, f := range strings.Fields(s) {
		if isWordNumber(f) {
			continue
		}
		out = append(out, strings.ToLower(f))
	}
	return out
}

// isWordNumber reports whether f is a number like "7", "7." or "7)".
func isWordNumber(f string) bool {
	f = strings.TrimRight(f, ".):")
	return f != "" && allDigits(f)
}

// confirmName asks the user to type name to confirm a destructive action;
// without a terminal it refuses, since --yes is the way for scripts.
func (a *app) confirmName(ctx context.Context, action, name string) error {
	if !a.env.StdinTerminal {
		return usagef("refusing to %s without confirmation: pass --yes", action)
	}
	fmt.Fprintf(a.env.Stderr, "To %s, type its name (%s): ", action, name)
	got, err := a.readLine(ctx)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil || strings.TrimSpace(got) != name {
		return errors.New("not confirmed; nothing was changed")
	}
	return nil
}
