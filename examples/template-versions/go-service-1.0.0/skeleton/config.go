package main

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Config holds the runtime settings, read from the environment once at start-up.
type Config struct {
	Port            int
	Host            string
	ShutdownTimeout time.Duration
}

var wholeNumber = regexp.MustCompile(`^[0-9]{1,10}$`)

func intSetting(name, raw string, fallback, low, high int) (int, error) {
	if raw == "" {
		return fallback, nil
	}
	if !wholeNumber.MatchString(raw) {
		return 0, fmt.Errorf("%s must be a whole number, got %q", name, raw)
	}
	value, err := strconv.Atoi(raw)
	if err != nil || value < low || value > high {
		return 0, fmt.Errorf("%s must be between %d and %d, got %s", name, low, high, raw)
	}
	return value, nil
}

// LoadConfig reads PORT (default 8080), HOST (default 0.0.0.0) and SHUTDOWN_TIMEOUT_S
// (default 10) through getenv.
func LoadConfig(getenv func(string) string) (Config, error) {
	port, err := intSetting("PORT", getenv("PORT"), 8080, 0, 65535)
	if err != nil {
		return Config{}, err
	}
	timeout, err := intSetting("SHUTDOWN_TIMEOUT_S", getenv("SHUTDOWN_TIMEOUT_S"), 10, 0, 600)
	if err != nil {
		return Config{}, err
	}
	host := getenv("HOST")
	if host == "" {
		host = "0.0.0.0"
	}
	return Config{Port: port, Host: host, ShutdownTimeout: time.Duration(timeout) * time.Second}, nil
}
