// What tests that talk to an org through jsforce share: signing in and creating records.
import assert from 'node:assert/strict';
import jsforce, { type Connection } from 'jsforce';

/** A jsforce connection signed in through SOAP login, as the connector and the sf CLI do. */
export async function signIn(
  org: { url: string },
  username = 'admin@localorg.test',
  password = 'localorg'
): Promise<Connection> {
  const conn = new jsforce.Connection({ loginUrl: org.url, version: '62.0' });
  await conn.login(username, password);
  return conn;
}

/** Creates one record and returns its Id, failing the test if the save fails. */
export async function createRecord(
  conn: Connection,
  type: string,
  values: Record<string, unknown>
): Promise<string> {
  const result = await conn.sobject(type).create(values);
  assert.ok(result.success, JSON.stringify(result));
  return result.id as string;
}
