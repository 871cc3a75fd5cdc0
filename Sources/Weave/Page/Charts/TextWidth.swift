/// Estimated rendered width of label text, for laying out axes and legends without a font:
/// per-character advance widths of a typical sans-serif, as fractions of the font size.
public enum TextWidth {
    public static func estimate(_ text: String, fontSize: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + advance($1) } * fontSize
    }

    private static func advance(_ scalar: Unicode.Scalar) -> Double {
        switch scalar {
        case "i", "l", "j", "'", "|", ".", ",", ":", ";", "!": return 0.28
        case "f", "t", "r", " ", "(", ")", "[", "]", "-": return 0.36
        case "m", "w", "M", "W": return 0.86
        case "0"..."9": return 0.56
        case "A"..."Z": return scalar == "I" ? 0.3 : 0.67
        case _ where scalar.value < 0x80: return 0.55
        // Wide scripts (CJK and the like) take about a full em.
        case _ where scalar.properties.isIdeographic: return 1.0
        default: return 0.6
        }
    }
}
