import TextFormats

/// The genes of a release (its `gene.csv`: `gene_identifier`, `gene_symbol`), for turning the
/// symbols and Ensembl ids a user writes into the identifiers the matrices' var holds.
public struct GeneCatalog: Sendable {
    /// One panel gene: what was asked, its identifier (var name) and its symbol.
    public struct Gene: Sendable, Equatable {
        public let asked: String
        public let identifier: String
        public let symbol: String
    }

    /// Why a panel could not be resolved.
    public enum ResolveError: Error, CustomStringConvertible, Sendable, Equatable {
        case empty(source: String)
        case unknown(name: String, hint: String, source: String)
        case repeated(name: String, identifier: String)

        public var description: String {
            switch self {
            case .empty(let source):
                return "the gene panel is empty: give at least one gene symbol or Ensembl id of \(source)"
            case let .unknown(name, hint, source):
                return "gene '\(name)' is neither a gene_symbol nor a gene_identifier of \(source)\(hint)"
            case let .repeated(name, identifier):
                return "gene '\(name)' names \(identifier), which the panel already holds"
            }
        }
    }

    public let source: String
    private let identifiers: [String]
    private let symbols: [String]
    private let rowsOfSymbol: [String: [Int]]
    private let rowOfIdentifier: [String: Int]

    /// `source` names the table in messages (e.g. its file).
    public init(identifiers: [String], symbols: [String], source: String) {
        self.source = source
        self.identifiers = identifiers
        self.symbols = symbols
        var rowsOfSymbol: [String: [Int]] = [:], rowOfIdentifier: [String: Int] = [:]
        for (row, symbol) in symbols.enumerated() where !symbol.isEmpty { rowsOfSymbol[symbol, default: []].append(row) }
        for (row, identifier) in identifiers.enumerated() where rowOfIdentifier[identifier] == nil { rowOfIdentifier[identifier] = row }
        self.rowsOfSymbol = rowsOfSymbol
        self.rowOfIdentifier = rowOfIdentifier
    }

    /// The panel's genes in the order given, and a warning for each symbol that several identifiers
    /// carry (the first in the table is used, as `get_gene_data` does).
    public func resolve(_ names: [String]) throws -> (genes: [Gene], warnings: [String]) {
        guard !names.isEmpty else { throw ResolveError.empty(source: source) }
        var genes: [Gene] = [], warnings: [String] = [], seen: Set<String> = []
        for name in names {
            let row: Int
            if let exact = rowOfIdentifier[name] {
                row = exact
            } else if let rows = rowsOfSymbol[name] {
                row = rows[0]
                if rows.count > 1 {
                    warnings.append("gene symbol '\(name)' matches \(rows.count) identifiers in \(source): "
                        + rows.map { identifiers[$0] }.joined(separator: ", ") + "; using \(identifiers[row])")
                }
            } else {
                throw ResolveError.unknown(name: name, hint: Suggestion.hint(name, among: Array(rowsOfSymbol.keys).sorted()), source: source)
            }
            guard seen.insert(identifiers[row]).inserted else { throw ResolveError.repeated(name: name, identifier: identifiers[row]) }
            let symbol = symbols[row].isEmpty ? identifiers[row] : symbols[row]
            genes.append(Gene(asked: name, identifier: identifiers[row], symbol: symbol))
        }
        return (genes, warnings)
    }
}
