/// One step of an instance location, kept unformatted until an error or annotation is reported.
enum InstancePathSegment {
    case key(String)
    case index(Int)
}

/// An error found during evaluation, with its locations still as reversed segment lists.
struct PendingError {
    /// Instance segments, innermost first.
    var instancePath: [InstancePathSegment]
    /// Keyword-location tokens, innermost first.
    var keywordPath: [String]
    var absoluteKeywordLocation: String?
    var message: String
}

/// An annotation of a requested unknown keyword, with its instance location reversed.
struct PendingAnnotation {
    var instancePath: [InstancePathSegment]
    var value: JSONValue
}

/// What the in-place subschemas of one schema evaluated, for `unevaluatedItems` and
/// `unevaluatedProperties`.
///
/// The sets stay `nil` until something is recorded, so the common case costs no reference counting:
/// both live in one optional, which is released with a single inline `nil` check.
struct EvaluatedLocations {
    /// The individually recorded properties (by the tape index of their key) and item indices.
    private struct Recorded {
        var properties: Set<Int> = []
        var items: Set<Int> = []
    }

    var allProperties = false
    var allItems = false
    var itemPrefix = 0
    private var recorded: Recorded?

    /// Records that the property whose key is at tape index `key` was evaluated.
    mutating func insertProperty(_ key: Int) {
        if recorded == nil { recorded = Recorded() }
        recorded!.properties.insert(key)
    }

    /// Records that item `index` was evaluated.
    mutating func insertItem(_ index: Int) {
        if recorded == nil { recorded = Recorded() }
        recorded!.items.insert(index)
    }

    /// Whether the property whose key is at tape index `key` was evaluated.
    func containsProperty(_ key: Int) -> Bool {
        allProperties || recorded?.properties.contains(key) == true
    }

    /// Whether item `index` was evaluated.
    func containsItem(_ index: Int) -> Bool {
        allItems || index < itemPrefix || recorded?.items.contains(index) == true
    }

    mutating func merge(_ other: EvaluatedLocations) {
        if other.allProperties { allProperties = true }
        if other.allItems {
            allItems = true
        } else if !allItems {
            itemPrefix = max(itemPrefix, other.itemPrefix)
        }
        guard let theirs = other.recorded else { return }
        if recorded == nil { recorded = Recorded() }
        if !allProperties { recorded!.properties.formUnion(theirs.properties) }
        if !allItems { recorded!.items.formUnion(theirs.items) }
    }
}

/// The mutable state of one evaluation.
struct EvaluationContext {
    /// The instance's document; instances are indices into it. The validator keeps its tape alive for the
    /// whole evaluation.
    let tape: JSONTapeView
    /// Whether to keep going after a failure and record every error (`validate`), or stop (`isValid`).
    let collectErrors: Bool
    /// The unknown keyword whose annotations are wanted, if any.
    let annotationKeyword: String?
    /// Whether `$dynamicRef` needs the stack of resources entered.
    let tracksDynamicScope: Bool
    /// Cached ``isPlainCheck``.
    let isPlainCheck: Bool
    var errors: [PendingError] = []
    var annotations: [PendingAnnotation] = []
    var dynamicScope: [SchemaResource] = []
    var depth = 0

    /// The deepest chain of nested schema evaluations before evaluation gives up (a schema that
    /// references itself without consuming the instance would otherwise never end).
    static let maxDepth = 400

    init(tape: JSONTapeView, collectErrors: Bool, annotationKeyword: String? = nil, tracksDynamicScope: Bool) {
        self.tape = tape
        self.collectErrors = collectErrors
        self.annotationKeyword = annotationKeyword
        self.tracksDynamicScope = tracksDynamicScope
        isPlainCheck = !collectErrors && annotationKeyword == nil && !tracksDynamicScope
    }

    /// Whether every branch must be evaluated to gather annotations.
    var wantsAllAnnotations: Bool { annotationKeyword != nil }

    /// Records a failure of `keyword` in `node` when errors are collected.
    mutating func fail(_ node: SchemaNode, _ keyword: String, _ message: @autoclosure () -> String) {
        guard collectErrors else { return }
        errors.append(
            PendingError(
                instancePath: [], keywordPath: [keyword], absoluteKeywordLocation: node.absoluteLocation(of: keyword),
                message: message()))
    }

    /// Prefixes the errors and annotations recorded since the marks with a child's path.
    mutating func prefix(
        errorsFrom errorMark: Int, annotationsFrom annotationMark: Int, instance: InstancePathSegment?,
        _ keyword: String, _ token: String? = nil
    ) {
        if errors.count > errorMark {
            for index in errorMark..<errors.count {
                if let instance { errors[index].instancePath.append(instance) }
                if let token { errors[index].keywordPath.append(token) }
                errors[index].keywordPath.append(keyword)
            }
        }
        if let instance, annotations.count > annotationMark {
            for index in annotationMark..<annotations.count { annotations[index].instancePath.append(instance) }
        }
    }

    /// Drops errors recorded since `mark` (from a branch whose failure does not count).
    mutating func discardErrors(from mark: Int) {
        if errors.count > mark { errors.removeSubrange(mark...) }
    }

    /// Formats reversed segments as a JSON Pointer.
    static func pointer(_ reversed: [InstancePathSegment]) -> String {
        var result = ""
        for segment in reversed.reversed() {
            switch segment {
            case .key(let key): result += "/" + JSONPointer.escape(key)
            case .index(let index): result += "/" + String(index)
            }
        }
        return result
    }

    /// Formats reversed keyword tokens as a JSON Pointer.
    static func pointer(_ reversed: [String]) -> String {
        var result = ""
        for token in reversed.reversed() { result += "/" + JSONPointer.escape(token) }
        return result
    }
}
