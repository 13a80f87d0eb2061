// Append-only typed-array buffers: the grid build does not know its entry counts up front, and
// plain JS arrays of numbers would cost several times the memory and a copy at the end anyway.

export class GrowableInt32 {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index];
  }

  /** Exact-length copy, so the index does not keep the doubling slack alive. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }

  private grow(): void {
    const next = new Int32Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
}

export class GrowableFloat64 {
  private data = new Float64Array(4096);
  length = 0;

  push4(a: number, b: number, c: number, d: number): void {
    if (this.length + 4 > this.data.length) this.grow();
    const at = this.length;
    this.data[at] = a;
    this.data[at + 1] = b;
    this.data[at + 2] = c;
    this.data[at + 3] = d;
    this.length += 4;
  }

  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }

  private grow(): void {
    const next = new Float64Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
}
