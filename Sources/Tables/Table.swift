/// A table held column by column, as read from a CSV file.
public struct Table: Sendable {
    public let columns: [Column]
    public let rowCount: Int
    /// Where the table came from (a file path, or a description), for error messages.
    public let source: String

    public init(columns: [Column], source: String) throws(TableError) {
        let count = columns.first?.count ?? 0
        if let odd = columns.first(where: { $0.count != count }) {
            throw .invalidArgument("\(source): column '\(odd.name)' has \(odd.count) rows, others \(count)")
        }
        self.columns = columns
        self.rowCount = count
        self.source = source
    }

    public var columnNames: [String] { columns.map(\.name) }

    public func columnIndex(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// The named column, or an error listing the columns there are.
    public func column(_ name: String) throws(TableError) -> Column {
        guard let i = columnIndex(name) else {
            throw .unknownColumn(name: name, table: source, available: columnNames)
        }
        return columns[i]
    }
}
