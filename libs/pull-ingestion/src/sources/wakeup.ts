/** A sleep that another party can cut short: `wait(ms)` resolves on `wake()` or after `ms`. */
export class Wakeup {
  private waiter?: () => void;

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.waiter = done;
    });
  }

  wake(): void {
    const fn = this.waiter;
    this.waiter = undefined;
    fn?.();
  }
}
