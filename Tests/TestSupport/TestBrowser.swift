import Foundation

/// Debian's headless Chromium and its chromedriver, driven through Selenium in the interop venv
/// (`Tests/Scripts/browser.py`), for the checks a report needs a real browser for.
public enum TestBrowser {
    static let chromium = "/usr/bin/chromium"
    static let chromedriver = "/usr/bin/chromedriver"

    public static var isAvailable: Bool { missingReason == nil }

    /// Why the browser checks cannot run here (nil when they can).
    public static var missingReason: String? {
        if !TestPython.isAvailable { return TestPython.missingReason }
        for program in [chromium, chromedriver] where !FileManager.default.isExecutableFile(atPath: program) {
            return "no \(program): install Debian's chromium and chromium-driver (scripts/setup-env.sh does)"
        }
        return nil
    }

    /// Runs a script of `Tests/Scripts` (where `browser.py` is) with the venv's Python.
    public static func runScript(_ name: String, arguments: [String]) throws -> Command.Result {
        let scripts = TestPaths.packageRoot.appendingPathComponent("Tests/Scripts")
        return try Command.run(TestPython.executable, arguments: [scripts.appendingPathComponent(name).path] + arguments,
                               currentDirectory: scripts)
    }
}
