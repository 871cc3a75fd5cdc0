import Foundation
import Testing
import TestSupport

/// WCAG AA (4.5:1 for text) for the colour pairs the page draws text with, in the light theme
/// and the dark one, read from `templates/report.css`: a later edit of a colour cannot quietly
/// make text unreadable.
@Suite("theme contrast")
struct ThemeContrastTests {
    /// Text colour variable on background variable, as the stylesheet pairs them.
    static let pairs: [(text: String, background: String)] = [
        ("text", "bg"), ("text", "bg-soft"), ("text", "row-alt"), ("chart-text", "bg"),
        ("muted", "bg"), ("muted", "bg-soft"), ("muted", "row-alt"),
        ("accent", "bg"), ("accent", "bg-soft"), ("accent", "row-alt"),
        ("error", "bg"), ("error", "error-bg"), ("error", "row-alt"), ("skip", "skip-bg"), ("skip", "row-alt"),
        ("warning", "warning-bg"), ("note", "note-bg"), ("tip", "tip-bg"), ("important", "important-bg"),
    ] + ["note-bg", "tip-bg", "important-bg", "error-bg", "skip-bg", "warning-bg"].flatMap { callout in
        [("text", callout), ("muted", callout), ("accent", callout)]
    }

    @Test("every text colour pair reaches 4.5:1 in both themes")
    func textContrast() throws {
        let css = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("templates/report.css"), encoding: .utf8)
        let themes = try Self.themes(css)
        for (theme, colours) in [("light", themes.light), ("dark", themes.dark)] {
            for pair in Self.pairs {
                let text = try #require(colours[pair.text], "--\(pair.text) missing in the \(theme) theme")
                let background = try #require(colours[pair.background], "--\(pair.background) missing in the \(theme) theme")
                let ratio = Self.contrast(text, background)
                #expect(ratio >= 4.5, "\(theme): --\(pair.text) on --\(pair.background) is \(ratio):1")
            }
        }
    }

    @Test("the ratio is WCAG's: black on white 21:1, a colour on itself 1:1, #777 on white just under 4.5")
    func ratioFormula() {
        #expect(abs(Self.contrast([0, 0, 0], [255, 255, 255]) - 21) < 1e-9)
        #expect(Self.contrast([9, 105, 218], [9, 105, 218]) == 1)
        let grey = Self.contrast([0x77, 0x77, 0x77], [255, 255, 255])
        #expect(grey > 4.47 && grey < 4.49)
    }

    /// The `:root` custom properties, and the dark theme's (the light ones it overrides).
    static func themes(_ css: String) throws -> (light: [String: [Int]], dark: [String: [Int]]) {
        let dark = try #require(css.range(of: "prefers-color-scheme: dark"))
        let light = variables(String(css[..<dark.lowerBound]))
        let darkBlock = try #require(css[dark.upperBound...].range(of: "}\n}"))
        return (light, light.merging(variables(String(css[dark.upperBound..<darkBlock.lowerBound]))) { $1 })
    }

    /// `--name: #rgb` / `#rrggbb` declarations as RGB triples.
    static func variables(_ css: String) -> [String: [Int]] {
        var found: [String: [Int]] = [:]
        for match in css.matches(of: /--([a-z-]+):\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b/) {
            var hex = String(match.2)
            if hex.count == 3 { hex = hex.map { "\($0)\($0)" }.joined() }
            found[String(match.1)] = stride(from: 0, to: 6, by: 2).map { i in
                Int(hex.dropFirst(i).prefix(2), radix: 16) ?? 0
            }
        }
        return found
    }

    /// WCAG 2 contrast ratio of two sRGB colours.
    static func contrast(_ a: [Int], _ b: [Int]) -> Double {
        func luminance(_ rgb: [Int]) -> Double {
            let linear = rgb.map { channel -> Double in
                let c = Double(channel) / 255
                return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        }
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }
}
