/// Numbers given to terms: ASCII terms (most) by their bytes in a `WordTable`, which needs no
/// seeded hash of a `String` (every term of every page is looked up); the others as `String`s,
/// which compare by canonical equivalence. (A tokenizer's terms are folded to compatibility form:
/// none is canonically equivalent to an ASCII term without being ASCII itself.)
struct TermNumbers {
    private var ascii: WordTable
    private var others: [String: Int] = [:]

    init(capacity: Int = 512) {
        ascii = WordTable(capacity: capacity)
    }

    /// The number `term` was given, if any.
    func number(of term: String) -> Int? {
        var bytes = term
        let found: Int32?? = bytes.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } ? .some(ascii.value(for: bytes)) : nil }
        if let found { return found.map(Int.init) }
        return others[term]
    }

    /// The number `term` was given; one without is given `next`.
    mutating func number(of term: String, orInsert next: Int) -> Int {
        var bytes = term
        let found: Int? = bytes.withUTF8 { bytes in
            bytes.allSatisfy { $0 < 0x80 } ? Int(ascii.value(for: bytes, orInsert: Int32(next))) : nil
        }
        if let found { return found }
        if let known = others[term] { return known }
        others[term] = next
        return next
    }
}
