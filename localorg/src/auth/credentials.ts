// Passwords for the local org's users, hashed with scrypt and kept in a table of their
// own: they are never a field of User, so no query or describe can reach them.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Db } from '../store/db.ts';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

export interface Credentials {
  setPassword(userId: string, password: string): Promise<void>;
  /** The user's Id when the username and password match an active user. */
  verify(username: string, password: string): Promise<string | undefined>;
}

export async function createCredentials(db: Db): Promise<Credentials> {
  await db.exec(
    `create table if not exists localorg_credentials (user_id text primary key, salt bytea not null, hash bytea not null)`
  );
  return {
    async setPassword(userId, password) {
      const salt = randomBytes(16);
      const hash = await scryptAsync(password, salt, 32);
      await db.query(
        `insert into localorg_credentials (user_id, salt, hash) values ($1, $2, $3)
         on conflict (user_id) do update set salt = excluded.salt, hash = excluded.hash`,
        [userId, salt, hash]
      );
    },
    async verify(username, password) {
      const { rows } = await db.query<{ id: string; salt: Uint8Array; hash: Uint8Array }>(
        `select u.id, c.salt, c.hash from "user" u join localorg_credentials c on c.user_id = u.id
         where lower(u.username) = lower($1) and u.isactive and not u.isdeleted`,
        [username]
      );
      const row = rows[0];
      if (!row) return undefined;
      const hash = await scryptAsync(password, Buffer.from(row.salt), 32);
      return timingSafeEqual(hash, Buffer.from(row.hash)) ? row.id : undefined;
    }
  };
}
