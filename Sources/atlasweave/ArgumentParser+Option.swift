import ArgumentParser

/// `@Option` in this module is the command-line option of ArgumentParser, not the directive
/// option declaration of Weave.
typealias Option<Value> = ArgumentParser.Option<Value>
