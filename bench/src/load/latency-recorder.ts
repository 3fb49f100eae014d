/** Append-only store of latencies in ms, bounded: past `capacity` it keeps a uniform reservoir. */
export class LatencyRecorder {
  #values: Float64Array;
  #count = 0;
  #seen = 0;

  constructor(private readonly capacity = 2_000_000) {
    this.#values = new Float64Array(Math.min(65_536, capacity));
  }

  record(valueMs: number): void {
    this.#seen += 1;
    if (this.#count < this.capacity) {
      if (this.#count === this.#values.length) {
        const grown = new Float64Array(Math.min(this.capacity, this.#values.length * 2));
        grown.set(this.#values);
        this.#values = grown;
      }
      this.#values[this.#count++] = valueMs;
      return;
    }
    // Reservoir sampling (Algorithm R): every value seen so far stays with equal probability.
    const slot = Math.floor(Math.random() * this.#seen);
    if (slot < this.capacity) this.#values[slot] = valueMs;
  }

  values(): Float64Array {
    return this.#values.subarray(0, this.#count);
  }
}
