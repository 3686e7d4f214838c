/**
 * A loop's sleep that a notification cuts short. A wake that comes while the loop is busy is kept,
 * so the next wait returns at once: work announced during a batch is never slept through.
 */
export class Wakeup {
  private pending = false;
  private waiting: (() => void) | null = null;
  private timer: NodeJS.Timeout | undefined;

  wake(): void {
    const waiting = this.waiting;
    if (!waiting) {
      this.pending = true;
      return;
    }
    this.waiting = null;
    clearTimeout(this.timer);
    waiting();
  }

  /** Resolves after `ms`, or as soon as `wake` is called (at once if it was called since the last wait). */
  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.timer = setTimeout(() => {
        this.waiting = null;
        resolve();
      }, ms);
    });
  }
}
