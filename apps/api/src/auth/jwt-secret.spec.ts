import { loadConfig } from '@app/config';
import { durationSeconds, jwtSecretFor } from './jwt-secret';

describe('jwtSecretFor', () => {
  it('refuses to boot without JWT_SECRET outside demo mode, naming the variable', () => {
    expect(() => jwtSecretFor(loadConfig({}))).toThrow(/JWT_SECRET/);
  });
  it('uses the configured secret', () => {
    expect(jwtSecretFor(loadConfig({ JWT_SECRET: 's'.repeat(32) }))).toBe('s'.repeat(32));
  });
  it('makes a per-process secret in demo mode when none is given', () => {
    const secret = jwtSecretFor(loadConfig({ DEMO_MODE: 'true' }));
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(jwtSecretFor(loadConfig({ DEMO_MODE: 'true' }))).toBe(secret);
  });
});

describe('durationSeconds', () => {
  it.each([['15m', 900], ['900s', 900], ['12h', 43200], ['7d', 604800], ['1500ms', 2]])('%s → %d', (d, s) => expect(durationSeconds(d)).toBe(s));
});
