// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "atlasweave",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "atlasweave", targets: ["atlasweave"]),
        .executable(name: "atlasweave-h5check", targets: ["atlasweave-h5check"]),
        // For the libFuzzer targets in Fuzzing/ (a package of their own: they need -sanitize=fuzzer).
        .library(name: "AtlasweaveParsers", targets: ["Weave", "Directives", "Tables", "AtlasAccess", "HDF5Kit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
    ],
    targets: [
        // C libraries from Debian, reached through pkg-config.
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(
            name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        // glibc calls Swift's Glibc module leaves out (renameat2, mallopt).
        .systemLibrary(name: "CLinux"),
        // ThreadSanitizer's annotations, weak: live only in a TSan build.
        .systemLibrary(name: "CSanitizerHooks"),

        // Safe wrappers and domain modules.
        // Mutex sections that ThreadSanitizer can see (every lock site uses `locked`).
        .target(name: "Locking", dependencies: ["CSanitizerHooks"]),
        // libhdf5's virtual file driver for files read by HTTP range (callbacks in C).
        .target(name: "CRangeVFD", dependencies: ["CHDF5"]),
        .target(name: "HDF5Kit", dependencies: ["CHDF5", "CRangeVFD"]),
        .target(name: "AnnData", dependencies: ["Locking", "HDF5Kit", "Checksums", "AtomicFiles", "TextFormats"]),
        .target(name: "Checksums", dependencies: ["Locking", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "TextFormats"),
        .target(name: "AtomicFiles", dependencies: ["CLinux"]),
        .target(name: "Jobs"),
        .target(name: "AtlasAccess", dependencies: ["Locking", "CCurl", "Checksums", "TextFormats", "AtomicFiles", "Jobs", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Tables", dependencies: ["Locking", "AtomicFiles", "TextFormats"]),
        .target(name: "Gzip", dependencies: ["CDeflate"]),
        .target(name: "TenXExport", dependencies: ["Locking", "AnnData", "Gzip", "Tables", "AtomicFiles"]),
        .target(name: "ZlibKit", dependencies: ["CZlib"]),
        // The HTTP server behind `preview` (libmicrohttpd on 127.0.0.1).
        .target(name: "MicroHTTP", dependencies: ["Locking", "CMicroHTTPD"]),
        // Colour maps, the point rasteriser and the PNG encoder behind the scatter plots.
        .target(name: "Raster", dependencies: ["ZlibKit", "TextFormats"]),

        // Report engine and the directives.
        .target(name: "Weave", dependencies: [
            "Locking", "CCmarkGFM", "Yams", .product(name: "Mustache", package: "swift-mustache"),
            "Checksums", "TextFormats", "AtomicFiles",
        ]),
        .target(name: "Directives", dependencies: ["Locking", "Weave", "Tables", "AtlasAccess", "AnnData", "TenXExport", "AtomicFiles", "TextFormats", "Checksums", "Jobs", "Raster"]),
        .executableTarget(name: "atlasweave", dependencies: ["Locking", 
            "Weave", "Directives", "AtlasAccess", "AnnData", "AtomicFiles", "TextFormats", "CLinux", "MicroHTTP", "Checksums",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Reads a user's h5ad in a child process, so libhdf5 crashing or hanging on it stops only the child.
        .executableTarget(name: "atlasweave-h5check", dependencies: ["AnnData"], path: "Sources/h5check"),

        // Benchmarks/csv/run.sh times this reader against pandas.
        .executableTarget(name: "csvbench", dependencies: ["Tables"], path: "Benchmarks/csv/csvbench"),
        // Benchmarks/sampling/run.sh times this sampler against R's sample.int.
        .executableTarget(name: "samplebench", dependencies: ["Tables"], path: "Benchmarks/sampling/samplebench"),

        // Tests: one target per module plus end-to-end runs of the built binary.
        .target(name: "TestSupport", dependencies: [], path: "Tests/TestSupport"),
        .testTarget(name: "ChecksumsTests", dependencies: ["Checksums", "TestSupport"]),
        .testTarget(name: "AtomicFilesTests", dependencies: ["AtomicFiles", "TestSupport"]),
        .testTarget(name: "HDF5KitTests", dependencies: ["HDF5Kit", "TestSupport"]),
        .testTarget(name: "AnnDataTests", dependencies: ["AnnData", "HDF5Kit", "Checksums", "TextFormats", "TestSupport"]),
        .testTarget(name: "TenXExportTests", dependencies: ["TenXExport", "AnnData", "TestSupport"]),
        .testTarget(name: "AtlasAccessTests", dependencies: ["AtlasAccess", "TextFormats", "TestSupport"]),
        .testTarget(name: "LockingTests", dependencies: ["Locking"]),
        .testTarget(name: "JobsTests", dependencies: ["Locking", "Jobs"]),
        .testTarget(name: "TablesTests", dependencies: ["Tables", "TestSupport"]),
        .testTarget(name: "RasterTests", dependencies: ["Raster", "ZlibKit", "TextFormats", "TestSupport"]),
        .testTarget(name: "MicroHTTPTests", dependencies: ["Locking", "MicroHTTP", "TestSupport"]),
        .testTarget(name: "WeaveTests", dependencies: ["Locking", "Weave", "Checksums", "TextFormats", "TestSupport"]),
        .testTarget(name: "DirectivesTests", dependencies: ["Directives", "Weave", "Tables", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["Locking", "atlasweave", "Weave", "Directives", "TestSupport"]),
    ]
)
