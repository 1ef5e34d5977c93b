package corpus

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The reasons a file or an archive line cannot be loaded, to be checked with
// errors.Is on the error a loader yields (a *LoadError that wraps one).
var (
	// ErrBinary means the input is not text: it holds NUL bytes or too many
	// control bytes (an image, a PDF, a word-processor file).
	ErrBinary = errors.New("binary content, not text")
	// ErrInvalidUTF8 means the input is neither UTF-8 nor text in an
	// encoding the loader could recognise and convert (see charset.go).
	ErrInvalidUTF8 = errors.New("invalid UTF-8")
	// ErrEmpty means the input is empty or only whitespace.
	ErrEmpty = errors.New("no text: empty or only whitespace")
	// ErrTooLarge means a file or an archive line is over the loader's limit
	// (MaxFileSize, MaxLineSize).
	ErrTooLarge = errors.New("too large")
)

// LoadError says which input could not be loaded and why: the file, the line
// of an archive or of a front matter (0 when the whole file is at fault), the
// field at fault if one is, and the cause. Its message reads like
//
//	archive.jsonl line 17: field "published": cannot read date "May 32": ...
//
// so that whoever made the file can find and fix the place.
type LoadError struct {
	Path  string // the file as given, or an archive's name; "" when unknown
	Line  int    // 1-based line in the file; 0 when the whole file is at fault
	Field string // JSON field or front-matter key at fault; "" when none
	Err   error  // the cause; often wraps ErrBinary, ErrEmpty and the like
}

// Error returns the place, then the cause.
func (e *LoadError) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("line ")
		b.WriteString(strconv.Itoa(e.Line))
	}
	if e.Field != "" {
		if b.Len() > 0 {
			b.WriteString(": ")
		}
		b.WriteString("field ")
		b.WriteString(strconv.Quote(e.Field))
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	if e.Err == nil {
		b.WriteString("cannot load")
	} else {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause, so that errors.Is(err, ErrBinary) and the like
// see through a LoadError.
func (e *LoadError) Unwrap() error { return e.Err }

// sizeString writes a byte count for people: "12 bytes", "3.5 KiB",
// "8.0 MiB".
func sizeString(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}
