/// The binary form of one page's search terms, for the build cache (`terms.memo`).
extension DocumentTerms: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(terms)
        writer.write(counts.count)
        for count in counts { writer.write(Int(count)) }
        writer.write(lengths)
        writer.write(pairs.count)
        for pair in pairs {
            let (first, second) = PairKey.halves(pair)
            writer.write(first)
            writer.write(second)
        }
        writer.write(wordPositions.count)
        wordPositions.forEach { word, position in
            writer.write(word)
            writer.write(Int(position))
        }
    }

    init(from reader: inout BinaryReader) throws {
        let terms = try reader.readStrings()
        let counts = try reader.readInts()
        guard counts.count == terms.count * DocumentTerms.fieldCount, counts.allSatisfy({ $0 >= 0 && $0 <= UInt32.max }) else { throw BinaryReader.Damaged() }
        let lengths = try reader.readInts()
        guard lengths.count == DocumentTerms.fieldCount, lengths.allSatisfy({ $0 >= 0 && $0 <= Int32.max }) else { throw BinaryReader.Damaged() }
        let pairCount = try reader.readCount()
        var pairs: [UInt64] = []
        pairs.reserveCapacity(pairCount)
        for _ in 0..<pairCount {
            let (first, second) = (try reader.readInt(), try reader.readInt())
            guard terms.indices.contains(first), terms.indices.contains(second) else { throw BinaryReader.Damaged() }
            pairs.append(PairKey.make(first, second))
        }
        let wordCount = try reader.readCount()
        var words = WordTable(capacity: wordCount)
        for _ in 0..<wordCount {
            var word = try reader.readString()
            let position = try reader.readInt()
            guard position == Int(DocumentTerms.stopWord) || terms.indices.contains(position) else { throw BinaryReader.Damaged() }
            word.withUTF8 { words.insert($0, value: Int32(position)) }
        }
        self.init(terms: terms, counts: counts.map { UInt32($0) }, lengths: lengths, pairs: pairs, wordPositions: words)
    }
}
