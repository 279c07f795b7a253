// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Praxis",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "praxis", targets: ["praxis"]),
        .library(name: "PraxisKit", targets: ["PraxisKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // cmark-gfm as packaged by Debian (libcmark-gfm-dev, libcmark-gfm-extensions-dev).
        // Only Sources/PraxisKit/Parse/Markdown/CMark.swift imports it.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(
            name: "PraxisKit",
            dependencies: [
                "CCmarkGFM",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "praxis",
            dependencies: [
                "PraxisKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // mimalloc (Debian libmimalloc-dev) takes the place of glibc's malloc in the command,
            // for every library it loads: a build allocates and frees millions of small values on
            // every core, and spends about a tenth less processor time with it (BENCHMARKS.md).
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
        ),
        // swift-mustache is the reference the theme engine is compared with (TemplateDifferentialTests):
        // themes are written in its dialect.
        .testTarget(name: "PraxisKitTests", dependencies: ["PraxisKit", .product(name: "Mustache", package: "swift-mustache")]),
    ],
    swiftLanguageModes: [.v6]
)
