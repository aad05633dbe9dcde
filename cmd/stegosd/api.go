package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/stegos-go/stegos/api"
	"github.com/stegos-go/stegos/internal/apiserver"
	"github.com/stegos-go/stegos/internal/bus"
	"github.com/stegos-go/stegos/internal/chainsrc"
	"github.com/stegos-go/stegos/internal/chat"
	"github.com/stegos-go/stegos/internal/genesis"
	"github.com/stegos-go/stegos/internal/rpcserver"
	"github.com/stegos-go/stegos/internal/wallet"
	"github.com/stegos-go/stegos/internal/webui"
	"github.com/stegos-go/stegos/params"
)

// This file runs the wallet and the JSON-RPC API beside a node (in-process,
// over its local client) or against a remote node (stegosd wallet).

// walletDir is where the wallet lives in a home.
func walletDir(home string) string { return filepath.Join(home, "wallet") }

// demoAccount is the dev chain's funded demo account, recovered from the
// public genesis.DemoPhrase with this password and unlocked on every start.
const (
	demoAccount  = "demo"
	demoPassword = "demo"
)

// apiService is the wallet, its message bus, the chat and the API server
// around one chain source.
type apiService struct {
	wallet *wallet.Service
	bus    *bus.Service
	chat   *chat.Service
	done   chan error
	cancel context.CancelFunc
}

// webOptions are the settings of the web wallet and the explorer
// (api.web, api.web_listen).
type webOptions struct {
	// off turns the pages off (api.web = false).
	off bool
	// listen, when set, is the pages' own address (api.web_listen).
	listen string
	// query is the node's application query, which lets the explorer say
	// where an unspent output was created; nil for a remote node.
	query webui.ABCIQuerier
}

// startAPI opens the wallet in home and serves the API on listen (no API
// when listen is empty), with the web wallet and the explorer. dev makes
// sure the demo account exists and is unlocked.
func startAPI(ctx context.Context, home, listen string, src *chainsrc.Comet, logger *slog.Logger, dev bool) (*apiService, error) {
	return startAPIWeb(ctx, home, listen, src, logger, dev, webOptions{})
}

// startAPIWeb is startAPI with the pages set by web.
func startAPIWeb(ctx context.Context, home, listen string, src *chainsrc.Comet, logger *slog.Logger, dev bool, web webOptions) (*apiService, error) {
	p, err := params.ByChainID(src.ChainID())
	if err != nil {
		return nil, err
	}
	token, err := rpcserver.LoadOrCreateToken(home)
	if err != nil {
		return nil, err
	}
	var webLn net.Listener
	if listen != "" && !web.off && web.listen != "" {
		if webLn, err = rpcserver.Listen(web.listen); err != nil {
			return nil, fmt.Errorf("web wallet: %w", err)
		}
	}
	closeWeb := func() {
		if webLn != nil {
			_ = webLn.Close()
		}
	}
	pages, err := webPages(listen, webLn, src, &p, web, logger)
	if err != nil {
		closeWeb()
		return nil, err
	}
	srv, err := rpcserver.New(rpcserver.Config{
		Token: token, Logger: logger.With("module", "api"), Title: apiserver.Title, Version: api.Version,
		Pages: pages,
	})
	if err != nil {
		closeWeb()
		return nil, err
	}
	w, err := wallet.Open(wallet.Config{
		Dir: walletDir(home), Source: src, Params: &p,
		Logger: logger.With("module", "wallet"), Notify: srv.Publish,
	})
	if err != nil {
		closeWeb()
		return nil, fmt.Errorf("%w (is another stegosd using %s?)", err, walletDir(home))
	}
	if dev {
		if err := ensureDemoAccount(ctx, w, logger); err != nil {
			closeWeb()
			return nil, errors.Join(err, w.Close())
		}
	}
	b, err := bus.New(bus.Config{Wallet: w, Logger: logger.With("module", "bus"), Notify: srv.Publish, Params: &p})
	if err != nil {
		closeWeb()
		return nil, errors.Join(err, w.Close())
	}
	c, err := chat.New(chat.Config{Wallet: w, Bus: b, Params: &p, Logger: logger.With("module", "chat"), Notify: srv.Publish})
	if err != nil {
		closeWeb()
		return nil, errors.Join(err, b.Close(), w.Close())
	}
	apiserver.RegisterChain(srv, src, &p, moduleVersion())
	apiserver.RegisterWallet(srv, w)
	apiserver.RegisterBus(srv, b)
	apiserver.RegisterChat(srv, c)
	ctx, cancel := context.WithCancel(ctx)
	s := &apiService{wallet: w, bus: b, chat: c, done: make(chan error, 1), cancel: cancel}
	go apiserver.WatchBlocks(ctx, src, 200*time.Millisecond, srv.Publish, logger.With("module", "api"))
	if listen == "" {
		logger.Info("API disabled (api.listen is empty)")
		go func() { <-ctx.Done(); s.done <- nil }()
		return s, nil
	}
	ln, err := rpcserver.Listen(listen)
	if err != nil {
		cancel()
		closeWeb()
		return nil, errors.Join(fmt.Errorf("API: %w", err), c.Close(), b.Close(), w.Close())
	}
	logger.Info("API listening", "url", "http://"+ln.Addr().String(), "token_file", filepath.Join(home, rpcserver.TokenFile))
	webAddr := ln.Addr().String()
	if webLn != nil {
		webAddr = webLn.Addr().String()
	}
	switch {
	case web.off:
		logger.Info("web wallet and explorer disabled (api.web = false)")
	case dev:
		// The dev token guards a chain of public demo keys; the link lets a
		// newcomer open the web wallet in one click. Other tokens are never
		// logged.
		logger.Info("web wallet: open this link to log in", "url", webui.LoginURL(webAddr, token), "explorer", "http://"+webAddr+"/explorer")
	default:
		logger.Info("web wallet", "url", "http://"+webAddr+"/", "login", "paste the token of "+filepath.Join(home, rpcserver.TokenFile), "explorer", "http://"+webAddr+"/explorer")
	}
	go func() {
		// One server on both addresses: the API's, and the pages' own one
		// (where the API answers too, for the wallet's calls).
		var wg sync.WaitGroup
		var apiErr, webErr error
		wg.Go(func() { apiErr = srv.Serve(ctx, ln) })
		if webLn != nil {
			wg.Go(func() { webErr = srv.Serve(ctx, webui.OwnListener(webLn)) })
		}
		wg.Wait()
		s.done <- errors.Join(apiErr, webErr)
	}()
	return s, nil
}

// webPages returns the handler of the web wallet and the explorer for the
// API on listen and, if not nil, their own listener webLn; nil when the
// pages are off.
func webPages(listen string, webLn net.Listener, src *chainsrc.Comet, p *params.Params, web webOptions, logger *slog.Logger) (http.Handler, error) {
	if web.off {
		return nil, nil
	}
	explorer, err := webui.NewExplorer(webui.ExplorerConfig{Chain: src, Query: web.query, Params: p, Logger: logger.With("module", "explorer")})
	if err != nil {
		return nil, err
	}
	cfg := webui.Config{Hosts: listenHosts(listen), Logger: logger.With("module", "webui"), Explorer: explorer}
	if webLn != nil {
		cfg.Hosts = append(cfg.Hosts, listenHosts(web.listen)...)
		cfg.OwnURL = "http://" + webLn.Addr().String() + "/"
	}
	return webui.Handler(cfg), nil
}

// listenHosts returns the host of a listen address for the pages' Host
// check, unless it is a wildcard.
func listenHosts(listen string) []string {
	h, _, err := net.SplitHostPort(listen)
	if err != nil || h == "" || h == "0.0.0.0" || h == "::" {
		return nil
	}
	return []string{h}
}

// stop shuts the API down and closes the chat, the bus and the wallet.
func (s *apiService) stop() error {
	s.cancel()
	err := <-s.done
	return errors.Join(err, s.chat.Close(), s.bus.Close(), s.wallet.Close())
}

// ensureDemoAccount recovers the demo account on a new dev chain and
// unlocks it.
func ensureDemoAccount(ctx context.Context, w *wallet.Service, logger *slog.Logger) error {
	if _, err := w.Account(demoAccount); errors.Is(err, wallet.ErrAccountNotFound) {
		if _, err := w.RecoverAccount(ctx, demoAccount, genesis.DemoPhrase, demoPassword); err != nil {
			return fmt.Errorf("dev: demo account: %w", err)
		}
		logger.Info("wallet: demo account added; its password is in the README", "name", demoAccount)
		return nil
	} else if err != nil {
		return err
	}
	if _, err := w.Unlock(demoAccount, demoPassword); err != nil {
		return fmt.Errorf("dev: unlock the demo account: %w", err)
	}
	return nil
}
