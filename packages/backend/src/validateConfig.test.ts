import { ConfigReader } from '@backstage/config';
import { validateConfig } from './validateConfig';

const valid = {
  app: { baseUrl: 'http://localhost:3000' },
  backend: {
    baseUrl: 'http://localhost:7007',
    listen: { port: 7007 },
    database: { client: 'better-sqlite3', connection: ':memory:' },
  },
};

describe('validateConfig', () => {
  it('accepts a valid config', async () => {
    await expect(validateConfig(new ConfigReader(valid))).resolves.toBeUndefined();
  });

  it('names the config path of an unknown database client', async () => {
    const config = new ConfigReader({
      ...valid,
      backend: { ...valid.backend, database: { client: 'mongodb' } },
    });
    await expect(validateConfig(config)).rejects.toThrow(
      /allowed values .* at \/backend\/database\/client/,
    );
  });

  it('names the config path of a value of the wrong type', async () => {
    const config = new ConfigReader({ ...valid, catalog: { rules: 'allow everything' } });
    await expect(validateConfig(config)).rejects.toThrow(/must be array .*at \/catalog\/rules/);
  });
});
