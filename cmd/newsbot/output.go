package main

import (
	"encoding/json"
	"io"
	"strings"
)

// writeJSON writes v as one line of JSON, HTML characters unescaped.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// quote puts s between plain double quotes for text output. Unlike %q it
// escapes nothing, so a quotation inside s reads "as printed", not
// \"escaped\"; line breaks become spaces so that the quote stays one line.
func quote(s string) string {
	return `"` + strings.Join(strings.Fields(s), " ") + `"`
}
