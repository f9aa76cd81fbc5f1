//! Freeing large lists so that glibc's allocator keeps handing memory back to the system.

/// Frees a large list without raising the size from which glibc's allocator hands memory
/// back to the system: it raises that size to the largest block freed (up to 32 MB), and
/// later blocks below it stay with the process when freed. A block shrunk first (which
/// returns its pages) and then freed small leaves it as it was. Elsewhere this is a
/// shrink and a free.
pub fn release<T>(mut list: Vec<T>) {
    list.truncate(1);
    list.shrink_to(1);
}
