import Testing

extension Trait where Self == ConditionTrait {
    /// For tests that need the interop venv (anndata, h5py, the bucket server): skipped, with the
    /// reason printed, when it is absent. `scripts/test` fails a run in which anything was skipped.
    public static var needsPython: Self {
        .enabled(if: TestPython.isAvailable, Comment(rawValue: TestPython.missingReason))
    }
}

extension Trait where Self == ConditionTrait {
    /// For tests that drive headless Chromium through Selenium: skipped, with the reason printed,
    /// when the venv, chromium or chromedriver is missing.
    public static var needsBrowser: Self {
        .enabled(if: TestBrowser.isAvailable, Comment(rawValue: TestBrowser.missingReason ?? ""))
    }
}
