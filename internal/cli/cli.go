package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/client"
	"github.com/stegos-go/stegos/internal/config"
)

// Environment variables the CLI reads.
const (
	EnvAPI         = "STEGOS_API"
	EnvTokenFile   = "STEGOS_TOKEN_FILE"
	EnvAccount     = "STEGOS_ACCOUNT"
	EnvPassword    = "STEGOS_PASSWORD"
	EnvNewPassword = "STEGOS_NEW_PASSWORD"
)

// Exit statuses of Run.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

// Env is what the CLI takes from its process: streams, environment and
// terminal. Tests substitute their own; OSEnv returns the real one.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// LookupEnv reads an environment variable (os.LookupEnv).
	LookupEnv func(string) (string, bool)
	// UserHome returns the user's home directory (os.UserHomeDir).
	UserHome func() (string, error)
	// StdinTerminal, StdoutTerminal and StderrTerminal say which streams
	// are interactive terminals.
	StdinTerminal, StdoutTerminal, StderrTerminal bool
	// ReadPassword reads one line from the terminal on stdin without
	// echoing it, giving up (with the terminal restored) when ctx ends;
	// it is used only when StdinTerminal is set.
	ReadPassword func(ctx context.Context) (string, error)
	// Location is the time zone of human output; nil means time.Local.
	Location *time.Location
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// PollInterval is how often waiting commands ask the API; zero
	// means one second.
	PollInterval time.Duration
}

// OSEnv returns the environment of the running process.
func OSEnv() Env {
	return Env{
		Stdin:          os.Stdin,
		Stdout:         os.Stdout,
		Stderr:         os.Stderr,
		LookupEnv:      os.LookupEnv,
		UserHome:       os.UserHomeDir,
		StdinTerminal:  isTerminal(os.Stdin),
		StdoutTerminal: isTerminal(os.Stdout),
		StderrTerminal: isTerminal(os.Stderr),
		ReadPassword:   readPassword,
	}
}

// readPassword reads a password from the terminal on stdin. The read
// cannot be interrupted, so on Ctrl-C (ctx done) it restores the terminal
// echo itself and returns, leaving the read behind as the process exits.
func readPassword(ctx context.Context) (string, error) {
	fd := int(os.Stdin.Fd())
	state, err := term.GetState(fd)
	if err != nil {
		return "", err
	}
	type result struct {
		b   []byte
		err error
	}
	ch := make(chan result, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		ch <- result{b, err}
	}()
	select {
	case r := <-ch:
		return string(r.b), r.err
	case <-ctx.Done():
		_ = term.Restore(fd, state)
		return "", ctx.Err()
	}
}

func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

func (e *Env) fill() {
	if e.Stdin == nil {
		e.Stdin = strings.NewReader("")
	}
	if e.Stdout == nil {
		e.Stdout = io.Discard
	}
	if e.Stderr == nil {
		e.Stderr = io.Discard
	}
	if e.LookupEnv == nil {
		e.LookupEnv = func(string) (string, bool) { return "", false }
	}
	if e.UserHome == nil {
		e.UserHome = func() (string, error) { return "", errors.New("no home directory") }
	}
	if e.Location == nil {
		e.Location = time.Local
	}
	if e.Now == nil {
		e.Now = time.Now
	}
	if e.PollInterval <= 0 {
		e.PollInterval = time.Second
	}
}

// app is the state shared by the commands of one run.
type app struct {
	env Env
	in  *bufio.Reader // stdin, shared by every prompt

	apiURL    string
	tokenFile string
	account   string
	json      bool
	timeout   time.Duration

	client *client.Client
}

// Run executes the command line args (without the program name) and
// returns the exit status: ExitOK, ExitError or ExitUsage.
func Run(ctx context.Context, args []string, env Env) int {
	env.fill()
	a := &app{env: env, in: bufio.NewReader(env.Stdin)}
	root := a.newRoot()
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	status := ExitError
	var ue usageError
	if errors.As(err, &ue) {
		status = ExitUsage
	}
	if a.json || jsonRequested(args) {
		a.printJSONError(err)
		return status
	}
	fmt.Fprintf(env.Stderr, "stegos: %s\n", a.explain(err))
	if status == ExitUsage {
		fmt.Fprintln(env.Stderr, "Run 'stegos --help' for usage.")
	}
	return status
}

// jsonRequested finds --json in args when flag parsing failed before
// setting it.
func jsonRequested(args []string) bool {
	for _, s := range args {
		if s == "--" {
			return false
		}
		if s == "--json" || s == "--json=true" {
			return true
		}
	}
	return false
}

func (a *app) newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "stegos",
		Short: "Stegos wallet command line",
		Long: `stegos is the command-line wallet of Stegos. It talks to the JSON-RPC API of a
running stegosd (start a local chain with 'stegosd dev').

Amounts are in STG with up to 6 decimals (0.000001 STG = 1 µSTG). Passwords
are read without echo from the terminal, else from $` + EnvPassword + ` (and
$` + EnvNewPassword + ` for 'account passwd'), else one line from stdin.

With --json, a command prints its API result as JSON on stdout and an error
as {"error":{"code":C,"message":M,"data":D}} on stdout (C is the API error
code, 0 for errors of the CLI itself). Exit status: 0 ok, 1 error, 2 usage.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.ArbitraryArgs,
		RunE:          groupRun,
	}
	root.CompletionOptions.HiddenDefaultCmd = true
	root.SetOut(a.env.Stdout)
	root.SetErr(a.env.Stderr)
	root.SetIn(a.env.Stdin)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })

	pf := root.PersistentFlags()
	pf.StringVar(&a.apiURL, "api", a.envOr(EnvAPI, client.DefaultURL), "URL of the Stegos API (env "+EnvAPI+")")
	pf.StringVar(&a.tokenFile, "token-file", a.defaultTokenFile(), "file holding the API token (env "+EnvTokenFile+")")
	pf.StringVar(&a.account, "account", a.envOr(EnvAccount, ""), "account name or id (env "+EnvAccount+"; default: the first account)")
	pf.BoolVar(&a.json, "json", false, "print API results and errors as JSON")
	pf.DurationVar(&a.timeout, "timeout", 30*time.Second, "time limit of each API request (0: none)")

	root.AddCommand(
		a.accountCommand(),
		a.addressCommand(),
		a.balanceCommand(),
		a.payCommand(),
		a.feeCommand(),
		a.validatorsCommand(),
		a.stakeCommand(),
		a.unstakeCommand(),
		a.rewardsCommand(),
		a.unjailCommand(),
		a.awardCommand(),
		a.historyCommand(),
		a.chatCommand(),
		a.proofCommand(),
		a.statusCommand(),
		a.txCommand(),
		a.blockCommand(),
		a.waitSyncCommand(),
	)
	return root
}

// envOr returns the environment variable name, or def when it is unset or
// empty.
func (a *app) envOr(name, def string) string {
	if v, ok := a.env.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// defaultTokenFile is $STEGOS_TOKEN_FILE, else the token of the dev chain
// in the default home; "" when there is no home to find.
func (a *app) defaultTokenFile() string {
	if v := a.envOr(EnvTokenFile, ""); v != "" {
		return v
	}
	home, err := config.DefaultHome(a.env.LookupEnv, a.env.UserHome)
	if err != nil {
		return ""
	}
	return filepath.Join(home, "dev", api.TokenFile)
}

// api returns the client, creating it on first use.
func (a *app) api() (*client.Client, error) {
	if a.client != nil {
		return a.client, nil
	}
	if a.tokenFile == "" {
		return nil, errors.New("cannot find the API token: no home directory; pass --token-file or set " + EnvTokenFile)
	}
	tok, err := client.TokenFromFile(a.tokenFile)
	if err != nil {
		return nil, fmt.Errorf("%s; or pass --token-file", strings.TrimPrefix(err.Error(), "client: "))
	}
	c, err := client.New(a.apiURL, tok)
	if err != nil {
		return nil, usageError{fmt.Errorf("--api: %s", strings.TrimPrefix(err.Error(), "client: "))}
	}
	a.client = c
	return c, nil
}

// rpcContext bounds one API request by --timeout.
func (a *app) rpcContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if a.timeout <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, a.timeout)
}

// do runs one API request f with the client under --timeout.
func (a *app) do(ctx context.Context, f func(context.Context, *client.Client) error) error {
	c, err := a.api()
	if err != nil {
		return err
	}
	rctx, cancel := a.rpcContext(ctx)
	defer cancel()
	return f(rctx, c)
}

// doResult is do for a request with a result.
func doResult[T any](ctx context.Context, a *app, f func(context.Context, *client.Client) (T, error)) (T, error) {
	var out T
	err := a.do(ctx, func(ctx context.Context, c *client.Client) error {
		var err error
		out, err = f(ctx, c)
		return err
	})
	return out, err
}

// accountLabel names the selected account in messages.
func (a *app) accountLabel() string {
	if a.account == "" {
		return "the first account"
	}
	return "account " + a.account
}

// accountFlag is the --account option to repeat in a suggested command.
func (a *app) accountFlag() string {
	if a.account == "" {
		return ""
	}
	return "--account " + shellQuote(a.account) + " "
}

// groupRun runs a command that only groups subcommands: without
// arguments it prints help, with one it reports an unknown command.
func groupRun(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return cmd.Help()
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return usageError{errors.New(msg)}
}

// usageError marks a mistake in the command line (exit status 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef returns a usage error with a formatted message.
func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// exactArgs is cobra.ExactArgs with usage errors naming the arguments.
func exactArgs(names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != len(names) {
			return usagef("%s takes %s (%d given)", cmd.CommandPath(), describeArgs(names), len(args))
		}
		return nil
	}
}

// rangeArgs accepts between len(required) and len(required)+len(optional)
// arguments.
func rangeArgs(required, optional []string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < len(required) || len(args) > len(required)+len(optional) {
			return usagef("%s takes %s (%d given)", cmd.CommandPath(),
				describeArgs(slices.Concat(required, bracket(optional))), len(args))
		}
		return nil
	}
}

func bracket(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "[" + n + "]"
	}
	return out
}

func describeArgs(names []string) string {
	if len(names) == 0 {
		return "no arguments"
	}
	return strings.Join(names, " ")
}

// shellQuote quotes s for a suggested command line when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
