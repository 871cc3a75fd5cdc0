/// "Did you mean" suggestions by edit distance.
public enum Suggestion {
    /// The closest candidate within a distance of a third of the name's length (at least 2), if any.
    public static func didYouMean(_ name: String, among candidates: [String]) -> String? {
        let limit = max(2, name.count / 3)
        let scored = candidates.map { ($0, distance(name.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= limit else { return nil }
        return best.0
    }

    /// Levenshtein distance.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension Suggestion {
    /// " (did you mean 'x'?)" for the closest candidate, or "" when none is close: the form
    /// every error message uses.
    public static func hint(_ name: String, among candidates: [String]) -> String {
        hint(didYouMean(name, among: candidates))
    }

    /// " (did you mean 'x'?)" for a suggestion already found, "" for none.
    public static func hint(_ suggestion: String?) -> String {
        suggestion.map { " (did you mean '\($0)'?)" } ?? ""
    }
}
