package main

import (
	"strings"
	"testing"
	"time"
)

func env(values map[string]string) func(string) string {
	return func(key string) string { return values[key] }
}

func TestLoadConfigDefaults(t *testing.T) {
	config, err := LoadConfig(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Port: 8080, Host: "0.0.0.0", ShutdownTimeout: 10 * time.Second}
	if config != want {
		t.Fatalf("got %+v, want %+v", config, want)
	}
}

func TestLoadConfigReadsPortAndHost(t *testing.T) {
	config, err := LoadConfig(env(map[string]string{"PORT": "9090", "HOST": "127.0.0.1"}))
	if err != nil {
		t.Fatal(err)
	}
	if config.Port != 9090 || config.Host != "127.0.0.1" {
		t.Fatalf("got %+v", config)
	}
}

func TestLoadConfigRejectsInvalidPorts(t *testing.T) {
	cases := map[string]string{
		"80abc": "PORT must be a whole number",
		"-1":    "PORT must be a whole number",
		"70000": "PORT must be between 0 and 65535",
	}
	for raw, want := range cases {
		_, err := LoadConfig(env(map[string]string{"PORT": raw}))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("PORT=%q: got %v, want %q", raw, err, want)
		}
	}
}
