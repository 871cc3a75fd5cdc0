import CCmarkGFM
import Foundation

/// A GitHub-flavoured Markdown document parsed by cmark-gfm, owning the parser and the node
/// tree (both freed in `deinit`). The engine reads directive blocks and prose text from it,
/// swaps directive blocks for placeholder paragraphs and renders it back to HTML.
///
/// Node handles (`Node`) borrow from the document: they are valid while it is alive.
final class MarkdownDocument {
    /// A borrowed node of the tree.
    struct Node {
        let pointer: OpaquePointer
    }

    /// A fenced or indented code block.
    struct CodeBlock {
        let node: Node
        /// The info string after the opening fence (empty for indented blocks).
        let info: String
        /// The block's text, ending in a newline.
        let literal: String
        /// Line of the opening fence.
        let line: Int
    }

    /// A text node of prose (never inside code), with the line it starts on.
    struct Text {
        let node: Node
        let literal: String
        let line: Int
    }

    /// An image (`![alt](url)`) with the line it is on.
    struct Image {
        let node: Node
        let url: String
        let line: Int
    }

    /// A heading: level and plain text, in document order.
    struct Heading {
        let level: Int
        let text: String
    }

    private static let extensions = ["table", "strikethrough", "autolink", "tasklist"]
    /// Safe mode (no CMARK_OPT_UNSAFE): the author's raw HTML renders as
    /// `<!-- raw HTML omitted -->`, so a report cannot carry scripts of its own.
    private static let options = CMARK_OPT_VALIDATE_UTF8

    private let parser: OpaquePointer
    private let root: OpaquePointer

    /// Parses Markdown text; line numbers of nodes are lines of `text`.
    init(_ text: String) {
        cmark_gfm_core_extensions_ensure_registered()
        let parser: OpaquePointer = cmark_parser_new(Self.options)
        for name in Self.extensions {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        text.withCString { cmark_parser_feed(parser, $0, strlen($0)) }
        self.parser = parser
        root = cmark_parser_finish(parser)
        // Adjacent text nodes (split at `_`, `[`, …) merged, so `{{ a_b.c }}` is one literal.
        cmark_consolidate_text_nodes(root)
    }

    deinit {
        cmark_node_free(root)
        cmark_parser_free(parser)
    }

    // MARK: - Reading

    /// Every code block, in document order.
    func codeBlocks() -> [CodeBlock] {
        var blocks: [CodeBlock] = []
        walk { node, _ in
            guard cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK else { return }
            blocks.append(CodeBlock(
                node: Node(pointer: node),
                info: Self.string(cmark_node_get_fence_info(node)),
                literal: Self.string(cmark_node_get_literal(node)),
                line: Int(cmark_node_get_start_line(node))))
        }
        return blocks
    }

    /// Every prose text node; code spans and code blocks are not text nodes.
    func texts() -> [Text] {
        var texts: [Text] = []
        walk { node, line in
            guard cmark_node_get_type(node) == CMARK_NODE_TEXT else { return }
            texts.append(Text(node: Node(pointer: node), literal: Self.string(cmark_node_get_literal(node)), line: line))
        }
        return texts
    }

    /// Every image of the prose, in document order.
    func images() -> [Image] {
        var images: [Image] = []
        walk { node, line in
            guard cmark_node_get_type(node) == CMARK_NODE_IMAGE else { return }
            images.append(Image(node: Node(pointer: node), url: Self.string(cmark_node_get_url(node)), line: line))
        }
        return images
    }

    /// Headings in document order with their plain text (text and code span literals).
    func headings() -> [Heading] {
        var headings: [Heading] = []
        walk { node, _ in
            guard cmark_node_get_type(node) == CMARK_NODE_HEADING else { return }
            headings.append(Heading(level: Int(cmark_node_get_heading_level(node)), text: Self.plainText(of: node)))
        }
        return headings
    }

    /// Every block quote, in document order.
    func blockQuotes() -> [Node] {
        var quotes: [Node] = []
        walk { node, _ in
            if cmark_node_get_type(node) == CMARK_NODE_BLOCK_QUOTE { quotes.append(Node(pointer: node)) }
        }
        return quotes
    }

    // MARK: - Editing

    /// Replaces a block by its own children between two pieces of the engine's HTML (a
    /// custom block: rendered as given, which safe mode allows since the author cannot write one).
    func wrap(_ node: Node, open: String, close: String) {
        guard let block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK) else { return }
        cmark_node_set_on_enter(block, open)
        cmark_node_set_on_exit(block, close)
        while let child = cmark_node_first_child(node.pointer) {
            cmark_node_append_child(block, child)
        }
        cmark_node_replace(node.pointer, block)
        cmark_node_free(node.pointer)
    }

    func setLiteral(_ node: Node, _ text: String) {
        cmark_node_set_literal(node.pointer, text)
    }

    /// A piece of prose text: plain, or a link with its label.
    enum TextPart {
        case text(String)
        case link(url: String, label: String)
    }

    /// Replaces a text node by plain texts and links (a cross-reference becomes a real link,
    /// still escaped by cmark).
    func replace(_ node: Node, with parts: [TextPart]) {
        for part in parts {
            switch part {
            case .text(let literal):
                guard let text = cmark_node_new(CMARK_NODE_TEXT) else { continue }
                cmark_node_set_literal(text, literal)
                cmark_node_insert_before(node.pointer, text)
            case .link(let url, let label):
                guard let link = cmark_node_new(CMARK_NODE_LINK), let text = cmark_node_new(CMARK_NODE_TEXT) else { continue }
                cmark_node_set_url(link, url)
                cmark_node_set_literal(text, label)
                cmark_node_append_child(link, text)
                cmark_node_insert_before(node.pointer, link)
            }
        }
        cmark_node_free(node.pointer)
    }

    func setURL(_ node: Node, _ url: String) {
        cmark_node_set_url(node.pointer, url)
    }

    /// Replaces a block by a paragraph holding only `token`, to be swapped for HTML after
    /// rendering: injected HTML blocks would be dropped by safe mode.
    func replaceWithPlaceholder(_ node: Node, token: String) {
        guard let paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH), let text = cmark_node_new(CMARK_NODE_TEXT) else { return }
        cmark_node_set_literal(text, token)
        cmark_node_append_child(paragraph, text)
        cmark_node_replace(node.pointer, paragraph)
        cmark_node_free(node.pointer)
    }

    // MARK: - Rendering

    func renderHTML() -> String {
        guard let out = cmark_render_html(root, Self.options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(out) }
        return String(cString: out)
    }

    // MARK: - Internals

    /// Visits every node on entry with the source line it is on: a block's start line,
    /// advanced by soft and hard line breaks inside it.
    private func walk(_ visit: (OpaquePointer, Int) -> Void) {
        guard let iterator = cmark_iter_new(root) else { return }
        defer { cmark_iter_free(iterator) }
        var line = 1
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let start = Int(cmark_node_get_start_line(node))
            if type.rawValue & UInt32(CMARK_NODE_TYPE_MASK) == UInt32(CMARK_NODE_TYPE_BLOCK), start > 0 {
                line = start
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                line += 1
            }
            visit(node, line)
        }
    }

    private static func plainText(of node: OpaquePointer) -> String {
        var out = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE {
                out += string(cmark_node_get_literal(current))
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                out += " "
            } else {
                out += plainText(of: current)
            }
            child = cmark_node_next(current)
        }
        return out
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }
}
