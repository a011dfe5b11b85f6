// Term id → number, by open addressing over typed arrays: the lookups a day's ranking makes per term (document
// frequency, model weight) without a Map's per-entry cost. Pure.

const EMPTY = 0;

/** A fixed set of term ids (signed 32-bit) with one number each; ids not in it read as `missing`. */
export class IdTable {
  private readonly keys: Int32Array;
  /** 0: empty slot; otherwise 1 + the index of the id's value. */
  private readonly used: Int32Array;
  private readonly values: Float64Array;
  private readonly mask: number;

  /** `entries` with each id once; a repeated id keeps its last value. */
  constructor(
    entries: Iterable<readonly [number, number]>,
    private readonly missing = 0,
  ) {
    const list = [...entries];
    let capacity = 16;
    while (capacity < list.length * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.keys = new Int32Array(capacity);
    this.used = new Int32Array(capacity);
    this.values = new Float64Array(list.length);
    list.forEach(([id, value], index) => {
      let slot = spread(id) & this.mask;
      while (this.used[slot] !== EMPTY && this.keys[slot] !== id) slot = (slot + 1) & this.mask;
      this.keys[slot] = id;
      this.used[slot] = index + 1;
      this.values[index] = value;
    });
  }

  get(id: number): number {
    let slot = spread(id) & this.mask;
    for (;;) {
      const at = this.used[slot] ?? EMPTY;
      if (at === EMPTY) return this.missing;
      if (this.keys[slot] === id) return this.values[at - 1] ?? this.missing;
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
