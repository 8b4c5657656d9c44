/**
 * Seeded pseudo-random numbers for the synthetic data generator.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128-bit state, passes
 * PractRand, and costs a handful of 32-bit operations per draw. Every customer gets its own
 * stream, derived from (seed, customer index), so a customer's rows do not depend on how many
 * customers came before it or on batch sizes, and a 128-bit state keeps a million streams
 * apart (a 32-bit generator such as mulberry32 would give some customers identical streams,
 * hence identical uuids).
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream named by a seed and any number of integer keys (customer index, purpose…). */
  constructor(seed: number | string, ...keys: number[]) {
    const s = typeof seed === "number" ? seed >>> 0 : hashString(seed);
    this.a = mix32(s ^ 0x9e3779b9);
    this.b = mix32((keys[0] ?? 0) + 0x6a09e667);
    this.c = mix32(((keys[1] ?? 0) ^ mix32(keys[2] ?? 0)) + 0xbb67ae85);
    this.d = 1; // sfc32's counter: guarantees a period of at least 2^32 from any state.
    // The first outputs of a freshly keyed state are correlated with the keys; discard them.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  /** Uniform real in [min, max). */
  real(min: number, max: number): number {
    return min + this.float() * (max - min);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)];
  }

  /** Picks by relative weight; for hot paths build a `WeightedTable` once instead. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    return new WeightedTable(entries).pick(this);
  }

  /** Approximately normal (sum of four uniforms, so no tails beyond ±3.5σ, and no Math.log). */
  normal(mean = 0, sd = 1): number {
    const sum = this.float() + this.float() + this.float() + this.float();
    // Four U(0,1) have mean 2 and variance 1/3.
    return mean + sd * (sum - 2) * 1.7320508075688772;
  }

  /** Log-normal with the given median: long right tail, for bills, durations and counts. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma));
  }

  /**
   * When set, `uuid()` starts every id with these 32 bits instead of random ones (and marks it
   * version 8, "custom", per RFC 9562). The generator sets it to the customer's position in
   * insertion order, so the ids of a bulk load arrive in ascending order, as time-ordered
   * UUIDv7s do: B-tree inserts land on the right edge instead of random pages, which keeps a
   * 20M-row load's index maintenance and WAL (full-page images) small.
   */
  idPrefix: number | null = null;

  /** An RFC 9562 uuid drawn from this stream, so ids are repeatable: version 4, or 8 with `idPrefix`. */
  uuid(): string {
    const prefix = this.idPrefix;
    const w0 = prefix === null ? this.next() : prefix >>> 0;
    const w1 = (this.next() & 0xffff0fff) | (prefix === null ? 0x00004000 : 0x00008000); // version
    const w2 = ((this.next() & 0x3fffffff) | 0x80000000) >>> 0; // variant 10xx
    const w3 = this.next();
    const h1 = hex8(w1);
    const h2 = hex8(w2);
    return `${hex8(w0)}-${h1.slice(0, 4)}-${h1.slice(4)}-${h2.slice(0, 4)}-${h2.slice(4)}${hex8(w3)}`;
  }

  /** `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.float() * alphabet.length)];
    return out;
  }

  /** A string of `length` decimal digits (leading zeros allowed). */
  digits(length: number): string {
    return this.chars("0123456789", length);
  }
}

/** Precomputed cumulative weights: O(log n) picks without re-summing on every draw. */
export class WeightedTable<T> {
  private readonly values: T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new RangeError("WeightedTable needs at least one entry");
    this.values = entries.map(([value]) => value);
    this.cumulative = new Float64Array(entries.length);
    let total = 0;
    entries.forEach(([, weight], i) => {
      if (!(weight >= 0)) throw new RangeError("weights must be non-negative");
      total += weight;
      this.cumulative[i] = total;
    });
    if (total <= 0) throw new RangeError("weights must not all be zero");
    this.total = total;
  }

  pick(random: Random): T {
    const x = random.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }
}

/** FNV-1a over UTF-16 code units: turns a textual `--seed` into 32 bits. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
export function mix32(x: number): number {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
function hex8(x: number): string {
  return HEX[(x >>> 24) & 255] + HEX[(x >>> 16) & 255] + HEX[(x >>> 8) & 255] + HEX[x & 255];
}
