import AnnData
import Tables
import Weave

/// The cells an `expression` stage pulls out: grouped by `feature_matrix_label` in order of first
/// appearance, cells in list order within each group, with the table kept for annotation.
struct CellList {
    let table: Table
    /// Matrix labels in order of first appearance.
    let labels: [String]
    /// The cells of each label, in list order.
    let cells: [[String]]
    /// Each cell's row in the table (a cell appears once).
    private let rowOf: [String: Int]

    init(_ table: Table, reference: String) throws {
        let required = [Expression.cellColumn, Expression.labelColumn]
        for name in required where table.columnIndex(name) == nil {
            throw DirectiveError.invalidOption(
                name: "cells",
                message: "the cell list \(reference) (\(table.source)) has no column '\(name)'; it needs \(required.joined(separator: " and ")), and has: \(table.columnNames.joined(separator: ", "))")
        }
        let cellColumn = try table.column(Expression.cellColumn), labelColumn = try table.column(Expression.labelColumn)
        let (labels, groupOf) = Self.groups(labelColumn)
        var rowOf: [String: Int] = [:]
        rowOf.reserveCapacity(table.rowCount)
        var cells = [[String]](repeating: [], count: labels.count)
        for row in 0..<table.rowCount {
            let cell = cellColumn.text(at: row), g = groupOf[row]
            if let first = rowOf.updateValue(row, forKey: cell) {
                throw DirectiveError.invalidOption(
                    name: "cells", message: "the cell list \(reference) (\(table.source)) names cell '\(cell)' twice (data rows \(first + 1) and \(row + 1)); each cell may appear once")
            }
            cells[g].append(cell)
        }
        self.table = table
        self.labels = labels
        self.cells = cells
        self.rowOf = rowOf
    }

    /// The distinct labels in order of first appearance, and each row's place among them (by
    /// the column's codes when it has them, so a label is hashed once, not once per row).
    private static func groups(_ column: Column) -> (labels: [String], groupOf: [Int]) {
        var labels: [String] = [], groupOf: [Int] = []
        groupOf.reserveCapacity(column.count)
        if case .string(let codes, let dictionary) = column.storage, dictionary.isInterned {
            var groupOfCode = [Int](repeating: -1, count: dictionary.count)
            for code in codes.map(Int.init) {
                if groupOfCode[code] < 0 {
                    groupOfCode[code] = labels.count
                    labels.append(dictionary[code])
                }
                groupOf.append(groupOfCode[code])
            }
            return (labels, groupOf)
        }
        var group: [String: Int] = [:]
        for row in 0..<column.count {
            let label = column.text(at: row)
            if group[label] == nil {
                group[label] = labels.count
                labels.append(label)
            }
            groupOf.append(group[label]!)
        }
        return (labels, groupOf)
    }

    /// The table's columns other than `cell_label`, as obs columns for the written cells:
    /// `obsNames` holds `found[0]` cells of the first label, then `found[1]` of the second, …
    func annotation(for obsNames: [String], matrices found: [Int]) throws -> [ObsColumn] {
        var rows: [Int] = []
        rows.reserveCapacity(obsNames.count)
        var start = 0
        for count in found {
            for name in obsNames[start..<(start + count)] { rows.append(rowOf[name]!) }
            start += count
        }
        return table.columns.filter { $0.name != Expression.cellColumn }.map { column in
            switch column.storage {
            case .int64(let values):
                let picked = rows.map { values[$0] }
                if picked.contains(Column.missingInt) {
                    return ObsColumn(name: column.name, values: .numbers(picked.map { $0 == Column.missingInt ? nil : Double($0) }))
                }
                return ObsColumn(name: column.name, values: .integers(picked))
            case .double(let values):
                return ObsColumn(name: column.name, values: .numbers(rows.map { values[$0].isNaN ? nil : values[$0] }))
            case .string(let codes, let dictionary) where dictionary.isInterned:
                // The table's codes, renumbered over the values these rows use; an empty field is
                // missing, as pandas reads it.
                var local = [Int32](repeating: -2, count: dictionary.count) // -2: not seen yet
                var labels: [String] = []
                let picked = rows.map { row -> Int32 in
                    let code = Int(codes[row])
                    if local[code] == -2 {
                        let text = dictionary[code]
                        local[code] = text.isEmpty ? -1 : Int32(labels.count)
                        if !text.isEmpty { labels.append(text) }
                    }
                    return local[code]
                }
                return ObsColumn(name: column.name, values: .codedStrings(codes: picked, labels: labels))
            case .string:
                // An empty field is missing, as pandas reads it.
                return ObsColumn(name: column.name, values: .strings(rows.map { row in
                    let text = column.text(at: row)
                    return text.isEmpty ? nil : text
                }))
            }
        }
    }
}
