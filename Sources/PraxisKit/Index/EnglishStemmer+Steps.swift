/// The suffix-stripping steps of the Snowball English stemmer.
///
/// Every step looks only at the end of the word and rewrites it with ASCII; the
/// non-ASCII restoration in `EnglishStemmer.stem` relies on that.
extension EnglishStemmer.Word {
    typealias Letter = EnglishStemmer.Letter

    /// Possessives, then plurals. `ties` → `tie` but `cries` → `cri`, and a final
    /// `s` only goes when an earlier vowel shows it is not part of a short stem
    /// (`gas`, `this` stay).
    mutating func step1a() {
        if hasSuffix(Suffix.apostropheSApostrophe) {
            letters.removeLast(3)
        } else if hasSuffix(Suffix.apostropheS) {
            letters.removeLast(2)
        } else if letters.last == Letter.apostrophe {
            letters.removeLast()
        }

        let count = letters.count
        if hasSuffix(Suffix.sses) {
            replaceEnd(from: count - 4, with: Suffix.ss)
        } else if hasSuffix(Suffix.ied) || hasSuffix(Suffix.ies) {
            replaceEnd(from: count - 3, with: count > 4 ? Suffix.i : Suffix.ie)
        } else if hasSuffix(Suffix.us) || hasSuffix(Suffix.ss) {
            return
        } else if letters.last == Letter.s && hasVowel(before: count - 2) {
            letters.removeLast()
        }
    }

    /// `-eed`, `-ed`, `-ing` and their `-ly` forms.
    mutating func step1b() {
        let count = letters.count
        if hasSuffix(Suffix.eedly) || hasSuffix(Suffix.eed) {
            let start = count - (hasSuffix(Suffix.eedly) ? 5 : 3)
            // proceed/exceed/succeed must not lose their "ee".
            if Suffix.eedExceptions.contains(where: { stem(of: start, is: $0) }) { return }
            if start >= r1 { replaceEnd(from: start, with: Suffix.ee) }
            return
        }

        let start: Int
        if hasSuffix(Suffix.ingly) { start = count - 5 }
        else if hasSuffix(Suffix.edly) { start = count - 4 }
        else if hasSuffix(Suffix.ing) { start = count - 3 }
        else if hasSuffix(Suffix.ed) { start = count - 2 }
        else { return }

        if count - start == 3 {
            // dying/lying/tying/vying: consonant + y + ing becomes -ie.
            if start == 2 && letters[1] == Letter.y && !isVowel(letters[0]) {
                replaceEnd(from: 1, with: Suffix.ie)
                return
            }
            // inning, outing, canning, herring, earring, evening are not verb forms.
            if Suffix.ingExceptions.contains(where: { stem(of: start, is: $0) }) { return }
        }

        guard hasVowel(before: start) else { return }
        letters.removeSubrange(start...)
        restoreStemEnding()
    }

    /// After `-ed`/`-ing` is gone: put back a lost `e` (`luxuriat` → `luxuriate`,
    /// `hop` → `hope`) or undo a doubled consonant (`hopp` → `hop`).
    mutating func restoreStemEnding() {
        let count = letters.count
        if hasSuffix(Suffix.at) || hasSuffix(Suffix.bl) || hasSuffix(Suffix.iz) {
            letters.append(Letter.e)
        } else if count >= 2 && letters[count - 1] == letters[count - 2]
                    && Suffix.undoubled.contains(letters[count - 1]) {
            // 3.x: a vowel plus a double as the whole word (add, ebb, err, off) stays.
            let vowelThenDouble = count == 3
                && (letters[0] == Letter.a || letters[0] == Letter.e || letters[0] == Letter.o)
            if !vowelThenDouble { letters.removeLast() }
        } else if count == r1 && endsInShortSyllable(count) {
            letters.append(Letter.e)
        }
    }

    /// A final y after a consonant (not the first letter) becomes i: `cry` → `cri`, `by` stays.
    mutating func step1c() {
        let count = letters.count
        guard count >= 3, letters[count - 1] == Letter.y || letters[count - 1] == Letter.consonantY,
              !isVowel(letters[count - 2]) else { return }
        letters[count - 1] = Letter.i
    }

    mutating func step2() { applyLongestRule(Rules.step2, region: r1) }
    mutating func step3() { applyLongestRule(Rules.step3, region: r1) }
    mutating func step4() { applyLongestRule(Rules.step4, region: r2) }

    /// Final `e` in R2, or in R1 when not after a short syllable (`hope` keeps it);
    /// the second `l` of a double `l` in R2.
    mutating func step5() {
        guard let last = letters.last else { return }
        let start = letters.count - 1
        if last == Letter.e {
            if start >= r2 || (start >= r1 && !endsInShortSyllable(start)) {
                letters.removeLast()
            }
        } else if last == Letter.l {
            if start >= r2 && start >= 1 && letters[start - 1] == Letter.l {
                letters.removeLast()
            }
        }
    }

    /// Snowball semantics: only the longest matching suffix is considered. If it is
    /// outside the region or its extra condition fails, the step does nothing; it
    /// never falls back to a shorter suffix (`-ement` not in R2 blocks `-ment`).
    mutating func applyLongestRule(_ table: RuleTable, region: Int) {
        guard let last = letters.last else { return }
        for rule in table.rules(endingWith: last) where hasSuffix(rule.suffix) {
            let start = letters.count - rule.suffix.count
            if start >= region && satisfies(rule.condition, at: start) {
                replaceEnd(from: start, with: rule.replacement)
            }
            return
        }
    }

    func satisfies(_ condition: Rule.Condition, at start: Int) -> Bool {
        let before = start > 0 ? letters[start - 1] : 0
        switch condition {
        case .none: return true
        case .inR2: return start >= r2
        case .afterL: return before == Letter.l
        case .afterSOrT: return before == Letter.s || before == Letter.t
        case .afterValidLi: return Suffix.validLiEndings.contains(before)
        }
    }
}

extension EnglishStemmer.Word {
    struct Rule: Sendable {
        enum Condition: Sendable { case none, inR2, afterL, afterSOrT, afterValidLi }
        let suffix: [UInt8]
        let replacement: [UInt8]
        let condition: Condition

        init(_ suffix: String, _ replacement: String, _ condition: Condition = .none) {
            self.suffix = Array(suffix.utf8)
            self.replacement = Array(replacement.utf8)
            self.condition = condition
        }
    }

    /// Rules bucketed by final letter and ordered longest first, so the first hit
    /// is the longest match the algorithm requires.
    struct RuleTable: Sendable {
        private let buckets: [[Rule]]

        init(_ rules: [Rule]) {
            var buckets = [[Rule]](repeating: [], count: 128)
            for rule in rules.sorted(by: { $0.suffix.count > $1.suffix.count }) {
                buckets[Int(rule.suffix.last!)].append(rule)
            }
            self.buckets = buckets
        }

        func rules(endingWith letter: UInt8) -> [Rule] {
            letter < 128 ? buckets[Int(letter)] : []
        }
    }

    enum Rules {
        static let step2 = RuleTable([
            Rule("tional", "tion"), Rule("enci", "ence"), Rule("anci", "ance"),
            Rule("abli", "able"), Rule("entli", "ent"),
            Rule("izer", "ize"), Rule("ization", "ize"),
            Rule("ational", "ate"), Rule("ation", "ate"), Rule("ator", "ate"),
            Rule("alism", "al"), Rule("aliti", "al"), Rule("alli", "al"),
            Rule("fulness", "ful"), Rule("ousli", "ous"), Rule("ousness", "ous"),
            Rule("iveness", "ive"), Rule("iviti", "ive"),
            Rule("biliti", "ble"), Rule("bli", "ble"),
            Rule("ogist", "og"), Rule("ogi", "og", .afterL),
            Rule("fulli", "ful"), Rule("lessli", "less"),
            Rule("li", "", .afterValidLi),
        ])

        static let step3 = RuleTable([
            Rule("tional", "tion"), Rule("ational", "ate"), Rule("alize", "al"),
            Rule("icate", "ic"), Rule("iciti", "ic"), Rule("ical", "ic"),
            Rule("ful", ""), Rule("ness", ""),
            Rule("ative", "", .inR2),
        ])

        static let step4 = RuleTable(
            ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement",
             "ment", "ent", "ism", "ate", "iti", "ous", "ive", "ize"].map { Rule($0, "") }
                + [Rule("ion", "", .afterSOrT)]
        )
    }

    enum Suffix {
        static let apostropheSApostrophe = Array("'s'".utf8), apostropheS = Array("'s".utf8)
        static let sses = Array("sses".utf8), ss = Array("ss".utf8), us = Array("us".utf8)
        static let ied = Array("ied".utf8), ies = Array("ies".utf8)
        static let i = Array("i".utf8), ie = Array("ie".utf8), ee = Array("ee".utf8)
        static let eed = Array("eed".utf8), eedly = Array("eedly".utf8)
        static let ed = Array("ed".utf8), edly = Array("edly".utf8)
        static let ing = Array("ing".utf8), ingly = Array("ingly".utf8)
        static let at = Array("at".utf8), bl = Array("bl".utf8), iz = Array("iz".utf8)
        static let undoubled: Set<UInt8> = Set("bdfgmnprt".utf8)
        static let validLiEndings: Set<UInt8> = Set("cdeghkmnrt".utf8)
        static let eedExceptions = ["proc", "exc", "succ"].map { Array($0.utf8) }
        static let ingExceptions = ["inn", "out", "cann", "herr", "earr", "even"].map { Array($0.utf8) }
    }
}
