/// The outcome of a left join: every left row once, with the right table's columns where a key matched.
public struct JoinResult: Sendable {
    public let table: Table
    /// Distinct left keys with no match on the right, in order of first appearance.
    public let unmatchedLeftKeys: [String]
    /// Left rows whose key had no match.
    public let unmatchedLeftRows: Int
    /// Right keys no left row used, in the right table's order.
    public let unmatchedRightKeys: [String]
}

extension Table {
    /// Left join on a key column (compared as text, so an integer column matches a string one).
    /// The right key must be unique; right columns whose names the left has get the suffix `_right`.
    public func leftJoin(_ right: Table, on key: String, rightKey: String? = nil) throws(TableError) -> JoinResult {
        let (leftGroups, leftKeys) = try column(key).factorized()
        let rightColumn = try right.column(rightKey ?? key)
        var rightRow: [String: Int] = [:]
        rightRow.reserveCapacity(right.rowCount)
        for row in 0..<right.rowCount {
            let text = rightColumn.text(at: row)
            if rightRow.updateValue(row, forKey: text) != nil {
                throw .duplicateKey(key: text, column: rightColumn.name, table: right.source)
            }
        }
        let matchOfGroup = leftKeys.map { rightRow[$0] ?? -1 }
        let rows = leftGroups.map { matchOfGroup[Int($0)] }

        var used = [Bool](repeating: false, count: right.rowCount)
        for m in matchOfGroup where m >= 0 { used[m] = true }
        var unmatchedRows = 0
        for g in leftGroups where matchOfGroup[Int(g)] < 0 { unmatchedRows += 1 }

        let names = Set(columnNames)
        let added = right.columns.filter { $0.name != rightColumn.name }.map { column -> Column in
            let gathered = column.gathered(rows)
            let name = names.contains(column.name) ? column.name + "_right" : column.name
            return Column(name: name, storage: gathered.storage)
        }
        return JoinResult(
            table: try Table(columns: columns + added, source: source),
            unmatchedLeftKeys: zip(leftKeys, matchOfGroup).filter { $1 < 0 }.map(\.0),
            unmatchedLeftRows: unmatchedRows,
            unmatchedRightKeys: (0..<right.rowCount).filter { !used[$0] }.map { rightColumn.text(at: $0) })
    }
}
