/** A column of names stored as numbers: per flow, the position of its name in `names`. */
export class NumberedNames {
  readonly ids: number[] = [];
  readonly names: string[] = [];
  private readonly numbers = new Map<string, number>();

  set(index: number, name: string): void {
    let n = this.numbers.get(name);
    if (n === undefined) {
      n = this.names.length;
      this.names.push(name);
      this.numbers.set(name, n);
    }
    this.ids[index] = n;
  }
}
