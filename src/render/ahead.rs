//! Reading ahead. A list page shows cards of items from all over the
//! briefing, and a card's texts are a chain of places in memory (a
//! statement, its article, the quote, its words). At 100,000 articles most
//! of them are in no cache, and filling the cards in one at a time waits for
//! each place in turn. Reading one byte of each place for every card of the
//! list first, in a loop that does nothing else, lets the processor fetch
//! the places of many cards at once; the cards then find them in cache.

/// The bytes read ahead, folded together so that no read can be left out.
pub(crate) struct Ahead(u8);

/// The size of a cache line: the bytes one read brings in.
const LINE: usize = 64;

impl Ahead {
    pub fn new() -> Self {
        Ahead(0)
    }

    /// Reads one byte of each cache line `bytes` spans.
    pub fn bytes(&mut self, bytes: &[u8]) {
        for &byte in bytes.iter().step_by(LINE) {
            self.0 ^= byte;
        }
    }

    /// Reads the first byte of `text`: the rest is in the lines after it,
    /// which the processor brings in as it copies them.
    pub fn start_of(&mut self, text: &str) {
        self.0 ^= text.as_bytes().first().copied().unwrap_or(0);
    }
}

impl Drop for Ahead {
    fn drop(&mut self) {
        std::hint::black_box(self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_byte_of_each_line() {
        let mut ahead = Ahead::new();
        let mut bytes = vec![0u8; 3 * LINE];
        bytes[0] = 1;
        bytes[LINE] = 2;
        bytes[2 * LINE] = 4;
        bytes[1] = 8;
        ahead.bytes(&bytes);
        assert_eq!(ahead.0, 1 | 2 | 4);
        ahead.start_of("\u{10}x");
        assert_eq!(ahead.0, 1 | 2 | 4 | 16);
        ahead.start_of("");
        assert_eq!(ahead.0, 1 | 2 | 4 | 16);
    }
}
