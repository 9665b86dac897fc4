import * as argon2 from 'argon2';

// Plain functions (no Nest) so the create-admin command hashes exactly as the api verifies.
export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
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
