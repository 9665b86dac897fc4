import * as argon2 from 'argon2';

// Plain functions (no Nest) so the create-admin command hashes exactly as the api verifies.
export { MIN_PASSWORD_LENGTH } from './password-policy';

/**
 * OWASP's argon2id profile (19 MiB, 2 passes, 1 lane): a login costs tens of milliseconds on a small server instead of
 * hundreds, while staying memory-hard. Stored hashes carry their parameters, so raising these later still verifies
 * old hashes.
 */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false; // a malformed stored hash verifies nothing
  }
}

/** Verified against when the username is unknown, so response time does not tell which usernames exist. */
let dummyHash: Promise<string> | null = null;
export function timingDummyHash(): Promise<string> {
  return (dummyHash ??= hashPassword('timing-equaliser-not-a-password'));
}
