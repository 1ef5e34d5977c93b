// Package bounded keeps maps that hold at most a fixed number of keys,
// forgetting the oldest first: the memories a long-running bot keeps of
// recent questions, chats and update ids, which must not grow without end.
package bounded

import "sync"

// Map is a map of at most n keys; adding a key to a full Map forgets the
// key added longest ago. It is safe for concurrent use.
type Map[K comparable, V any] struct {
	mu   sync.Mutex
	m    map[K]V
	ring []K // keys in the order they were added; len ≤ cap
	next int // the ring slot the next key takes once the ring is full
}

// NewMap returns an empty Map for up to n keys (at least 1).
func NewMap[K comparable, V any](n int) *Map[K, V] {
	n = max(n, 1)
	return &Map[K, V]{m: make(map[K]V, n), ring: make([]K, 0, n)}
}

// Add stores v under k unless k is present, and reports whether it did.
func (b *Map[K, V]) Add(k K, v V) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.m[k]; ok {
		return false
	}
	b.insert(k, v)
	return true
}

// Set stores v under k, replacing what k held; a key already present
// keeps its age.
func (b *Map[K, V]) Set(k K, v V) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.m[k]; ok {
		b.m[k] = v
		return
	}
	b.insert(k, v)
}

// insert adds a key not present; b.mu is held.
func (b *Map[K, V]) insert(k K, v V) {
	if len(b.ring) < cap(b.ring) {
		b.ring = append(b.ring, k)
	} else {
		delete(b.m, b.ring[b.next])
		b.ring[b.next] = k
		b.next = (b.next + 1) % len(b.ring)
	}
	b.m[k] = v
}

// Get returns what k holds.
func (b *Map[K, V]) Get(k K) (V, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	v, ok := b.m[k]
	return v, ok
}

// Delete forgets k. Its slot stays in the order of age until a newer key
// takes it, so the Map may then hold one key fewer than n for a while.
func (b *Map[K, V]) Delete(k K) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.m, k)
}

// Len returns the number of keys held.
func (b *Map[K, V]) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.m)
}
