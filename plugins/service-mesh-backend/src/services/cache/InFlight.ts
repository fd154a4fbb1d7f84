/**
 * Identical concurrent calls joined into one: while a call for a key runs, every other call for that key
 * gets its promise. Nothing is kept once the call settles, so a later call runs anew.
 */
export class InFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  /** The call running for `key`, if any. */
  get(key: string): Promise<T> | undefined {
    return this.running.get(key);
  }

  /** Joins the call running for `key`, or starts `call` as it. */
  run(key: string, call: () => Promise<T>): Promise<T> {
    const pending = this.running.get(key);
    if (pending) return pending;
    const promise = call().finally(() => this.running.delete(key));
    this.running.set(key, promise);
    return promise;
  }
}
