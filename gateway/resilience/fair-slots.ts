/**
 * A subgraph's call slots, shared fairly between callers: while several callers want slots, none
 * holds more than its share (the slots divided by the callers holding or waiting for one), so one
 * caller's burst of expensive documents queues behind itself instead of in front of everyone.
 * A caller alone may use every slot.
 */
export class FairSlots {
  private readonly held = new Map<string, number>();
  private readonly waiting: { caller: string; grant: () => void }[] = [];
  private inUse = 0;

  constructor(readonly size: number) {}

  /** Resolves once `caller` may send; call the returned function when the call is over. */
  async acquire(caller: string): Promise<() => void> {
    if (this.mayTake(caller)) this.take(caller);
    else await new Promise<void>((grant) => this.waiting.push({ caller, grant }));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse -= 1;
      const left = (this.held.get(caller) ?? 1) - 1;
      if (left > 0) this.held.set(caller, left);
      else this.held.delete(caller);
      this.grantNext();
    };
  }

  /** Slots in use by `caller` now (for tests and metrics). */
  heldBy(caller: string): number {
    return this.held.get(caller) ?? 0;
  }

  private share(): number {
    const callers = new Set([...this.held.keys(), ...this.waiting.map((w) => w.caller)]);
    return Math.max(1, Math.floor(this.size / Math.max(1, callers.size)));
  }

  private mayTake(caller: string): boolean {
    return this.inUse < this.size && this.heldBy(caller) < this.share();
  }

  private take(caller: string): void {
    this.inUse += 1;
    this.held.set(caller, this.heldBy(caller) + 1);
  }

  /** The longest-waiting call whose caller is under its share goes next. */
  private grantNext(): void {
    for (let i = 0; i < this.waiting.length && this.inUse < this.size; ) {
      const next = this.waiting[i];
      if (this.heldBy(next.caller) < this.share()) {
        this.waiting.splice(i, 1);
        this.take(next.caller);
        next.grant();
      } else i += 1;
    }
  }
}
