//go:build !linux

// Elsewhere no TCP_INFO of Linux's shape and no TCP_USER_TIMEOUT: state, info and user_timeout are unsupported.
package main

import "errors"

const (
	hasTCPInfo     = false
	hasUserTimeout = false
)

var errNoTCPInfo = errors.New("no TCP_INFO here")

func setUserTimeout(uintptr, int) error { return errNoTCPInfo }

func readTCPInfo(uintptr) ([]byte, error) { return nil, errNoTCPInfo }

func stateName(byte) string { return "UNKNOWN" }

func tcpInfo([]byte) obj { return nil }
