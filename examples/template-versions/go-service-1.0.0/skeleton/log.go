package main

import (
	"encoding/json"
	"os"
	"time"
)

// logLine writes one JSON log line to stdout. Never pass request bodies, headers or anything
// that may hold a credential.
func logLine(level, msg string, fields map[string]any) {
	entry := map[string]any{
		"time":  time.Now().UTC().Format(time.RFC3339Nano),
		"level": level,
		"msg":   msg,
	}
	for key, value := range fields {
		entry[key] = value
	}
	line, err := json.Marshal(entry)
	if err != nil {
		return
	}
	_, _ = os.Stdout.Write(append(line, '\n'))
}
