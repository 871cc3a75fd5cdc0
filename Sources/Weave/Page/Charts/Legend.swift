import TextFormats

/// A chart legend as SVG: a swatch and a label per entry, one entry per row, or a colour bar
/// for a continuous scale.
public enum Legend {
    /// Rows of swatch + label from (`x`, `y`) downwards; returns the markup and its width.
    public static func entries(_ items: [(label: String, color: RGB)], x: Double, y: Double,
                               fontSize: Double = 11) -> (svg: HTMLText, width: Double) {
        let f = SVGNumber.format
        let row = fontSize + 6
        var out: HTMLText = "<g class=\"legend\">"
        for (i, item) in items.enumerated() {
            let top = y + Double(i) * row
            out += "<rect x=\"\(f(x))\" y=\"\(f(top))\" width=\"\(f(fontSize))\" height=\"\(f(fontSize))\" fill=\"\(item.color.hex)\"/>"
            out += "<text x=\"\(f(x + fontSize + 4))\" y=\"\(f(top + fontSize - 1))\" font-size=\"\(f(fontSize))\">\(item.label)</text>"
        }
        let widest = items.map { TextWidth.estimate($0.label, fontSize: fontSize) }.max() ?? 0
        return (out + "</g>\n", fontSize + 4 + widest)
    }

    /// A vertical colour bar for `scale` over `domain`, `height` tall at (`x`, `y`), with the
    /// domain's ends labelled (by `label`) beside it.
    public static func colorBar(_ scale: any ColorScale, domain: ClosedRange<Double>, x: Double, y: Double,
                                width: Double = 12, height: Double, steps: Int = 32,
                                label: (Double) -> String = NumberText.decimal) -> HTMLText {
        let f = SVGNumber.format
        let step = height / Double(steps)
        var out: HTMLText = "<g class=\"legend colorbar\">"
        for i in 0..<steps {
            // The top of the bar is the domain's upper end.
            let t = 1 - (Double(i) + 0.5) / Double(steps)
            out += "<rect x=\"\(f(x))\" y=\"\(f(y + Double(i) * step))\" width=\"\(f(width))\" height=\"\(f(step + 0.5))\" fill=\"\(scale.color(at: t).hex)\"/>"
        }
        out += "<text x=\"\(f(x + width + 4))\" y=\"\(f(y + 9))\" font-size=\"10\">\(label(domain.upperBound))</text>"
        out += "<text x=\"\(f(x + width + 4))\" y=\"\(f(y + height))\" font-size=\"10\">\(label(domain.lowerBound))</text>"
        return out + "</g>\n"
    }
}
