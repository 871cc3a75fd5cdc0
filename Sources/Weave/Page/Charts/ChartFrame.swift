import Foundation

/// The opening of every chart's `<svg>`: `role="img"` and a text alternative built from the
/// chart's data (its title and a one-line summary), which the page prefixes with the stage's
/// caption, so a screen reader hears what a sighted reader sees.
public enum ChartFrame {
    /// `attributes`: the chart's class, size and viewBox.
    static func open(_ attributes: HTMLText, title: String, summary: String) -> HTMLText {
        "<svg \(attributes) xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"\(sentences([title, summary]))\">\n<title>\(title)</title>\n<desc>\(summary)</desc>\n"
    }

    private static let label = "role=\"img\" aria-label=\""

    /// Each chart's text alternative in `html` prefixed with `caption`. Only `open` writes the
    /// marker (data cannot: its quotes are escaped).
    static func captioned(_ html: String, caption: String) -> String {
        html.replacingOccurrences(of: label, with: label + HTML.escape(sentences([caption]) + " "))
    }

    /// "1 row", "2,000 rows".
    static func count(_ n: Int, _ noun: String) -> String {
        "\(NumberText.count(n)) \(noun)\(n == 1 ? "" : "s")"
    }

    /// Parts joined as sentences: a full stop after each that does not end in one.
    static func sentences(_ parts: [String]) -> String {
        parts.map { part in
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let last = trimmed.last else { return "" }
            return ".!?".contains(last) ? trimmed : trimmed + "."
        }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}

// The one-line summaries, each from the chart's own data.

extension HistogramChart {
    /// "Histogram of x: 30 bins from 0 to 12, 5,000 values; tallest bin 3.2–3.6 with 812."
    var summary: String {
        guard let first = bins.first, let last = bins.last, let tallest = bins.max(by: { $0.count < $1.count }) else {
            return "Histogram of \(xLabel): no values"
        }
        let total = bins.reduce(0) { $0 + $1.count }
        return "Histogram of \(xLabel): \(ChartFrame.count(bins.count, "bin")) from \(edge(first.lower)) to \(edge(last.upper)), "
            + "\(ChartFrame.count(total, "value")); tallest bin \(edge(tallest.lower))–\(edge(tallest.upper)) with \(NumberText.count(tallest.count))"
    }
}

extension HeatmapChart {
    /// "Heatmap of mean log2 expression: 3 rows × 12 columns; highest 4.2 at Glut, Slc17a7; lowest …"
    var summary: String {
        let kind = style == .tiles ? "Heatmap" : "Dot plot"
        var found: [(value: Double, row: Int, column: Int)] = []
        for (r, row) in cells.enumerated() {
            for (c, cell) in row.enumerated() where cell.value.isFinite { found.append((cell.value, r, c)) }
        }
        let shape = "\(kind) of \(valueLabel): \(ChartFrame.count(rowLabels.count, "row")) × \(ChartFrame.count(columnLabels.count, "column"))"
        guard let high = found.max(by: { $0.value < $1.value }), let low = found.min(by: { $0.value < $1.value }) else {
            return shape + ", no values"
        }
        func at(_ cell: (value: Double, row: Int, column: Int)) -> String {
            "\(NumberText.decimal(cell.value)) at \(rowLabels[cell.row]), \(columnLabels[cell.column])"
        }
        return shape + "; highest \(at(high)); lowest \(at(low))"
    }
}

extension ScatterChart {
    /// "Scatter plot of UMAP 2 against UMAP 1, 4 panels, x from -10 to 12, y from …; colour: 5 categories (a, b, c, …)."
    var summary: String {
        let panelText = panels.count == 1 ? "" : ", \(NumberText.count(panels.count)) panels"
        let ranges = "x from \(NumberText.decimal(x.lowerBound)) to \(NumberText.decimal(x.upperBound)), y from \(NumberText.decimal(y.lowerBound)) to \(NumberText.decimal(y.upperBound))"
        let colour: String
        switch key {
        case .categories(let items, let more):
            let named = items.prefix(5).map(\.label).joined(separator: ", ") + (items.count > 5 || more > 0 ? ", …" : "")
            colour = "; colour: \(NumberText.count(items.count + more)) \(items.count + more == 1 ? "category" : "categories") (\(named))"
        case .colorBar(_, let domain, let title):
            colour = "; colour: \(title) from \(NumberText.decimal(domain.lowerBound)) to \(NumberText.decimal(domain.upperBound))"
        case .none:
            colour = ""
        }
        return "Scatter plot of \(yLabel) against \(xLabel)\(panelText), \(ranges)\(colour)"
    }
}

extension BarChart {
    /// "Bar chart of 12 bars; clusters: largest 01 IT-ET Glut with 40; cells: largest …"
    var summary: String {
        let count = panels.first?.bars.count ?? 0
        let largest = panels.compactMap { panel -> String? in
            guard let bar = panel.bars.max(by: { $0.total < $1.total }) else { return nil }
            return "\(panel.title): largest \(bar.label) with \(NumberText.decimal(bar.total))"
        }
        return (["Bar chart of \(ChartFrame.count(count, "bar"))"] + largest).joined(separator: "; ")
    }
}

extension SunburstChart {
    /// "Sunburst of 500 clusters in 3 rings; 12 inner terms, largest 01 IT-ET Glut with 120 (24%)."
    var summary: String {
        let total = roots.reduce(0) { $0 + $1.value }
        var text = "Sunburst of \(NumberText.decimal(total)) \(unit) in \(ChartFrame.count(depth, "ring")); \(ChartFrame.count(roots.count, "inner term"))"
        if let largest = roots.max(by: { $0.value < $1.value }), total > 0 {
            text += ", largest \(largest.label) with \(NumberText.decimal(largest.value)) (\(NumberText.decimal((largest.value / total * 1000).rounded() / 10))%)"
        }
        return text
    }
}
