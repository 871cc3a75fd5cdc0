import AnnData
import Foundation
import Raster
import Tables
import TextFormats
import Weave

/// `{heatmap}`: the mean (or share above 0, or median) of gene columns by a grouping column, as a
/// heatmap or a dot plot: the tutorials' neurotransmitter genes by neurotransmitter, Tac2 by class.
struct Heatmap: Directive {
    static let name = "heatmap"
    static let summary = "Draws a heatmap or dot plot of gene columns summarised by a grouping column (mean, share above 0 or median)."
    enum Statistic: String, OptionChoice { case mean, fraction, median }
    enum Style: String, OptionChoice { case tiles, dots }
    enum Order: String, OptionChoice { case name, appearance, value }
    enum Placement: String, OptionChoice { case columns, rows }
    struct Options: DirectiveOptionSet {
        let table = Option<String>("table", help: "A table with the gene columns and the grouping column (a genes stage joined to metadata): a stage id or a CSV file.")
        let genes = Option<[String]>("genes", help: "The gene columns shown, in order.")
        let groupBy = Option<String>("group-by", help: "The grouping column (class, subclass, neurotransmitter, region_of_interest_acronym, …).")
        let value = Option("value", default: Statistic.mean, help: "What each cell shows: the mean, the fraction of cells above 0, or the median.")
        let style = Option("style", default: Style.tiles, help: "tiles (a heatmap) or dots (dot size: fraction above 0, colour: the value).")
        let order = Option("order", default: Order.name, help: "Group order: by name (natural order), as groups first appear, or by value (descending, of sort-gene).")
        let orderBy = Option<String?>("order-by", help: "A column whose value in each group's rows orders the groups (an anatomical order, say); overrides order.")
        let sortGene = Option<String?>("sort-gene", help: "The gene whose value orders the groups with order: value (default: the first gene).")
        let top = Option<Int?>("top", help: "Show only the first N groups of that order.")
        let genesAs = Option("genes-as", default: Placement.columns, help: "Genes as the grid's columns (groups as rows) or as its rows.")
        let colormap = Option("colormap", default: "magma_r", help: "Colour map: magma_r, magma, viridis, viridis_r, or a diverging one (RdBu_r, coolwarm).")
        let vmin = Option<Double?>("vmin", help: "Value at the colour map's low end (default: the smallest shown).")
        let vmax = Option<Double?>("vmax", help: "Value at the colour map's high end (default: the largest shown).")
        let zScore = Option("z-score", default: false, help: "Standardise each gene over the groups shown (mean 0, standard deviation 1).")
        let title = Option<String?>("title", help: "Chart title.")
    }
    static let fields = [
        FieldSpec("groups", help: "The groups shown, in order."),
        FieldSpec("genes", help: "The genes shown."),
        FieldSpec("cells", help: "Rows summarised (with a group)."),
        FieldSpec("ungrouped_rows", help: "Rows left out because their group is empty."),
    ]

    let options: OptionValues<Options>
    /// One of matplotlib's continuous maps.
    let colorMap: ColorMap

    init(options: OptionValues<Options>) throws {
        guard let map = ColorMap.named(options.colormap), map.kind == .continuous else {
            let names = ColorMap.continuousNames
            throw options.invalid(\.colormap, "'\(options.colormap)' is not a colour map here\(Suggestion.hint(options.colormap, among: names)); valid: \(names.joined(separator: ", "))")
        }
        colorMap = map
        if let top = options.top, top < 1 { throw options.invalid(\.top, "expected 1 or more, not \(top)") }
        if let low = options.vmin, let high = options.vmax, low >= high {
            throw options.invalid(\.vmax, "vmax (\(high)) must be greater than vmin (\(low))")
        }
        if let gene = options.sortGene, !options.genes.contains(gene) {
            throw options.invalid(\.sortGene, "'\(gene)' is not one of the genes shown (\(options.genes.joined(separator: ", ")))")
        }
        self.options = options
    }

    func run(in context: StageContext) async throws -> StageResult {
        let table = try await context.table(options.table)
        try check(table)
        var grid = try HeatmapGrid(table: table, genes: options.genes, groupBy: options.groupBy, statistic: options.value.rawValue,
                                   dots: options.style == .dots)
        grid.order(by: options.orderBy.map { .column($0) } ?? (options.order == .value ? .value(options.sortGene ?? options.genes[0]) : options.order == .appearance ? .appearance : .name),
                   in: table, top: options.top)
        if options.zScore { grid.standardise() }
        let chart = grid.chart(title: title, style: options.style == .dots ? .dots : .tiles, genesAsColumns: options.genesAs == .columns,
                               colors: colorMap, domain: domain(grid.values.joined()),
                               valueLabel: options.zScore ? "z-score of \(options.value.rawValue)" : options.value.rawValue)
        var notes = ["\(NumberText.count(grid.groups.count)) of \(NumberText.count(grid.totalGroups)) groups of \(options.groupBy), \(NumberText.count(grid.cells)) rows of \(options.table)."]
        if grid.ungroupedRows > 0 { notes.append("\(NumberText.count(grid.ungroupedRows)) rows with an empty \(options.groupBy) left out.") }
        if options.zScore { notes.append("Each gene standardised over the groups shown.") }
        let html: HTMLText = "<figure class=\"heatmap\">\n\(chart.svg)<figcaption>\(notes.joined(separator: " "))</figcaption></figure>\n"
        let fields: [String: Value] = [
            "groups": .list(grid.groups.map { .string($0) }),
            "genes": .list(options.genes.map { .string($0) }),
            "cells": .int(grid.cells),
            "ungrouped_rows": .int(grid.ungroupedRows),
        ]
        return StageResult(fields: fields, html: html, files: try context.inputRecords([options.table]))
    }

    /// The grouping and gene columns exist (with a suggestion when not).
    private func check(_ table: Table) throws {
        func missing(_ name: String) -> String {
            "the table \(options.table) has no column '\(name)'\(Suggestion.hint(name, among: table.columnNames)); it has: \(table.columnNames.joined(separator: ", "))"
        }
        if table.columnIndex(options.groupBy) == nil { throw options.invalid(\.groupBy, missing(options.groupBy)) }
        if let column = options.orderBy, table.columnIndex(column) == nil { throw options.invalid(\.orderBy, missing(column)) }
        for gene in options.genes {
            guard let index = table.columnIndex(gene) else { throw options.invalid(\.genes, missing(gene)) }
            guard table.columns[index].isNumeric else { throw options.invalid(\.genes, "column '\(gene)' of \(options.table) is not numeric") }
        }
    }

    private var title: String {
        options.title ?? "\(options.value == .fraction ? "Fraction above 0" : options.value.rawValue.capitalized) of \(options.genes.joined(separator: ", ")) by \(options.groupBy)"
    }

    /// vmin/vmax, else the shown values' range (symmetric about 0 for z-scores).
    private func domain(_ values: some Sequence<Double>) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if options.zScore {
            let m = max(abs(low), abs(high), 1e-9)
            (low, high) = (-m, m)
        }
        low = options.vmin ?? low
        high = options.vmax ?? high
        return low < high ? low...high : low...(low + 1)
    }
}
