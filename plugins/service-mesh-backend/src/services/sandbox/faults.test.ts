import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxFaults } from './faults';

describe('SandboxFaults', () => {
  it('refuses the calls of a source while the file says it is down, re-reading it every 200 ms', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sandbox-faults-')), 'f.json');
    let now = 0;
    const faults = new SandboxFaults(file, () => now);
    const api = faults.wrap('kiali', {
      name: 'kiali',
      status: async (x: number) => x * 2,
    });
    // No file: no fault.
    await expect(api.status(2)).resolves.toBe(4);
    writeFileSync(file, JSON.stringify({ kiali: 'down', argocd: 'up' }));
    now = 199;
    await expect(api.status(2)).resolves.toBe(4);
    now = 200;
    await expect(api.status(2)).rejects.toMatchObject({
      source: 'kiali',
      state: 'unreachable',
      message: 'Kiali is unreachable: the sandbox faults file says it is down',
    });
    expect(api.name).toBe('kiali');
    expect(faults.isDown('argocd')).toBe(false);
    writeFileSync(file, '{}');
    now = 400;
    await expect(api.status(3)).resolves.toBe(6);
    writeFileSync(file, 'not json');
    now = 600;
    expect(faults.isDown('kiali')).toBe(false);
  });
});
