import { DataSource } from 'typeorm';
import { AuditLog, User } from '@app/persistence';
import { hashPassword } from '../auth/password';

/** Creates an admin account unless the username is taken; returns whether it did. Used by `npm run create-admin`. */
export async function createAdminAccount(ds: DataSource, username: string, password: string): Promise<boolean> {
  if (await ds.getRepository(User).existsBy({ username })) return false;
  const passwordHash = await hashPassword(password);
  await ds.transaction(async (m) => {
    const user = await m.save(m.create(User, { username, passwordHash, role: 'admin', countyId: null, townshipId: null, displayName: username }));
    await m.save(m.create(AuditLog, { actorLabel: 'create-admin', action: 'user.create_admin', entityType: 'user', entityId: user.id, after: { username, role: 'admin' } }));
  });
  return true;
}
