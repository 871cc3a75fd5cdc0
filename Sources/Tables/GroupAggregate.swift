/// Per-group summaries of numeric columns (a gene table joined to metadata, by class, say): each
/// group's row count and, per column, the mean, the share of values above 0 and, when asked, the
/// median. Rows whose group is missing (an empty field) are left out and counted, as pandas'
/// `groupby` drops them; missing values are left out of their column's summaries.
public struct GroupAggregate: Sendable, Equatable {
    public enum Statistic: String, Sendable, CaseIterable {
        case mean, fraction, median
    }

    /// Group keys, in order of first appearance.
    public let groups: [String]
    /// Rows per group.
    public let counts: [Int]
    /// Each group's first row in the table.
    public let firstRows: [Int]
    /// The summarised columns.
    public let columns: [String]
    /// `[group][column]` summaries (NaN where a group has no value in that column).
    public let mean: [[Double]]
    public let fraction: [[Double]]
    /// Empty unless medians were asked for.
    public let median: [[Double]]
    /// Rows left out because their group is missing.
    public let ungroupedRows: Int

    public func values(_ statistic: Statistic) -> [[Double]] {
        switch statistic {
        case .mean: mean
        case .fraction: fraction
        case .median: median
        }
    }
}

extension Table {
    /// Summaries of the numeric `columns` by the groups of `groupColumn`.
    public func aggregate(_ columns: [String], by groupColumn: String, medians: Bool = false) throws(TableError) -> GroupAggregate {
        let (groupOf, allKeys) = try column(groupColumn).factorized()
        let missingKey = allKeys.firstIndex(of: "").map(Int32.init) ?? -1
        // Renumber groups without the missing one.
        var renumber = [Int32](repeating: -1, count: allKeys.count)
        var keys: [String] = []
        for (k, key) in allKeys.enumerated() where Int32(k) != missingKey {
            renumber[k] = Int32(keys.count)
            keys.append(key)
        }
        let groups = groupOf.map { renumber[Int($0)] }
        var counts = [Int](repeating: 0, count: keys.count), firstRows = counts
        for (row, g) in groups.enumerated() where g >= 0 {
            if counts[Int(g)] == 0 { firstRows[Int(g)] = row }
            counts[Int(g)] += 1
        }
        var mean = [[Double]](repeating: [], count: keys.count), fraction = mean, median = mean
        for name in columns {
            let data = try column(name)
            guard data.isNumeric else {
                throw TableError.invalidArgument("column '\(name)' of \(source) is not numeric")
            }
            let summary = Self.summarise(data, groups: groups, groupCount: keys.count, medians: medians)
            for g in keys.indices {
                mean[g].append(summary.mean[g])
                fraction[g].append(summary.fraction[g])
                if medians { median[g].append(summary.median[g]) }
            }
        }
        return GroupAggregate(groups: keys, counts: counts, firstRows: firstRows, columns: columns, mean: mean, fraction: fraction,
                              median: medians ? median : [], ungroupedRows: groups.count { $0 < 0 })
    }

    private static func summarise(_ data: Column, groups: [Int32], groupCount: Int, medians: Bool)
        -> (mean: [Double], fraction: [Double], median: [Double]) {
        var sums = [Double](repeating: 0, count: groupCount), positive = sums, present = sums
        var byGroup = [[Double]](repeating: [], count: medians ? groupCount : 0)
        for (row, g) in groups.enumerated() where g >= 0 {
            guard let value = data.number(at: row) else { continue }
            sums[Int(g)] += value
            present[Int(g)] += 1
            if value > 0 { positive[Int(g)] += 1 }
            if medians { byGroup[Int(g)].append(value) }
        }
        let mean = zip(sums, present).map { $1 > 0 ? $0 / $1 : .nan }
        let fraction = zip(positive, present).map { $1 > 0 ? $0 / $1 : .nan }
        let median = byGroup.map { values -> Double in
            guard !values.isEmpty else { return .nan }
            let sorted = values.sorted(), mid = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        }
        return (mean, fraction, median)
    }
}
