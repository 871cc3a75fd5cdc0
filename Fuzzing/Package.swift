// swift-tools-version:6.0
// libFuzzer targets for atlasweave's parsers, kept out of the main package: they only link with
// `-sanitize=fuzzer` (libFuzzer's driver). Built and run by ../scripts/fuzz.
import PackageDescription

let package = Package(
    name: "atlasweave-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "atlasweave", path: "..")],
    targets: [
        .executableTarget(name: "atlasfuzz", dependencies: [
            .product(name: "AtlasweaveParsers", package: "atlasweave"),
        ]),
    ]
)
