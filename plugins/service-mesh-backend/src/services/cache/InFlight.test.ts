import { InFlight } from './InFlight';

describe('InFlight', () => {
  it('joins concurrent calls of a key, runs anew once the call settled', async () => {
    const flights = new InFlight<number>();
    let calls = 0;
    let release!: (n: number) => void;
    const call = () => {
      calls += 1;
      return new Promise<number>(resolve => {
        release = resolve;
      });
    };
    const first = flights.run('k', call);
    const second = flights.run('k', call);
    expect(flights.get('k')).toBe(first);
    expect(flights.get('other')).toBeUndefined();
    release(7);
    await expect(Promise.all([first, second])).resolves.toEqual([7, 7]);
    expect(calls).toBe(1);
    expect(flights.get('k')).toBeUndefined();
    const third = flights.run('k', call);
    release(8);
    await expect(third).resolves.toBe(8);
    expect(calls).toBe(2);
  });

  it('passes a failure to every joined caller and keeps nothing of it', async () => {
    const flights = new InFlight<number>();
    const failing = flights.run('k', () => Promise.reject(new Error('down')));
    const joined = flights.run('k', () => Promise.resolve(1));
    await expect(failing).rejects.toThrow('down');
    await expect(joined).rejects.toThrow('down');
    await expect(flights.run('k', () => Promise.resolve(2))).resolves.toBe(2);
  });
});
