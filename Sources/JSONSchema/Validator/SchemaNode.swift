/// A compiled schema: its keywords with their data prepared for evaluation.
///
/// Nodes are built once by ``SchemaCompiler`` and never change afterwards, so a compiled
/// tree can be shared by any number of threads.
final class SchemaNode: @unchecked Sendable {
    // @unchecked: the properties are only written while the compiler builds the tree, before the
    // owning Validator is returned; from then on the node is read-only.

    /// For a Boolean schema, its value; `nil` for an object schema.
    var booleanValue: Bool?
    /// The `type` keyword, checked inline before the other keywords (it is on almost every schema).
    var types: JSONTypeSet?
    /// The keywords, with `unevaluatedItems` and `unevaluatedProperties` last.
    var keywords: [KeywordEvaluator] = [] {
        didSet {
            keywordReferences.deallocate()
            keywordReferences = .allocate(capacity: keywords.count)
            _ = keywordReferences.initialize(from: keywords.lazy.map { Unmanaged.passUnretained($0) })
        }
    }
    /// ``keywords`` without ownership (the array keeps them alive), so that evaluation can call them
    /// without retaining each one; reading a pointer property needs no reference counting either.
    private(set) var keywordReferences = UnsafeMutableBufferPointer<Unmanaged<KeywordEvaluator>>.allocate(capacity: 0)
    /// Whether the node itself needs annotations from its keywords (it has an `unevaluated*` keyword).
    var needsAnnotations = false
    /// The schema resource the node belongs to, for `$dynamicRef` scopes.
    // unowned(unsafe): the Validator keeps every resource alive as long as its nodes.
    unowned(unsafe) let resource: SchemaResource
    /// The node's absolute location `resource#pointer`, or `nil` when the resource has no absolute URI.
    let location: String?
    /// For a schema that is only a `$ref`, the schema it finally leads to, which ``Validator/isValid(_:)``
    /// evaluates directly (error locations, annotations and dynamic scopes need the full path).
    var referenceShortcut: SchemaNode? {
        get { shortcutReference?.takeUnretainedValue() }
        set { shortcutReference = newValue.map { Unmanaged.passUnretained($0) } }
    }
    /// ``referenceShortcut`` as an unowned reference that evaluation borrows without retaining it;
    /// the Validator's node list owns every node.
    private(set) var shortcutReference: Unmanaged<SchemaNode>?

    /// Keywords this validator does not know, collected as annotations.
    var annotations: [(keyword: String, value: JSONValue)] = []

    init(resource: SchemaResource, location: String?) {
        self.resource = resource
        self.location = location
    }

    deinit {
        keywordReferences.deallocate()
    }

    /// Sets ``referenceShortcut`` by following `$ref`-only schemas; chains that loop keep none.
    func linkReferenceShortcut() {
        var target: SchemaNode = self
        var steps = 0
        while let ref = target.onlyReference {
            target = ref
            steps += 1
            if steps > 32 { return }
        }
        if target !== self { referenceShortcut = target }
    }

    /// The target of a schema whose only assertion is a `$ref`. Unknown keywords (annotations such as
    /// `x-privacy`) do not count: the `isValid` path that takes the shortcut collects no annotations.
    private var onlyReference: SchemaNode? {
        guard booleanValue == nil, types == nil, !needsAnnotations, keywords.count == 1,
            let ref = keywords[0] as? RefKeyword
        else { return nil }
        return ref.target
    }

    /// The absolute location of `keyword` in this node.
    func absoluteLocation(of keyword: String) -> String? {
        location.map { $0 + "/" + JSONPointer.escape(keyword) }
    }
}

/// A schema resource (a document root or a subschema with `$id`), with its dynamic anchors.
final class SchemaResource: @unchecked Sendable {
    // @unchecked: `anchorNodes` is filled while compiling and read-only afterwards.

    /// The resource's absolute URI.
    let uri: String
    /// The subschemas carrying a `$dynamicAnchor`, by anchor name.
    /// Held without ownership, as nodes and resources refer to each other.
    private(set) var anchorNodes: [String: UnownedNode] = [:]

    /// Records the node carrying `$dynamicAnchor: name`.
    func setDynamicAnchor(_ name: String, _ node: SchemaNode) {
        anchorNodes[name] = UnownedNode(node: node)
    }

    /// The node carrying `$dynamicAnchor: name` in this resource, if any.
    @inline(__always)
    func dynamicAnchor(_ name: String) -> SchemaNode? {
        anchorNodes[name]?.node
    }

    init(uri: String) {
        self.uri = uri
    }
}

/// A lower or upper numeric bound.
enum NumericBound: Sendable {
    case maximum, exclusiveMaximum, minimum, exclusiveMinimum

    var keyword: String {
        switch self {
        case .maximum: "maximum"
        case .exclusiveMaximum: "exclusiveMaximum"
        case .minimum: "minimum"
        case .exclusiveMinimum: "exclusiveMinimum"
        }
    }
}

/// A node reference that does not keep the node alive (the Validator does).
struct UnownedNode {
    // unowned(unsafe): the Validator's node list owns every node for as long as it is used.
    unowned(unsafe) let node: SchemaNode
}
