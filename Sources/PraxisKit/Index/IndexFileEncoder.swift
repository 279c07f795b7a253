import Foundation

/// Writes each index file twice: `NAME.json` for tools and for clients that may fetch, and
/// `NAME.js` for pages opened from disk, where browsers refuse `fetch` and XHR but still run a
/// `<script src>`. The script hands the very same JSON bytes to the page:
///
///     (window.PraxisSearchData=window.PraxisSearchData||{})["terms-3"]={…};
enum IndexFileEncoder {
    static let folder = "search"

    static func encode<T: Encodable>(_ value: T) -> Data {
        // The index holds only strings, integers and finite numbers: encoding cannot fail.
        try! CompactJSONEncoder().encode(value)
    }

    /// The `.json` and `.js` files for one index file.
    static func files(_ name: String, json: Data) -> [RenderedFile] {
        let forms = paths(name)
        return [
            RenderedFile(path: forms[0], content: .bytes(json)),
            RenderedFile(path: forms[1], content: .bytes(script(name, json: json))),
        ]
    }

    /// Where the two forms of one index file go, `.json` first.
    static func paths(_ name: String) -> [String] { ["\(folder)/\(name).json", "\(folder)/\(name).js"] }

    static func script(_ name: String, json: Data) -> Data {
        // `name` is generated (`terms-3`, `manifest`): letters, digits and hyphens, safe in a string literal.
        Data("(window.PraxisSearchData=window.PraxisSearchData||{})[\"\(name)\"]=".utf8) + json + Data(";\n".utf8)
    }
}
