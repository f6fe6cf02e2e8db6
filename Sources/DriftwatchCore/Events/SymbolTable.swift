#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interns byte strings (feature names, categories, model ids) to small `Symbol`s.
///
/// Looking up a name that was seen before hashes and compares its bytes only: no `String` is
/// allocated. Not thread-safe and deliberately not `Sendable`: each pipeline task owns one table,
/// and a `Symbol` means something only together with the table that made it.
/// Ids are dense, 0, 1, 2, … in order of first appearance, so callers can index arrays by `id`.
public final class SymbolTable {
    private var strings: [String] = []
    /// Start of each symbol's bytes in `arena`; the symbol's bytes end at `starts[id + 1]`.
    private var starts: UnsafeMutablePointer<Int>
    private var hashes: UnsafeMutablePointer<UInt64>
    /// Per symbol: its bytes hold no '"', '\\' or control character, so they appear in JSON as is.
    private var plain: UnsafeMutablePointer<Bool>
    private var symbolCapacity: Int
    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCount = 0
    private var arenaCapacity: Int
    /// Open addressing, linear probing; -1 is an empty slot, otherwise a symbol id.
    private var slots: UnsafeMutablePointer<Int32>
    private var slotMask: Int

    public init() {
        symbolCapacity = 64
        starts = .allocate(capacity: symbolCapacity + 1)
        starts[0] = 0
        hashes = .allocate(capacity: symbolCapacity)
        plain = .allocate(capacity: symbolCapacity)
        arenaCapacity = 1024
        arena = .allocate(capacity: arenaCapacity)
        slotMask = 127
        slots = .allocate(capacity: slotMask + 1)
        slots.initialize(repeating: -1, count: slotMask + 1)
    }

    deinit {
        starts.deallocate()
        hashes.deallocate()
        plain.deallocate()
        arena.deallocate()
        slots.deallocate()
    }

    /// Number of distinct symbols interned so far.
    public var count: Int { strings.count }

    /// The symbol for these UTF-8 bytes, interning them on first sight.
    @inline(__always)
    public func symbol(for bytes: UnsafeRawBufferPointer) -> Symbol {
        guard let base = bytes.baseAddress else { return symbol(pointer: nil, count: 0) }
        return symbol(pointer: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
    }

    /// The symbol for a string, interning it on first sight.
    public func symbol(for string: String) -> Symbol {
        var utf8 = string
        return utf8.withUTF8 { symbol(pointer: $0.baseAddress, count: $0.count, string: string) }
    }

    /// The symbol for a string if it was interned before; never inserts.
    public func existingSymbol(for string: String) -> Symbol? {
        var string = string
        return string.withUTF8 { utf8 in
            let hash = Self.hash(utf8.baseAddress, utf8.count)
            let id = find(utf8.baseAddress, utf8.count, hash)
            return id >= 0 ? Symbol(id: id) : nil
        }
    }

    /// The string a symbol stands for. The symbol must come from this table.
    public func string(for symbol: Symbol) -> String {
        precondition(symbol.id >= 0 && Int(symbol.id) < strings.count, "symbol \(symbol.id) is not from this table")
        return strings[Int(symbol.id)]
    }

    /// True when the symbol's bytes equal `bytes` (used by decoders to skip hashing repeated names).
    @inline(__always)
    func matches(_ symbol: Symbol, _ pointer: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let id = Int(symbol.id)
        guard id >= 0 && id < strings.count else { return false }
        let start = starts[id]
        guard starts[id + 1] - start == count else { return false }
        return bytesEqual(arena + start, pointer, count)
    }

    /// If `symbol`'s name is plain and appears verbatim at `base[start...]` followed by '"',
    /// returns the index after that quote: the name matched in place, with no scan and no hash.
    @inline(__always)
    func matchInPlace(_ symbol: Symbol, _ base: UnsafePointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        let id = Int(symbol.id)
        guard id >= 0 && id < strings.count && plain[id] else { return nil }
        let s = starts[id]
        let n = starts[id &+ 1] &- s
        guard start &+ n < count, base[start &+ n] == UInt8(ascii: "\""), bytesEqual(arena + s, base + start, n) else { return nil }
        return start &+ n &+ 1
    }

    /// The symbol for these bytes, interning them only while the table holds fewer than `limit`
    /// symbols; nil when they are new and the table is full.
    @inline(__always)
    func symbol(pointer: UnsafePointer<UInt8>, count: Int, limit: Int) -> Symbol? {
        let hash = Self.hash(pointer, count)
        let found = find(pointer, count, hash)
        if found >= 0 { return Symbol(id: found) }
        guard strings.count < limit else { return nil }
        return insert(pointer, count, hash, nil)
    }

    @inline(__always)
    func symbol(pointer: UnsafePointer<UInt8>?, count: Int, string: String? = nil) -> Symbol {
        let hash = Self.hash(pointer, count)
        let found = find(pointer, count, hash)
        if found >= 0 { return Symbol(id: found) }
        return insert(pointer, count, hash, string)
    }

    @inline(__always)
    private func find(_ pointer: UnsafePointer<UInt8>?, _ count: Int, _ hash: UInt64) -> Int32 {
        var slot = Int(truncatingIfNeeded: hash) & slotMask
        while true {
            let id = slots[slot]
            if id < 0 { return -1 }
            let i = Int(id)
            if hashes[i] == hash {
                let start = starts[i]
                if starts[i &+ 1] &- start == count && (count == 0 || bytesEqual(arena + start, pointer!, count)) {
                    return id
                }
            }
            slot = (slot + 1) & slotMask
        }
    }

    private func insert(_ pointer: UnsafePointer<UInt8>?, _ count: Int, _ hash: UInt64, _ string: String?) -> Symbol {
        let id = strings.count
        precondition(id < Int(Int32.max), "symbol table is full")
        if id == symbolCapacity { growSymbols() }
        if arenaCount + count > arenaCapacity { growArena(minimum: arenaCount + count) }
        if count > 0 { (arena + arenaCount).update(from: pointer!, count: count) }
        arenaCount += count
        starts[id + 1] = arenaCount
        hashes[id] = hash
        plain[id] = UnsafeBufferPointer(start: pointer, count: count).allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }
        strings.append(string ?? String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self))
        if (id + 1) * 2 > slotMask + 1 { rehash(capacity: (slotMask + 1) * 2) } else { place(Int32(id), hash) }
        return Symbol(id: Int32(id))
    }

    private func place(_ id: Int32, _ hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & slotMask
        while slots[slot] >= 0 { slot = (slot + 1) & slotMask }
        slots[slot] = id
    }

    private func rehash(capacity: Int) {
        slots.deallocate()
        slotMask = capacity - 1
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: -1, count: capacity)
        for id in 0..<strings.count { place(Int32(id), hashes[id]) }
    }

    private func growSymbols() {
        let newCapacity = symbolCapacity * 2
        let newStarts = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity + 1)
        newStarts.update(from: starts, count: symbolCapacity + 1)
        starts.deallocate()
        starts = newStarts
        let newHashes = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity)
        newHashes.update(from: hashes, count: symbolCapacity)
        hashes.deallocate()
        hashes = newHashes
        let newPlain = UnsafeMutablePointer<Bool>.allocate(capacity: newCapacity)
        newPlain.update(from: plain, count: symbolCapacity)
        plain.deallocate()
        plain = newPlain
        symbolCapacity = newCapacity
    }

    private func growArena(minimum: Int) {
        var newCapacity = arenaCapacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        let newArena = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newArena.update(from: arena, count: arenaCount)
        arena.deallocate()
        arena = newArena
        arenaCapacity = newCapacity
    }

    /// A fast 64-bit hash of a byte string, eight bytes at a time (multiply-xorshift mixing).
    @inline(__always)
    static func hash(_ pointer: UnsafePointer<UInt8>?, _ count: Int) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(truncatingIfNeeded: count)
        guard let pointer, count > 0 else { return h &* 0x9E37_79B9_7F4A_7C15 }
        let raw = UnsafeRawPointer(pointer)
        var i = 0
        while i + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        if i < count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < count {
                tail |= UInt64(pointer[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ tail) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
        }
        h = h &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 31)
    }
}
