import TextFormats

/// A named colour map with the lookup table matplotlib uses for it (ColorMapTables.swift,
/// generated from matplotlib's definitions): values map to entries as matplotlib's `Normalize`
/// and `Colormap.__call__` do, so a figure's colours match the tutorials'.
public struct ColorMap: Sendable {
    public enum Kind: String, Sendable {
        /// 256 entries sampled along a gradient (magma, viridis, RdBu, …).
        case continuous
        /// A few distinct colours, for categories (tab10, tab20).
        case categorical
    }

    public let name: String
    public let kind: Kind
    let table: [UInt32]

    init(name: String, kind: Kind, table: [UInt32]) {
        self.name = name
        self.kind = kind
        self.table = table
    }

    public static func named(_ name: String) -> ColorMap? { all.first { $0.name == name } }

    public static var continuousNames: [String] { all.filter { $0.kind == .continuous }.map(\.name) }

    public var count: Int { table.count }

    public subscript(index: Int) -> RGB { RGB(packed: table[index]) }

    /// The entry for `fraction` of the way along the map: matplotlib's `int(fraction × N)`,
    /// clipped to the ends (a fraction of exactly 1 is the last entry).
    public func index(atFraction fraction: Double) -> Int {
        guard fraction.isFinite else { return fraction > 0 ? table.count - 1 : 0 }
        return min(table.count - 1, max(0, Int((fraction * Double(table.count)).rounded(.down))))
    }

    public func color(atFraction fraction: Double) -> RGB { self[index(atFraction: fraction)] }

    /// The entry of `value` on a scale from `low` to `high` (matplotlib's `Normalize(vmin, vmax)`;
    /// equal ends map everything to the first entry).
    public func index(of value: Double, low: Double, high: Double) -> Int {
        high > low ? index(atFraction: (value - low) / (high - low)) : 0
    }

    /// The `i`-th colour of a categorical map, cycling.
    public func cycled(_ i: Int) -> RGB { self[i % table.count] }
}
