// Term ids by open addressing over typed arrays: the lookups a day's ranking makes per term (its idf, its weight,
// whether it was read) without a Map's or a Set's per-entry cost. Pure.

const EMPTY = 0;

/** A fixed set of term ids (signed 32-bit), each with its index in the list it was built from: arrays beside it hold
 * what each id stands for (a weight, an idf), so one lookup serves them all. */
export class IdIndex {
  private readonly keys: Int32Array;
  /** 0: empty slot; otherwise 1 + the id's index. */
  private readonly used: Int32Array;
  private readonly mask: number;

  /** `ids` each once (a repeated id keeps its last index). */
  constructor(ids: ArrayLike<number>) {
    let capacity = 16;
    while (capacity < ids.length * 2) capacity *= 2;
    // Locals, not fields, in the loop: the constructor runs once per day and is not optimised by then.
    const mask = capacity - 1;
    const keys = new Int32Array(capacity);
    const used = new Int32Array(capacity);
    for (let index = 0; index < ids.length; index += 1) {
      const id = ids[index] ?? 0;
      let slot = spread(id) & mask;
      while (used[slot] !== EMPTY && keys[slot] !== id) slot = (slot + 1) & mask;
      keys[slot] = id;
      used[slot] = index + 1;
    }
    this.mask = mask;
    this.keys = keys;
    this.used = used;
  }

  /** The id's index in the list the index was built from, or -1. */
  indexOf(id: number): number {
    let slot = spread(id) & this.mask;
    for (;;) {
      const at = this.used[slot] ?? EMPTY;
      if (at === EMPTY) return -1;
      if (this.keys[slot] === id) return at - 1;
      slot = (slot + 1) & this.mask;
    }
  }
}

/** Mixes an id's bits so ids alike in their low bits do not crowd one run of slots (murmur3's finaliser). */
function spread(id: number): number {
  let bits = id ^ (id >>> 16);
  bits = Math.imul(bits, 0x85ebca6b);
  bits ^= bits >>> 13;
  bits = Math.imul(bits, 0xc2b2ae35);
  return bits ^ (bits >>> 16);
}

/** A growing set of term ids by open addressing: a day's 300,000 term occurrences deduplicated without a Set. */
export class IdSet {
  private keys = new Int32Array(1024);
  private used = new Uint8Array(1024);
  private mask = 1023;
  size = 0;

  constructor(ids: Iterable<number> = []) {
    for (const id of ids) this.add(id);
  }

  /** Adds `id`; true when it was not in the set yet. */
  add(id: number): boolean {
    let slot = spread(id) & this.mask;
    while (this.used[slot] === 1) {
      if (this.keys[slot] === id) return false;
      slot = (slot + 1) & this.mask;
    }
    this.keys[slot] = id;
    this.used[slot] = 1;
    this.size += 1;
    if (this.size * 2 > this.mask) this.grow();
    return true;
  }

  private grow(): void {
    const { keys, used } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.used = new Uint8Array(keys.length * 2);
    this.mask = keys.length * 2 - 1;
    this.size = 0;
    for (let slot = 0; slot < keys.length; slot += 1) if (used[slot] === 1) this.add(keys[slot] ?? 0);
  }
}

/**
 * A day's term occurrences as indexes into its distinct ids: `distinct` holds each id once in the order first met,
 * `slots[at]` the index of `ids[at]` among them. One lookup per occurrence, made once, so scoring a paper looks
 * nothing up by id (TermScorer.prepare keeps each distinct id's idf and place in the model at its index).
 */
export interface InternedIds {
  distinct: Int32Array;
  slots: Int32Array;
}

/** Interns `ids` (see InternedIds) through one growing open-addressing table. */
export function internIds(ids: Int32Array): InternedIds {
  let capacity = 1024;
  let keys: Int32Array = new Int32Array(capacity);
  /** 0: empty slot; otherwise 1 + the id's index in `distinct`. */
  let indexes: Int32Array = new Int32Array(capacity);
  let distinct: Int32Array = new Int32Array(256);
  let size = 0;
  const slots = new Int32Array(ids.length);
  for (let at = 0; at < ids.length; at += 1) {
    const id = ids[at] ?? 0;
    let slot = spread(id) & (capacity - 1);
    let index = indexes[slot] ?? 0;
    while (index !== 0 && keys[slot] !== id) {
      slot = (slot + 1) & (capacity - 1);
      index = indexes[slot] ?? 0;
    }
    if (index === 0) {
      if (size === distinct.length) distinct = grownTo(distinct, size * 2);
      distinct[size] = id;
      size += 1;
      index = size;
      keys[slot] = id;
      indexes[slot] = index;
      if (size * 2 > capacity) {
        capacity *= 2;
        ({ keys, indexes } = rehashed(distinct, size, capacity));
      }
    }
    slots[at] = index - 1;
  }
  return { distinct: distinct.subarray(0, size), slots };
}

function grownTo(array: Int32Array, length: number): Int32Array {
  const grown = new Int32Array(length);
  grown.set(array);
  return grown;
}

/** The table of internIds for its first `size` distinct ids, at `capacity` slots. */
function rehashed(
  distinct: Int32Array,
  size: number,
  capacity: number,
): { keys: Int32Array; indexes: Int32Array } {
  const keys = new Int32Array(capacity);
  const indexes = new Int32Array(capacity);
  for (let index = 0; index < size; index += 1) {
    const id = distinct[index] ?? 0;
    let slot = spread(id) & (capacity - 1);
    while (indexes[slot] !== 0) slot = (slot + 1) & (capacity - 1);
    keys[slot] = id;
    indexes[slot] = index + 1;
  }
  return { keys, indexes };
}
