/// IDNA2008 label rules (RFC 5891 section 5.4, RFC 5892, RFC 5893) from the Unicode
/// properties Swift exposes.
///
/// Swift has no Bidi_Class, Joining_Type or Script property, so those are approximated from
/// code point ranges (Hebrew, Arabic and the other right-to-left blocks; Greek; Hiragana,
/// Katakana and Han). The general category, `changesWhenNFKCCaseFolded`, default-ignorable,
/// noncharacter and combining-class data come from the standard library.
enum IDNA {
    private enum Validity {
        case valid, contextJ, contextO, disallowed
    }

    private static func validity(_ scalar: Unicode.Scalar) -> Validity {
        let value = scalar.value
        switch value {
        case 0xDF, 0x3C2, 0x6FD, 0x6FE, 0xF0B, 0x3007: return .valid
        case 0xB7, 0x375, 0x5F3, 0x5F4, 0x30FB, 0x660...0x669, 0x6F0...0x6F9: return .contextO
        case 0x640, 0x7FA, 0x302E, 0x302F, 0x3031...0x3035, 0x303B: return .disallowed
        default: break
        }
        let properties = scalar.properties
        if properties.generalCategory == .unassigned { return .disallowed }
        if (0x61...0x7A).contains(value) || (0x30...0x39).contains(value) || value == 0x2D { return .valid }
        if value == 0x200C || value == 0x200D { return .contextJ }
        if properties.changesWhenNFKCCaseFolded { return .disallowed }
        if properties.isDefaultIgnorableCodePoint || properties.isWhitespace || properties.isNoncharacterCodePoint {
            return .disallowed
        }
        if (0x20D0...0x20FF).contains(value) || (0x1D100...0x1D24F).contains(value) { return .disallowed }
        if (0x1100...0x11FF).contains(value) || (0xA960...0xA97F).contains(value) || (0xD7B0...0xD7FF).contains(value)
        {
            return .disallowed
        }
        switch properties.generalCategory {
        case .lowercaseLetter, .uppercaseLetter, .otherLetter, .decimalNumber, .modifierLetter, .nonspacingMark,
            .spacingMark:
            return .valid
        default:
            return .disallowed
        }
    }

    /// Whether `label` is a valid U-label (or an all-ASCII label with IDNA hyphen rules).
    static func isValidULabel(_ label: [Unicode.Scalar]) -> Bool {
        guard let first = label.first, label.first != "-", label.last != "-" else { return false }
        if label.count >= 4 && label[2] == "-" && label[3] == "-" { return false }
        switch first.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return false
        default: break
        }
        for (index, scalar) in label.enumerated() {
            switch validity(scalar) {
            case .valid: continue
            case .disallowed: return false
            case .contextJ: if !contextJ(label, index) { return false }
            case .contextO: if !contextO(label, index) { return false }
            }
        }
        return true
    }

    private static func contextJ(_ label: [Unicode.Scalar], _ index: Int) -> Bool {
        if index > 0 && label[index - 1].properties.canonicalCombiningClass == .virama { return true }
        guard label[index] == "\u{200C}" else { return false }
        // (Joining_Type:{L,D})(Joining_Type:T)* ZWNJ (Joining_Type:T)*(Joining_Type:{R,D})
        var before = index - 1
        while before >= 0 && joiningType(label[before]) == .transparent { before -= 1 }
        var after = index + 1
        while after < label.count && joiningType(label[after]) == .transparent { after += 1 }
        guard before >= 0, after < label.count else { return false }
        let left = joiningType(label[before])
        let right = joiningType(label[after])
        return (left == .dual || left == .left) && (right == .dual || right == .right)
    }

    private enum JoiningType {
        case dual, right, left, transparent, none
    }

    /// Joining types for Arabic-script letters; marks and format characters are transparent.
    private static func joiningType(_ scalar: Unicode.Scalar) -> JoiningType {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return .transparent
        default: break
        }
        let value = scalar.value
        let rightJoining: Set<UInt32> = [
            0x622, 0x623, 0x624, 0x625, 0x627, 0x629, 0x62F, 0x630, 0x631, 0x632, 0x648, 0x671, 0x672, 0x673,
            0x675, 0x676, 0x677, 0x6C0, 0x6C3, 0x6C4, 0x6C5, 0x6C6, 0x6C7, 0x6C8, 0x6C9, 0x6CA, 0x6CB, 0x6CD,
            0x6CF, 0x6D2, 0x6D3, 0x6D5, 0x6EE, 0x6EF,
        ]
        if rightJoining.contains(value) || (0x688...0x699).contains(value) { return .right }
        if (0x620...0x64A).contains(value) || (0x66E...0x6D3).contains(value) || (0x6FA...0x6FF).contains(value)
            || (0x750...0x77F).contains(value) || (0x8A0...0x8C9).contains(value)
        {
            return value == 0x621 ? .none : .dual
        }
        return .none
    }

    private static func contextO(_ label: [Unicode.Scalar], _ index: Int) -> Bool {
        let scalar = label[index]
        switch scalar.value {
        case 0xB7:
            return index > 0 && index < label.count - 1 && label[index - 1] == "l" && label[index + 1] == "l"
        case 0x375:
            return index < label.count - 1 && isGreek(label[index + 1])
        case 0x5F3, 0x5F4:
            return index > 0 && isHebrew(label[index - 1])
        case 0x30FB:
            return label.contains { $0 != "\u{30FB}" && isHiraganaKatakanaOrHan($0) }
        case 0x660...0x669:
            return !label.contains { (0x6F0...0x6F9).contains($0.value) }
        case 0x6F0...0x6F9:
            return !label.contains { (0x660...0x669).contains($0.value) }
        default:
            return false
        }
    }

    private static func isGreek(_ scalar: Unicode.Scalar) -> Bool {
        (0x370...0x3FF).contains(scalar.value) && scalar.value != 0x375 || (0x1F00...0x1FFF).contains(scalar.value)
    }

    private static func isHebrew(_ scalar: Unicode.Scalar) -> Bool {
        (0x591...0x5F4).contains(scalar.value) || (0xFB1D...0xFB4F).contains(scalar.value)
    }

    private static func isHiraganaKatakanaOrHan(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0x3040...0x309F).contains(value) || (0x30A0...0x30FF).contains(value)
            || (0x31F0...0x31FF).contains(value) || (0xFF66...0xFF9D).contains(value)
            || (0x3400...0x4DBF).contains(value) || (0x4E00...0x9FFF).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x20000...0x3FFFF).contains(value)
            || value == 0x3005 || value == 0x3007 || (0x3021...0x3029).contains(value)
    }

    // MARK: - Bidi rule (RFC 5893)

    private enum BidiClass {
        case l, r, al, an, en, es, cs, et, on, bn, nsm
    }

    private static func bidiClass(_ scalar: Unicode.Scalar) -> BidiClass {
        let value = scalar.value
        if (0x30...0x39).contains(value) || (0x6F0...0x6F9).contains(value) { return .en }
        if (0x660...0x669).contains(value) || value == 0x66B || value == 0x66C { return .an }
        let category = scalar.properties.generalCategory
        if category == .nonspacingMark || category == .enclosingMark { return .nsm }
        let hebrewLike =
            (0x590...0x5FF).contains(value) || (0x7C0...0x85F).contains(value) || (0xFB1D...0xFB4F).contains(value)
            || (0x10800...0x10FFF).contains(value) || (0x1E800...0x1EDFF).contains(value)
        if hebrewLike { return .r }
        let arabicLike =
            (0x600...0x7BF).contains(value) || (0x860...0x8FF).contains(value) || (0xFB50...0xFDFF).contains(value)
            || (0xFE70...0xFEFF).contains(value) || (0x1EE00...0x1EEFF).contains(value)
        if arabicLike { return .al }
        if value == 0x2B || value == 0x2D { return .es }
        if value == 0x2C || value == 0x2E || value == 0x2F || value == 0x3A || value == 0xA0 { return .cs }
        if category == .format { return .bn }
        switch category {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .spacingMark,
            .letterNumber:
            return .l
        case .currencySymbol: return .et
        default: return .on
        }
    }

    /// Whether the labels satisfy the Bidi rule; it applies only when some label has R, AL or AN.
    static func satisfiesBidiRule(_ labels: [[Unicode.Scalar]]) -> Bool {
        let classes = labels.map { $0.map(bidiClass) }
        guard classes.contains(where: { $0.contains { $0 == .r || $0 == .al || $0 == .an } }) else { return true }
        for label in classes {
            guard let first = label.first else { return false }
            let last = label.last { $0 != .nsm }
            switch first {
            case .r, .al:
                let allowed: Set<BidiClass> = [.r, .al, .an, .en, .es, .cs, .et, .on, .bn, .nsm]
                guard label.allSatisfy(allowed.contains) else { return false }
                guard let last, [.r, .al, .en, .an].contains(last) else { return false }
                if label.contains(.en) && label.contains(.an) { return false }
            case .l:
                let allowed: Set<BidiClass> = [.l, .en, .es, .cs, .et, .on, .bn, .nsm]
                guard label.allSatisfy(allowed.contains) else { return false }
                guard let last, last == .l || last == .en else { return false }
            default:
                return false
            }
        }
        return true
    }
}
