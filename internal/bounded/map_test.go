package bounded

import (
	"fmt"
	"sync"
	"testing"
)

func TestMapForgetsOldestFirst(t *testing.T) {
	m := NewMap[string, int](3)
	for i, k := range []string{"a", "b", "c"} {
		if !m.Add(k, i) {
			t.Fatalf("Add(%q) on a new key = false", k)
		}
	}
	if m.Add("a", 9) {
		t.Error("Add of a present key = true")
	}
	if v, _ := m.Get("a"); v != 0 {
		t.Errorf("Add replaced a present key's value: %d", v)
	}
	m.Set("b", 7) // keeps its age
	m.Add("d", 3) // forgets a, the oldest
	if _, ok := m.Get("a"); ok {
		t.Error("a, the oldest, is still held after a fourth key")
	}
	for k, want := range map[string]int{"b": 7, "c": 2, "d": 3} {
		if v, ok := m.Get(k); !ok || v != want {
			t.Errorf("Get(%q) = %d, %v; want %d", k, v, ok, want)
		}
	}
	m.Add("e", 4) // forgets b
	if _, ok := m.Get("b"); ok || m.Len() != 3 {
		t.Errorf("after a fifth key: b held %v, len %d; want b forgotten, len 3", ok, m.Len())
	}
	m.Delete("c")
	if _, ok := m.Get("c"); ok || !m.Add("c", 5) {
		t.Error("a deleted key is still held, or cannot be added again")
	}
}

func TestMapBoundedUnderConcurrentUse(t *testing.T) {
	m := NewMap[string, int](100)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 1000 {
				k := fmt.Sprint(w, "-", i)
				m.Add(k, i)
				m.Get(k)
			}
		})
	}
	wg.Wait()
	if n := m.Len(); n != 100 {
		t.Errorf("Len = %d after 8,000 keys, want the bound, 100", n)
	}
}
