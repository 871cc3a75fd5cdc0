import Foundation

/// Debian's headless Chromium and chromedriver, driven by Selenium from the interop venv
/// (`Tests/Scripts/browser.py`), for checks of what a reader does with a rendered report.
public enum TestBrowser {
    public static let chromium = URL(fileURLWithPath: "/usr/bin/chromium")
    public static let chromedriver = URL(fileURLWithPath: "/usr/bin/chromedriver")

    public static let isAvailable: Bool = missing == nil

    public static var missingReason: String {
        "needs \(missing ?? "nothing"): scripts/setup-env.sh installs Debian's chromium and chromedriver and the venv with selenium"
    }

    /// What is missing, nil when everything is there.
    private static let missing: String? = {
        for program in [chromium, chromedriver] where !FileManager.default.isExecutableFile(atPath: program.path) {
            return program.path
        }
        guard TestPython.isAvailable else { return TestPython.executable.path }
        return (try? TestPython.run("import selenium")) == nil ? "selenium in \(TestPython.executable.path)" : nil
    }()

    /// Runs a script of `Tests/Scripts` with the venv's Python; returns its result.
    public static func runScript(_ name: String, arguments: [String]) throws -> Command.Result {
        let script = TestPaths.packageRoot.appendingPathComponent("Tests/Scripts/\(name)")
        return try Command.run(TestPython.executable, arguments: [script.path] + arguments)
    }
}
