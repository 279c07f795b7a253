/// The Snowball English stemmer ("Porter2"), current 3.x revision.
///
/// The search index stems every token at build time and the browser stems every
/// query with `themes/default/assets/search/stemmer.js`. Both sides must produce
/// byte-identical stems or queries silently miss, so this file and the script are
/// kept step-for-step parallel and are both checked against the same Snowball
/// test vectors (`shared/corpora/snowball-english`).
///
/// The target is Snowball 3.x, not the classic 2006–2022 Porter2: it keeps the
/// doubled consonant of `added`/`ebbed`/`erred`/`offing`, has region prefixes
/// for past/univers/later/emerg/organ/inter, maps `-ogist` to `-og`, and treats
/// `dying`-style words and `inning`/`evening`-style words inside step 1b.
public enum EnglishStemmer {
    /// Stems one lowercase token. Words of fewer than three characters come back unchanged.
    public static func stem(_ word: String) -> String {
        let bytes = Array(word.utf8)
        if let invariant = exceptionalForm(of: bytes) {
            return invariant
        }

        // The algorithm is defined on characters, so every Unicode scalar must occupy
        // exactly one slot: otherwise a multi-byte letter would count as several
        // consonants and shift R1/R2. Non-ASCII scalars become one placeholder byte
        // that matches no vowel and no suffix; they are put back at the end.
        let isASCII = bytes.allSatisfy { $0 < 0x80 }
        let scalars: [Unicode.Scalar] = isASCII ? [] : Array(word.unicodeScalars)
        var units = isASCII ? bytes : scalars.map { $0.isASCII ? UInt8($0.value) : placeholder }
        if units.count < 3 {
            return word
        }

        // A leading apostrophe is quoting, not part of the word.
        var dropped = 0
        if units[0] == Letter.apostrophe {
            units.removeFirst()
            dropped = 1
        }

        var stemmer = Word(units)
        stemmer.run()

        if isASCII {
            return String(decoding: stemmer.letters, as: UTF8.self)
        }
        // Steps only ever rewrite the end of the word with ASCII, so a placeholder
        // still sits at the index of the scalar it stands for.
        var result = String.UnicodeScalarView()
        for (index, unit) in stemmer.letters.enumerated() {
            result.append(unit == placeholder ? scalars[index + dropped] : Unicode.Scalar(unit))
        }
        return String(result)
    }

    /// Stand-in for any non-ASCII scalar; it is not a vowel and appears in no suffix.
    static let placeholder: UInt8 = 0x80

    /// Whole words that the general rules would mangle (`skies` → `ski`, `only` → `onl`,
    /// `news` → `new`). Matched before any other processing, apostrophes included.
    static let exceptions: [(word: [UInt8], stem: String)] = [
        ("skis", "ski"), ("skies", "sky"),
        ("idly", "idl"), ("gently", "gentl"), ("ugly", "ugli"),
        ("early", "earli"), ("only", "onli"), ("singly", "singl"),
        ("sky", "sky"), ("news", "news"), ("howe", "howe"),
        ("atlas", "atlas"), ("cosmos", "cosmos"), ("bias", "bias"), ("andes", "andes"),
    ].map { (Array($0.0.utf8), $0.1) }

    static func exceptionalForm(of bytes: [UInt8]) -> String? {
        guard (3...6).contains(bytes.count) else { return nil }
        for exception in exceptions where exception.word == bytes {
            return exception.stem
        }
        return nil
    }
}

extension EnglishStemmer {
    /// ASCII codes used by the steps, spelled out once so the rules read like the algorithm.
    enum Letter {
        static let apostrophe = UInt8(ascii: "'")
        static let a = UInt8(ascii: "a"), e = UInt8(ascii: "e"), i = UInt8(ascii: "i")
        static let l = UInt8(ascii: "l"), o = UInt8(ascii: "o"), s = UInt8(ascii: "s")
        static let t = UInt8(ascii: "t"), y = UInt8(ascii: "y")
        /// Marks a `y` that acts as a consonant (`youth`, `saying`); never counted as a vowel.
        static let consonantY = UInt8(ascii: "Y")
    }

    /// One word being stemmed, plus the R1/R2 region starts that every step consults.
    ///
    /// Regions are computed once from the word as it looks after the prelude and
    /// are deliberately not recomputed as suffixes are removed: that is how the
    /// algorithm is defined, and the vectors depend on it.
    struct Word {
        var letters: [UInt8]
        var r1 = 0
        var r2 = 0
        var markedConsonantY = false

        init(_ letters: [UInt8]) {
            self.letters = letters
        }

        mutating func run() {
            markConsonantY()
            markRegions()
            step1a()
            step1b()
            step1c()
            step2()
            step3()
            step4()
            step5()
            if markedConsonantY {
                for index in letters.indices where letters[index] == Letter.consonantY {
                    letters[index] = Letter.y
                }
            }
        }

        /// An initial `y`, or a `y` after a vowel, is a consonant. Scanning left to
        /// right matters: in `sayyid` the first `y` becomes consonantal, so the second
        /// one follows a consonant and stays a vowel.
        mutating func markConsonantY() {
            if letters[0] == Letter.y {
                letters[0] = Letter.consonantY
                markedConsonantY = true
            }
            for index in letters.indices.dropFirst()
            where letters[index] == Letter.y && isVowel(letters[index - 1]) {
                letters[index] = Letter.consonantY
                markedConsonantY = true
            }
        }

        /// Prefixes whose R1 starts after the prefix rather than after the first
        /// vowel–consonant pair, so that e.g. `general`/`generous` and
        /// `universe`/`university` keep apart.
        static let regionPrefixes: [[UInt8]] = [
            "gener", "commun", "arsen", "past", "univers", "later", "emerg", "organ", "inter",
        ].map { Array($0.utf8) }

        mutating func markRegions() {
            if let prefix = Self.regionPrefixes.first(where: { letters.starts(with: $0) }) {
                r1 = prefix.count
            } else {
                r1 = endOfFirstSyllable(from: 0)
            }
            r2 = endOfFirstSyllable(from: r1)
        }

        /// The index just past the first consonant that follows a vowel, searching from
        /// `start`; the word length when there is none (so the region is empty).
        func endOfFirstSyllable(from start: Int) -> Int {
            var index = start
            while index < letters.count && !isVowel(letters[index]) { index += 1 }
            while index < letters.count && isVowel(letters[index]) { index += 1 }
            return min(index + 1, letters.count)
        }
    }
}

extension EnglishStemmer.Word {
    @inline(__always)
    func isVowel(_ letter: UInt8) -> Bool {
        switch letter {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"),
             UInt8(ascii: "o"), UInt8(ascii: "u"), UInt8(ascii: "y"):
            return true
        default:
            return false
        }
    }

    func hasVowel(before end: Int) -> Bool {
        var index = 0
        while index < end {
            if isVowel(letters[index]) { return true }
            index += 1
        }
        return false
    }

    func hasSuffix(_ suffix: [UInt8]) -> Bool {
        let start = letters.count - suffix.count
        guard start >= 0 else { return false }
        var offset = 0
        while offset < suffix.count {
            if letters[start + offset] != suffix[offset] { return false }
            offset += 1
        }
        return true
    }

    /// True when the first `length` letters are exactly `word`.
    func stem(of length: Int, is word: [UInt8]) -> Bool {
        length == word.count && letters.starts(with: word)
    }

    mutating func replaceEnd(from start: Int, with replacement: [UInt8]) {
        letters.removeSubrange(start...)
        letters.append(contentsOf: replacement)
    }

    /// Whether the letters before `end` finish in a short syllable: consonant, vowel,
    /// consonant other than w/x/Y (`hop`), or vowel then consonant as the whole word
    /// (`at`). Words ending in `past` also count so `pasted` can get its `e` back.
    func endsInShortSyllable(_ end: Int) -> Bool {
        if end >= 3 {
            let last = letters[end - 1]
            if !isVowel(last) && last != UInt8(ascii: "w") && last != UInt8(ascii: "x")
                && last != EnglishStemmer.Letter.consonantY
                && isVowel(letters[end - 2]) && !isVowel(letters[end - 3]) {
                return true
            }
        } else if end == 2 {
            if isVowel(letters[0]) && !isVowel(letters[1]) { return true }
        }
        return end >= 4 && letters[end - 4 ..< end].elementsEqual("past".utf8)
    }
}
