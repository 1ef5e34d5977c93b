//go:build !unix

package qa

import (
	"fmt"
	"os"
	"unsafe"
)

// mapFile reads the file at path into memory, 8-byte aligned: where
// there is no mmap the segment is read whole.
func mapFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, fmt.Errorf("%s: %w: empty file", path, errCorrupt)
	}
	words := make([]uint64, (len(b)+7)/8)
	out := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(b))
	copy(out, b)
	return out, nil
}

func unmapFile([]byte) {}

// lockDir cannot lock a file here: the index directory is only read.
func lockDir(string) *os.File { return nil }
